from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "fupin.registry"
    label = "registry"
    verbose_name = "建档立卡"
