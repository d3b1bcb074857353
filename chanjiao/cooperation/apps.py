from django.apps import AppConfig


class CooperationConfig(AppConfig):
    name = "chanjiao.cooperation"
    label = "cooperation"
    verbose_name = "Cooperation"

    def ready(self) -> None:
        from chanjiao.core.history_filters import private_rows

        from .permissions import document_rows

        private_rows("cooperation.AgreementDocument", document_rows)
