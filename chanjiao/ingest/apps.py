from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "chanjiao.ingest"
    label = "ingest"
    verbose_name = "Ingest"
