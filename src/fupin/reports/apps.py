from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "fupin.reports"
    label = "reports"
    verbose_name = "工作报告与典型案例"

    def ready(self) -> None:
        from fupin.reports.annual import jobs  # noqa: F401
