from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "fupin.registry"
    label = "registry"
    verbose_name = "建档立卡"

    def ready(self) -> None:
        from fupin.registry import jobs  # noqa: F401  (registers the job kinds)
