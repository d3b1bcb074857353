from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class IngestConfig(AppConfig):
    name = "chanjiao.ingest"
    label = "ingest"
    verbose_name = pgettext_lazy("app", "新闻入库")
