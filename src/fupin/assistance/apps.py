from django.apps import AppConfig


class AssistanceConfig(AppConfig):
    name = "fupin.assistance"
    label = "assistance"
    verbose_name = "帮扶工作"

    def ready(self) -> None:
        from fupin.assistance import jobs  # noqa: F401  (registers the job kinds)
