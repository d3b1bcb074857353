from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "chanjiao.registry"
    label = "registry"
    verbose_name = "Registry"
