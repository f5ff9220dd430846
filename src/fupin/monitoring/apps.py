from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "fupin.monitoring"
    label = "monitoring"
    verbose_name = "防止返贫监测"

    def ready(self) -> None:
        from fupin.monitoring import feed_jobs  # noqa: F401  (registers the job kind)
