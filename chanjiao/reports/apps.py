from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class ReportsConfig(AppConfig):
    """报表: the pages that gather from several domains — the home page, the history API across
    every kind of object. The top layer: it may read every app below it, nothing imports it."""

    name = "chanjiao.reports"
    label = "reports"
    verbose_name = pgettext_lazy("app", "年度工作")

    def ready(self) -> None:
        from . import history_rows
        from .panels import register

        register()
        history_rows.register()
