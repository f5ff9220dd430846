"""Writes of findings and their rectification (问题整改): a finding and the tasks its issuer
sets; the owner's measures, evidence and report of completion; the issuer's sign-off (销号)
and reopening (重新整改).

Every service checks its input and who acts before writing, runs in one transaction, leaves
a history row (subject ``finding`` or ``rectification``) and bumps the version. Refusals are
fupin.core.errors: NotAllowed (who acts), FieldInvalid (a field of the form or API body),
InvalidInput (the task's state). `actor` None is the system (commands, the demo): it acts for
any issuer and owner. Who sees what is :mod:`fupin.supervision.finding_access`'s.
"""

from fupin.supervision.findings.common import FINDING, TASK
from fupin.supervision.findings.create import finding_create, rectification_add
from fupin.supervision.findings.work import (
    evidence_add,
    rectification_reopen,
    rectification_sign_off,
    rectification_submit,
    rectification_update,
)

__all__ = [
    "FINDING",
    "TASK",
    "evidence_add",
    "finding_create",
    "rectification_add",
    "rectification_reopen",
    "rectification_sign_off",
    "rectification_submit",
    "rectification_update",
]
