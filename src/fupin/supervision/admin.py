from fupin.supervision import finding_admin, verification_admin  # noqa: F401  (registers)
