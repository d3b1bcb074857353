from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class CooperationConfig(AppConfig):
    name = "chanjiao.cooperation"
    label = "cooperation"
    verbose_name = pgettext_lazy("app", "合作")

    def ready(self) -> None:
        from chanjiao.core.history_filters import private_rows

        from .permissions import document_rows

        private_rows("cooperation.AgreementDocument", document_rows)
