from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class EventsConfig(AppConfig):
    name = "chanjiao.events"
    label = "events"
    verbose_name = pgettext_lazy("app", "活动")

    def ready(self) -> None:
        from chanjiao.core.history_filters import private_rows

        from .selectors_registration import registration_rows
        from .visibility import connect

        connect()
        private_rows("events.Registration", registration_rows)
