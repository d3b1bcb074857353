from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class AccountsConfig(AppConfig):
    name = "chanjiao.accounts"
    label = "accounts"
    verbose_name = pgettext_lazy("app", "账号与权限")

    def ready(self) -> None:
        # Core's generic readers (history, list exports, the API's acting user) sit below
        # accounts: they reach the personal-data rule and API tokens through these seams.
        from chanjiao.core import api
        from chanjiao.core import privacy as core_privacy

        from . import history_rows, language, privacy  # noqa: F401 (language: its receiver)
        from .api import user_for_token

        history_rows.register()
        core_privacy.install(privacy)
        api.set_token_resolver(user_for_token)
