from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "chanjiao.events"
    label = "events"
    verbose_name = "Events"
