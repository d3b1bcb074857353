from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "chanjiao.accounts"
    label = "accounts"
    verbose_name = "Accounts"
