from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "chanjiao.core"
    label = "core"
    verbose_name = "Core"
