from django.apps import AppConfig


class CooperationConfig(AppConfig):
    name = "chanjiao.cooperation"
    label = "cooperation"
    verbose_name = "Cooperation"
