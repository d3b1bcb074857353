"""Every event read that is more than ``.get()``, scoped to what the actor may see."""

from __future__ import annotations

from django.db.models import BooleanField, ExpressionWrapper, Prefetch, QuerySet, Value

from chanjiao.accounts.permissions import visible_body_q
from chanjiao.core import panels
from chanjiao.core.selectors import search
from chanjiao.registry.models import Body
from chanjiao.registry.selectors import visible_bodies

from .models import AgendaItem, Ceremony, Event, EventOrganization
from .visibility import visible_event_q


def visible_events(actor) -> QuerySet[Event]:
    """Published events of published bodies, plus every event of a body the actor has a role
    in (all, for admins): see :func:`chanjiao.events.visibility.visible_event_q`."""
    return Event.objects.filter(visible_event_q(actor))


def event_list(
    *,
    actor,
    q: str | None = None,
    kind: str | None = None,
    body: int | None = None,
    organization: int | None = None,
    year: int | None = None,
    city: str | None = None,
) -> QuerySet[Event]:
    """Events, newest first; ``q`` searches name, theme, venue and city."""
    qs = search(visible_events(actor), q, ["name", "theme", "venue", "city"])
    if kind:
        qs = qs.filter(kind=kind)
    # Filters through bodies and roles are subqueries, not joins: an event comes once without
    # DISTINCT, which would sort every event before the first page could be read.
    if body:
        qs = qs.filter(pk__in=Event.bodies.through.objects.filter(body_id=body).values("event_id"))
    if organization:
        holders = EventOrganization.objects.filter(organization_id=organization)
        qs = qs.filter(pk__in=holders.values("event_id"))
    if year:
        qs = qs.filter(starts_on__year=year)
    if city:
        qs = qs.filter(city__icontains=city)
    return qs.prefetch_related(_visible_holders(actor))


def body_events(*, actor, body: int, limit: int) -> tuple[list[Event], int]:
    """A body's latest ``limit`` events the actor may see, and how many it may see in all.

    Each event carries ``cj_holder_count``: how many holders the actor may see (a body's page
    marks co-held events; it needs no holder rows). The total is counted only when the page is
    full."""
    from django.db.models import Count, IntegerField, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    holders = (
        Event.bodies.through.objects.filter(event_id=OuterRef("pk"), body__in=visible_bodies(actor))
        .order_by()
        .values("event_id")
        .annotate(n=Count("body_id"))
        .values("n")
    )
    events = event_list(actor=actor, body=body).prefetch_related(None)
    latest = list(
        events.annotate(
            cj_holder_count=Coalesce(Subquery(holders, output_field=IntegerField()), 0)
        )[:limit]
    )
    total = events.order_by().count() if len(latest) == limit else len(latest)
    return latest, total


def _visible_holders(actor) -> Prefetch:
    """An event's holding bodies the actor may see, marked so the API need not check them one
    by one (chanjiao.registry.api.only_visible_bodies)."""
    holders = visible_bodies(actor).annotate(cj_visible=Value(True, output_field=BooleanField()))
    return Prefetch("bodies", queryset=holders)


def _marked_holders(actor) -> Prefetch:
    """Every holding body, each marked whether the actor may see it: the detail's object may be
    written back (its snapshot must hold every holder), the API shows only the visible ones
    without a query per body."""
    rule = visible_body_q(actor)
    mark = ExpressionWrapper(rule, output_field=BooleanField()) if rule else Value(True)
    return Prefetch("bodies", queryset=Body.objects.annotate(cj_visible=mark))


def event_detail(*, actor, pk: int) -> Event:
    """One event with its roles, agenda and ceremonies loaded (404 if not visible)."""
    from django.shortcuts import get_object_or_404

    qs = visible_events(actor).prefetch_related(
        _marked_holders(actor),
        Prefetch(
            "participations",
            queryset=EventOrganization.objects.select_related("organization"),
        ),
        Prefetch(
            "agenda_items",
            queryset=AgendaItem.objects.select_related("speaker", "speaker_organization"),
        ),
        "ceremonies__recipients",
        *outcome_prefetches(actor, "ceremonies__"),
    )
    return get_object_or_404(qs, pk=pk)


# --- what a ceremony produced: agreements and carriers (cooperation) ----------------------------

#: The panels (:mod:`chanjiao.core.panels`) that give the agreements and carriers a reader may
#: see. Cooperation sits above events, so its scoped lists (``agreement_list``,
#: ``carrier_list``) are handed down by the apps above under the keys of :data:`OUTCOMES`;
#: without them no agreement or carrier is shown, rather than one of an unpublished body.
OUTCOMES_PAGE = "events.event_detail"
#: Each relation of a ceremony to what it produced, and the panel key of its scoped rows.
OUTCOMES = {"agreements": "ceremony_agreements", "carriers": "ceremony_carriers"}


def _seen_outcomes(actor) -> dict[str, QuerySet]:
    given = panels.context(OUTCOMES_PAGE, actor=actor)
    seen = {}
    for relation, key in OUTCOMES.items():
        rows = given.get(key)
        if rows is None:
            rows = Ceremony._meta.get_field(relation).related_model._default_manager.none()
        seen[relation] = rows.prefetch_related(None)
    return seen


def outcome_prefetches(actor, prefix: str = "") -> list[Prefetch]:
    """Load each ceremony's agreements and carriers the actor may see as ``cj_agreements``
    and ``cj_carriers`` (lists); ``prefix`` is the path to the ceremonies (``"ceremonies__"``
    from events)."""
    return [
        Prefetch(f"{prefix}{relation}", queryset=rows, to_attr=f"cj_{relation}")
        for relation, rows in _seen_outcomes(actor).items()
    ]


def ceremony_outcomes(ceremony: Ceremony, relation: str, *, actor) -> list:
    """The ceremony's ``agreements`` or ``carriers`` the actor may see: those loaded by
    :func:`outcome_prefetches`, else read now."""
    loaded = getattr(ceremony, f"cj_{relation}", None)
    if loaded is not None:
        return loaded
    return list(_seen_outcomes(actor)[relation].filter(ceremony=ceremony))


def organization_participations(*, actor, organization) -> QuerySet[EventOrganization]:
    """The roles a unit had in events the actor may see, newest event first."""
    from django.db.models import F

    return (
        EventOrganization.objects.filter(organization=organization, event__in=visible_events(actor))
        .select_related("event")
        .order_by(F("event__starts_on").desc(nulls_last=True), "event__name", "role")
    )


def person_agenda_items(*, actor, person) -> QuerySet[AgendaItem]:
    """A person's speeches and reports at events the actor may see, newest first."""
    from django.db.models import F

    return (
        AgendaItem.objects.filter(speaker=person, event__in=visible_events(actor))
        .select_related("event", "speaker_organization")
        .order_by(F("event__starts_on").desc(nulls_last=True), "order")
    )
