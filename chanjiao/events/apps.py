from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "chanjiao.events"
    label = "events"
    verbose_name = "Events"

    def ready(self) -> None:
        from .visibility import connect

        connect()
