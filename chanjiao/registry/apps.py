from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class RegistryConfig(AppConfig):
    name = "chanjiao.registry"
    label = "registry"
    verbose_name = pgettext_lazy("app", "产教融合体与名录")

    def ready(self) -> None:
        # Accounts sits below the registry; its permission rule and a body's user management
        # ask these registry facts through chanjiao.accounts.directory.
        from chanjiao.accounts import directory

        from . import selectors

        directory.install(
            member_organization_ids=selectors.member_organization_ids,
            body_detail=selectors.body_detail,
            member_units=selectors.member_units,
            bodies_in_regions=selectors.bodies_in_regions,
        )
