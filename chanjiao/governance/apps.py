from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    """治理: a body's decision rules, its organs' meetings, motions, votes and resolutions, and
    the sanctions short of removal. Above the domains it acts on (admissions, charters)."""

    name = "chanjiao.governance"
    label = "governance"
    verbose_name = "Governance"

    def ready(self) -> None:
        from .history_rows import register

        register()
