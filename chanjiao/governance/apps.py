from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class GovernanceConfig(AppConfig):
    """治理: a body's decision rules, its organs' meetings, motions, votes and resolutions, and
    the sanctions short of removal. Above the domains it acts on (admissions, charters)."""

    name = "chanjiao.governance"
    label = "governance"
    verbose_name = pgettext_lazy("app", "治理")

    def ready(self) -> None:
        from .history_rows import register

        register()
