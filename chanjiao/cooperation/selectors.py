"""Every agreement and carrier read that is more than ``.get()``."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from chanjiao.accounts.privacy import redacted
from chanjiao.core.selectors import search
from chanjiao.registry.selectors import visible_bodies

from .models import Agreement, Carrier


def _in_visible_bodies(qs: QuerySet, actor) -> QuerySet:
    # Agreements and carriers filed under an unpublished body stay hidden with it.
    return qs.filter(Q(body__isnull=True) | Q(body__in=visible_bodies(actor)))


def agreement_list(
    *,
    actor,
    q: str | None = None,
    kind: str | None = None,
    body: int | None = None,
    organization: int | None = None,
    event: int | None = None,
    year: int | None = None,
    status: str | None = None,
) -> QuerySet[Agreement]:
    """Agreements, newest first; ``q`` searches the title and the parties' names."""
    qs = search(
        _in_visible_bodies(Agreement.objects.all(), actor),
        q,
        ["title", "parties__name", "parties__short_name"],
    )
    if kind:
        qs = qs.filter(kind=kind)
    if body:
        qs = qs.filter(body_id=body)
    if organization:
        qs = qs.filter(parties__id=organization)
    if event:
        qs = qs.filter(event_id=event)
    if year:
        qs = qs.filter(signed_on__year=year)
    if status:
        qs = qs.filter(status=status)
    qs = qs.select_related("body", "event").prefetch_related("parties").distinct()
    # Internal notes only for the parties, the body's secretariat and admins.
    return redacted(qs, actor)


def carrier_list(
    *,
    actor,
    q: str | None = None,
    kind: str | None = None,
    body: int | None = None,
    organization: int | None = None,
    year: int | None = None,
) -> QuerySet[Carrier]:
    """Carriers; ``q`` searches the name and the owners' names."""
    qs = search(
        _in_visible_bodies(Carrier.objects.all(), actor),
        q,
        ["name", "owners__name", "owners__short_name"],
    )
    if kind:
        qs = qs.filter(kind=kind)
    if body:
        qs = qs.filter(body_id=body)
    if organization:
        qs = qs.filter(owners__id=organization)
    if year:
        qs = qs.filter(founded_on__year=year)
    return qs.select_related("body", "agreement").prefetch_related("owners").distinct()
