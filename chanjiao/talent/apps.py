from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class TalentConfig(AppConfig):
    name = "chanjiao.talent"
    label = "talent"
    verbose_name = pgettext_lazy("app", "人才供需")

    def ready(self) -> None:
        from .history_rows import register

        register()
