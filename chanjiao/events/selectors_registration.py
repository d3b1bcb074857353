"""Every read of registration (报名), scoped to who asks.

Who sees what:

- the **organisers** of an event — the secretariat of a body that holds it (the same right that
  edits the event, :func:`chanjiao.accounts.permissions.can_edit_event`) and admins — see every
  registration of the event with its personal details, check people in, print badges and
  export the attendee list;
- a **unit's contact** sees and manages the registrations of its own unit(s) only;
- everybody who may see the event sees its registration settings and the counts (places left,
  how many checked in), never a registrant.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chanjiao.accounts.permissions import (
    can_edit_event,
    contact_organization_ids,
    is_platform_admin,
)
from chanjiao.accounts.privacy import redacted
from chanjiao.core.selectors import search

from .models import Event, Registration, RegistrationSettings


def may_organise(actor, event: Event) -> bool:
    """The event's organisers: the secretariat of a holding body, or an admin."""
    return bool(actor is not None and can_edit_event(actor, event))


def may_manage(actor, registration: Registration) -> bool:
    """Cancel or read a registration: the event's organisers and the contact of its unit."""
    if may_organise(actor, registration.event):
        return True
    return (
        registration.organization_id is not None
        and registration.organization_id in contact_organization_ids(actor)
    )


def registration_rows(viewer, scope):
    """Which registrations' rows ``viewer`` reads in an event's history: all of them for its
    organisers, else its own units' (as :func:`registration_list`); a registration carries who
    came and, before, its ticket."""
    if isinstance(scope, Event) and may_organise(viewer, scope):
        return True
    if is_platform_admin(viewer):
        return True
    return Registration.objects.filter(organization_id__in=contact_organization_ids(viewer))


def may_register(actor, event: Event) -> bool:
    """Register people: the organisers (anyone), or a unit's contact (its own people)."""
    return may_organise(actor, event) or bool(contact_organization_ids(actor))


def settings_of(event: Event) -> RegistrationSettings | None:
    """The event's registration settings, or ``None`` when it takes no registrations."""
    try:
        settings = event.registration
    except RegistrationSettings.DoesNotExist:
        return None
    return settings if settings.pk is not None else None  # not an unsaved form's instance


class State:
    """Where registration stands (报名状态)."""

    NOT_YET_OPEN = "not_yet_open"
    OPEN = "open"
    CLOSED = "closed"
    ERASED = "erased"

    LABELS = {
        NOT_YET_OPEN: _("尚未开始"),
        OPEN: _("报名中"),
        CLOSED: _("已截止"),
        ERASED: _("已结束（个人信息已删除）"),
    }


def event_starts_at(event: Event) -> datetime.datetime | None:
    """When the event starts: the beginning of its first day (site time), if known."""
    if event.starts_on is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(event.starts_on, datetime.time.min))


def closes_at(settings: RegistrationSettings) -> datetime.datetime | None:
    """When registration closes: the time set, else the event's start, and never after the
    event's start (an event moved earlier closes its registration with it)."""
    start = event_starts_at(settings.event)
    if settings.closes_at is None:
        return start
    return settings.closes_at if start is None else min(settings.closes_at, start)


def registration_state(settings: RegistrationSettings, now: datetime.datetime | None = None) -> str:
    """``open``, ``not_yet_open``, ``closed`` or ``erased`` at ``now``."""
    now = now or timezone.now()
    if settings.personal_data_erased_at is not None:
        return State.ERASED
    end = closes_at(settings)
    if end is not None and now >= end:
        return State.CLOSED  # also when it was to open later: the event has begun
    if settings.opens_at is not None and now < settings.opens_at:
        return State.NOT_YET_OPEN
    return State.OPEN


@dataclass(frozen=True)
class Counts:
    """How many registrations of an event are in each state (签到: checked in)."""

    confirmed: int = 0
    waitlisted: int = 0
    pending: int = 0
    declined: int = 0
    cancelled: int = 0
    checked_in: int = 0

    def places_left(self, capacity: int | None) -> int | None:
        return None if capacity is None else max(capacity - self.confirmed, 0)


def registration_counts(event: Event | int) -> Counts:
    """The event's registrations counted by status, and how many checked in (one query)."""
    S = Registration.Status
    figures = Registration.objects.filter(event=event).aggregate(
        confirmed=Count("pk", filter=Q(status=S.CONFIRMED)),
        waitlisted=Count("pk", filter=Q(status=S.WAITLISTED)),
        pending=Count("pk", filter=Q(status=S.PENDING)),
        declined=Count("pk", filter=Q(status=S.DECLINED)),
        cancelled=Count("pk", filter=Q(status=S.CANCELLED)),
        checked_in=Count("pk", filter=Q(checked_in_at__isnull=False)),
    )
    return Counts(**figures)


def registration_list(
    *,
    actor,
    event: Event,
    q: str | None = None,
    status: str | None = None,
    organization: int | None = None,
    check_in: str | None = None,
) -> QuerySet[Registration]:
    """The event's registrations the actor may see (all for its organisers, its own units'
    for a unit's contact, none for anybody else), in the order they came; ``q`` searches the
    name, title, phone and e-mail (all of them readable by whoever sees the row)."""
    qs = Registration.objects.filter(event=event).select_related("organization")
    if not may_organise(actor, event):
        qs = qs.filter(organization_id__in=contact_organization_ids(actor))
    qs = search(qs, q, ["name", "title", "phone", "email", "organization__name"])
    if status:
        qs = qs.filter(status=status)
    if organization:
        qs = qs.filter(organization_id=organization)
    if check_in in ("checked_in", "not_checked_in"):
        qs = qs.filter(checked_in_at__isnull=check_in == "not_checked_in")
    return redacted(qs.order_by("created_at", "pk"), actor)


def waitlist_positions(event: Event) -> dict[int, int]:
    """Each waitlisted registration's place in the queue (1 is promoted first)."""
    queue = Registration.objects.filter(
        event=event, status=Registration.Status.WAITLISTED
    ).order_by("waitlisted_at", "pk")
    return {pk: i for i, pk in enumerate(queue.values_list("pk", flat=True), start=1)}


def registration_for_code(code: str) -> Registration | None:
    """The registration whose ticket code this is (any case, spaces and dashes ignored)."""
    code = normalise_code(code)
    if not code:
        return None
    return (
        Registration.objects.select_related("event", "organization")
        .filter(ticket_code=code)
        .first()
    )


def normalise_code(code: str) -> str:
    """A ticket code as typed or scanned, as stored: upper case, without spaces or dashes; a
    scanned ticket link (…/tickets/CODE/) gives its code."""
    text = (code or "").strip()
    if "/tickets/" in text:
        text = text.rstrip("/").rsplit("/", 1)[-1]
    text = "".join(ch for ch in text if ch not in " -\t\r\n").upper()
    if len(text) > 32 or not text.isascii() or not text.isalnum():
        return ""
    return text


def attendance_of(event: Event) -> int | None:
    """签到人数 from check-ins when the event takes registrations, else ``None`` (the page then
    shows the attendance recorded on the event)."""
    if settings_of(event) is None:
        return None
    return Registration.objects.filter(event=event, checked_in_at__isnull=False).count()
