from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "fupin.supervision"
    label = "supervision"
    verbose_name = "评估检查与问题整改"

    def ready(self) -> None:
        from fupin.supervision import verification_jobs  # noqa: F401  (registers the job kind)
