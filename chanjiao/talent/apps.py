from django.apps import AppConfig


class TalentConfig(AppConfig):
    name = "chanjiao.talent"
    label = "talent"
    verbose_name = "Talent"

    def ready(self) -> None:
        from .history_rows import register

        register()
