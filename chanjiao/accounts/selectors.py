"""Reads of the accounts app."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import ApiToken


def api_token_list(*, actor) -> QuerySet[ApiToken]:
    """The actor's own API tokens, newest first (none for an anonymous visitor)."""
    if not getattr(actor, "is_authenticated", False):
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user=actor).order_by("revoked", "-created_at")
