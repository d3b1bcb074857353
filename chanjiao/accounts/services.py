"""Writes of the accounts app: users with their roles, and API tokens (API 令牌)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from chanjiao.accounts.models import ApiToken, BodyRole, OrganizationContact, hash_token
from chanjiao.accounts.permissions import is_platform_admin, require
from chanjiao.core.changelog import create_object, record_change, update_object
from chanjiao.core.models import ObjectChange


def api_token_create(*, actor, name: str) -> tuple[ApiToken, str]:
    """Issue a new API token for ``actor``; returns the token and its raw value.

    The raw value is shown once: only its SHA-256 hash is stored.
    """
    require(
        getattr(actor, "is_authenticated", False),
        _("请先登录 / sign in first"),
    )
    raw = ApiToken.generate()
    token = create_object(
        ApiToken,
        actor=actor,
        data={
            "user": actor,
            "name": (name or "").strip(),
            "prefix": raw[:8],
            "key_hash": hash_token(raw),
        },
    )
    return token, raw


def api_token_revoke(*, actor, token: ApiToken) -> ApiToken:
    """Revoke a token (吊销); the owner or a platform admin may do this. Idempotent."""
    require(
        getattr(actor, "is_authenticated", False)
        and (token.user_id == actor.pk or is_platform_admin(actor)),
        _("只能吊销自己的令牌 / you may only revoke your own tokens"),
    )
    if token.revoked:
        return token
    return update_object(token, actor=actor, data={"revoked": True})


def account_ensure(
    *,
    actor,
    username: str,
    password: str | None = None,
    admin: bool = False,
    secretariat_of=None,
    contact_of=None,
    reset_password: bool = False,
):
    """A user with this name, created when missing, with the given roles added.

    For operators (the CLI's ``createuser`` and the demo loader) acting on the machine itself,
    so it checks no web permission.

    The creation and every role are written to the change log (never the password). An
    existing user's password is only changed when ``reset_password`` is set. Returns
    (user, created).
    """
    User = get_user_model()
    with transaction.atomic():
        user = User.objects.filter(username=username).first()
        created = user is None
        if created:
            user = User(username=username, is_superuser=admin, is_staff=admin)
            if password:
                user.set_password(password)
            else:
                user.set_unusable_password()
            user.save()
            record_change(
                actor=actor if getattr(actor, "pk", None) else user,
                action=ObjectChange.Action.CREATE,
                obj=user,
                before=None,
                after={"username": username, "is_superuser": admin, "is_staff": admin},
            )
        else:
            changed = {}
            if admin and not (user.is_superuser and user.is_staff):
                before = {"is_superuser": user.is_superuser, "is_staff": user.is_staff}
                user.is_superuser = user.is_staff = True
                changed = {"before": before, "after": {"is_superuser": True, "is_staff": True}}
            if password and reset_password:
                user.set_password(password)
            user.save()
            if changed:
                record_change(actor=actor, action=ObjectChange.Action.UPDATE, obj=user, **changed)
        actor = actor if getattr(actor, "pk", None) else user
        if secretariat_of is not None:
            role = BodyRole.objects.filter(user=user, body=secretariat_of).first()
            if role is None:
                create_object(
                    BodyRole,
                    actor=actor,
                    data={
                        "user": user,
                        "body": secretariat_of,
                        "kind": BodyRole.Kind.SECRETARIAT,
                    },
                    related=secretariat_of,
                )
            elif role.kind != BodyRole.Kind.SECRETARIAT:
                update_object(
                    role,
                    actor=actor,
                    data={"kind": BodyRole.Kind.SECRETARIAT},
                    related=secretariat_of,
                )
        if (
            contact_of is not None
            and not OrganizationContact.objects.filter(user=user, organization=contact_of).exists()
        ):
            create_object(
                OrganizationContact,
                actor=actor,
                data={"user": user, "organization": contact_of},
                related=contact_of,
            )
    return user, created
