"""Writes of the accounts app: API tokens (API 令牌)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from chanjiao.accounts.models import ApiToken, hash_token
from chanjiao.accounts.permissions import is_platform_admin, require
from chanjiao.core.changelog import create_object, update_object


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
