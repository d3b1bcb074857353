"""Who reads the accounts' rows filed under a body's or a unit's history (see
:func:`chanjiao.core.history_filters.private_rows`): who was invited, who signed up, who holds a
role, whose password-reset link was made and who speaks for a unit are read by those who
manage them, not by every reader of the body. An invitation's link token is a credential: its
hash is never shown."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from chanjiao.core.history import describe_key, private_fields
from chanjiao.core.history_filters import private_rows

from .permissions import can_edit_organization, can_manage_users, is_platform_admin


def _is(scope, label: str) -> bool:
    return scope._meta.label_lower == label


def _users_of_body(viewer, scope) -> bool:
    """Invitations, roles and accounts (a sign-up, a password-reset link): the body's user
    managers (its secretariat, admins)."""
    if _is(scope, "registry.body"):
        return can_manage_users(viewer, scope)
    return is_platform_admin(viewer)


def _contacts_of_unit(viewer, scope) -> bool:
    """A unit's contacts: those who may correct the unit (its contacts, the secretariat that
    registered it, admins)."""
    if _is(scope, "registry.organization"):
        return can_edit_organization(viewer, scope)
    return is_platform_admin(viewer)


def _nobody(viewer, obj, data) -> bool:
    return False


def register() -> None:
    private_rows("accounts.Invitation", _users_of_body)
    private_rows("accounts.BodyRole", _users_of_body)
    private_rows("accounts.OrganizationContact", _contacts_of_unit)
    private_rows(settings.AUTH_USER_MODEL, _users_of_body)
    private_fields("accounts.Invitation", ["token_hash"], _nobody)
    describe_key(settings.AUTH_USER_MODEL, "password_reset_link", lambda: _("生成了重置密码链接"))
