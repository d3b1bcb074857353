"""Every agreement and carrier read that is more than ``.get()``."""

from __future__ import annotations

import datetime

from django.db.models import Count, Exists, F, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chanjiao.accounts.permissions import (
    contact_organization_ids,
    is_platform_admin,
    secretariat_body_ids,
)
from chanjiao.accounts.privacy import redacted
from chanjiao.core.selectors import search
from chanjiao.registry.selectors import visible_bodies

from .models import Agreement, AgreementDocument, Carrier, CarrierMilestone


def _in_visible_bodies(qs: QuerySet, actor, units: str) -> QuerySet:
    # Agreements and carriers filed under an unpublished body stay hidden with it, except from
    # the contacts of their own units (the parties, the owners: ``units``).
    seen = Q(body__isnull=True) | Q(body__in=visible_bodies(actor))
    own = contact_organization_ids(actor) if not is_platform_admin(actor) else ()
    if own:
        through = qs.model._meta.get_field(units).remote_field.through
        column = f"{qs.model._meta.model_name}_id"
        seen |= Q(pk__in=through.objects.filter(organization_id__in=own).values(column))
    return qs.filter(seen)


def signed_agreements(qs: QuerySet[Agreement] | None = None) -> QuerySet[Agreement]:
    """The agreements that count as signed (签订协议) in every report and indicator: any status
    but 拟定 (a draft's ``signed_on`` is only a planned date), with a signing date. Ended,
    renewed and terminated agreements were signed, so they count."""
    qs = Agreement.objects.all() if qs is None else qs
    return qs.exclude(status=Agreement.Status.DRAFT).filter(signed_on__isnull=False)


def carriers_standing_on(day: datetime.date) -> QuerySet[Carrier]:
    """The carriers that stand on ``day``: founded by then (or with no founding date recorded)
    and not closed (撤销) on or before it."""
    closed = CarrierMilestone.objects.filter(
        carrier=OuterRef("pk"), kind=CarrierMilestone.Kind.CLOSED, done_on__lte=day
    )
    return Carrier.objects.filter(
        Q(founded_on__isnull=True) | Q(founded_on__lte=day), ~Exists(closed)
    )


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
        _in_visible_bodies(Agreement.objects.all(), actor, "parties"),
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
    state: str | None = None,
    level: str | None = None,
) -> QuerySet[Carrier]:
    """Carriers; ``q`` searches the name and the owners' names; ``organization`` is an owner
    (共建单位), ``state`` the state its milestones give, ``level`` its highest recognition."""
    qs = search(
        _in_visible_bodies(Carrier.objects.all(), actor, "owners"),
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
    if state:
        qs = qs.filter(state=state)
    if level:
        qs = qs.filter(level=level)
    return qs.select_related("body", "agreement").prefetch_related("owners").distinct()


def agreement_chain(agreement: Agreement, *, actor) -> list[Agreement]:
    """The renewals (续签) ``agreement`` belongs to, oldest first, as far as the actor sees."""
    seen = agreement_list(actor=actor)
    chain = [agreement]
    earlier = agreement
    while earlier.renewed_from_id is not None:
        earlier = seen.filter(pk=earlier.renewed_from_id).first()
        if earlier is None or earlier in chain:
            break
        chain.insert(0, earlier)
    later = agreement
    while True:
        later = seen.filter(renewed_from=later).first()
        if later is None or later in chain:
            break
        chain.append(later)
    return chain


def milestones_of(carrier: Carrier) -> QuerySet[CarrierMilestone]:
    return carrier.milestones.select_related("recorded_by")


def timeline(carrier: Carrier, today: datetime.date | None = None) -> dict:
    """The carrier's milestones as its page shows them: done (by date) and planned, the
    overdue marked (``m.overdue``)."""
    today = today or timezone.localdate()
    done, planned = [], []
    for m in milestones_of(carrier):
        m.overdue = m.is_overdue(today)
        (done if m.done_on else planned).append(m)
    return {"done": done, "planned": planned, "overdue": sum(m.overdue for m in planned)}


# --- the secretariat's to-do list -----------------------------------------------------------


#: Why an agreement needs attention, by code.
ATTENTION = {
    "expiring": _("即将到期"),
    "no_document": _("没有协议文本"),
    "past_end": _("已过到期日仍标为有效"),
    "inactive": _("12个月无动态"),
}
_OPEN = (Agreement.Status.SIGNED, Agreement.Status.IN_FORCE, Agreement.Status.EXPIRING)


def _run_bodies(qs: QuerySet, actor) -> QuerySet:
    if is_platform_admin(actor):
        return qs
    return qs.filter(body_id__in=secretariat_body_ids(actor))


def agreements_needing_attention(*, actor, today: datetime.date | None = None) -> list[Agreement]:
    """Agreements of the bodies the actor runs as secretariat (admins: all) that are expiring,
    have no document, are past their end while still marked signed or in force, or show no
    activity (no change, no document) for 12 months. Each row has ``reasons``: ``[(code,
    label)]`` (codes of :data:`ATTENTION`). One query."""
    if not getattr(actor, "is_authenticated", False):
        return []
    today = today or timezone.localdate()
    quiet_since = timezone.now() - datetime.timedelta(days=365)
    documents = AgreementDocument.objects.filter(agreement=OuterRef("pk"))
    last_upload = documents.order_by().values("agreement").annotate(m=Max("uploaded_at"))
    qs = (
        _run_bodies(Agreement.objects.all(), actor)
        .annotate(
            has_document=Exists(documents),
            last_activity=Greatest(
                "updated_at", Coalesce(Subquery(last_upload.values("m")[:1]), F("updated_at"))
            ),
        )
        .filter(status__in=(*_OPEN, Agreement.Status.DRAFT))
        .filter(
            Q(status=Agreement.Status.EXPIRING)
            | Q(status__in=_OPEN, has_document=False)
            | Q(status__in=_OPEN, ends_on__lt=today)
            | Q(last_activity__lt=quiet_since)
        )
        .select_related("body")
        .order_by(F("ends_on").asc(nulls_last=True), "title", "pk")
    )
    rows = []
    for agreement in qs:
        reasons = []
        open_ = agreement.status in _OPEN
        if agreement.status == Agreement.Status.EXPIRING:
            reasons.append("expiring")
        if open_ and not agreement.has_document:
            reasons.append("no_document")
        if open_ and agreement.ends_on is not None and agreement.ends_on < today:
            reasons.append("past_end")
        if agreement.last_activity < quiet_since:
            reasons.append("inactive")
        agreement.reasons = [(code, ATTENTION[code]) for code in reasons]
        rows.append(agreement)
    return rows


def carriers_with_overdue_milestones(
    *, actor, today: datetime.date | None = None
) -> QuerySet[Carrier]:
    """Carriers of the bodies the actor runs as secretariat (admins: all) with a milestone
    planned and past its date, not done; each with ``overdue_count`` and
    ``overdue_milestones`` (earliest first). Two queries."""
    if not getattr(actor, "is_authenticated", False):
        return Carrier.objects.none()
    today = today or timezone.localdate()
    overdue = Q(milestones__done_on__isnull=True, milestones__due_on__lt=today)
    return (
        _run_bodies(Carrier.objects.all(), actor)
        .annotate(overdue_count=Count("milestones", filter=overdue))
        .filter(overdue_count__gt=0)
        .select_related("body")
        .prefetch_related(
            Prefetch(
                "milestones",
                queryset=CarrierMilestone.objects.filter(
                    done_on__isnull=True, due_on__lt=today
                ).order_by("due_on", "pk"),
                to_attr="overdue_milestones",
            )
        )
        .order_by("name", "pk")
    )
