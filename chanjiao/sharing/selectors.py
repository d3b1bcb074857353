"""Every read of sharing that is more than ``.get()``: the catalogue, bookings, calendars, feeds
and the usage figures (使用统计), scoped to what the actor may see."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, replace

from django.db.models import (
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Sum,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from chanjiao.accounts.privacy import redacted
from chanjiao.core.selectors import search

from .lists import local_time
from .models import Booking, Resource, UnitCalendar
from .permissions import may_see_booking_details, visible_booking_q, visible_resource_q


def resource_list(
    *,
    actor,
    q: str | None = None,
    kind: str | None = None,
    body: int | None = None,
    owner: int | None = None,
    active: bool | None = None,
) -> QuerySet[Resource]:
    """Resources the actor may see, by name; ``q`` searches the name, description, location
    and the owner's names. The contact (联系人) is blanked for readers the privacy rule does not
    allow (the owner's contacts, the body's secretariat, admins)."""
    qs = search(
        Resource.objects.filter(visible_resource_q(actor)),
        q,
        ["name", "description", "location", "owner__name", "owner__short_name"],
    )
    if kind:
        qs = qs.filter(kind=kind)
    if body:
        qs = qs.filter(body_id=body)
    if owner:
        qs = qs.filter(owner_id=owner)
    if active is not None:
        qs = qs.filter(is_active=active)
    return redacted(qs.select_related("owner", "body").prefetch_related("photos"), actor)


def booking_list(
    *,
    actor,
    resource: int | None = None,
    organization: int | None = None,
    status: str | None = None,
    starts_after: datetime.date | datetime.datetime | None = None,
    starts_before: datetime.date | datetime.datetime | None = None,
) -> QuerySet[Booking]:
    """Bookings whose details the actor may see (their resource's managers, the body's role
    holders, the requesting unit and the requester), by start time; ``starts_after`` and
    ``starts_before`` bound the start (a date: its local midnight)."""
    qs = Booking.objects.filter(visible_booking_q(actor))
    if resource:
        qs = qs.filter(resource_id=resource)
    if organization:
        qs = qs.filter(organization_id=organization)
    if status:
        qs = qs.filter(status=status)
    if starts_after:
        qs = qs.filter(starts_at__gte=local_time(starts_after))
    if starts_before:
        qs = qs.filter(starts_at__lt=local_time(starts_before))
    return qs.select_related(
        "resource__owner", "resource__body", "organization", "requested_by", "decided_by"
    ).order_by("starts_at", "pk")


@dataclass
class CalendarEntry:
    """One booking on a calendar: ``booking`` is None when the reader may only see that the
    slot is taken (its times, quantity and status)."""

    starts_at: datetime.datetime
    ends_at: datetime.datetime
    status: str
    status_label: str
    quantity: int
    resource: Resource
    booking: Booking | None = None
    #: As shown on one day (:meth:`on`): its part of that day, and whether it goes on from the
    #: day before (``continued``) or into the next (``continues``).
    time_label: str = ""
    continued: bool = False
    continues: bool = False

    @property
    def pk(self) -> int | None:
        return self.booking.pk if self.booking is not None else None

    def on(self, day: datetime.date) -> CalendarEntry:
        """This entry clipped to the local ``day``: "10:00–12:00", "10:00–24:00" when it goes
        on overnight, "全天" for a day it covers whole."""
        zone = timezone.get_current_timezone()
        midnight = datetime.datetime.combine(day, datetime.time.min, tzinfo=zone)
        next_midnight = datetime.datetime.combine(
            day + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
        )
        start = max(timezone.localtime(self.starts_at, zone), midnight)
        end = min(timezone.localtime(self.ends_at, zone), next_midnight)
        if start == midnight and end == next_midnight:
            label = _("全天")
        else:
            label = f"{start:%H:%M}–{'24:00' if end == next_midnight else f'{end:%H:%M}'}"
        return replace(
            self,
            time_label=label,
            continued=self.starts_at < midnight,
            continues=self.ends_at > next_midnight,
        )


def resource_calendar(
    *, actor, resource: Resource, start: datetime.datetime, end: datetime.datetime
) -> list[CalendarEntry]:
    """The active and past granted bookings of ``resource`` that meet ``[start, end)``; the
    details of those the actor may see, the rest as taken slots."""
    rows = (
        resource.bookings.filter(starts_at__lt=end, ends_at__gt=start)
        .exclude(status__in=[Booking.Status.DECLINED, Booking.Status.CANCELLED])
        .select_related("organization", "requested_by", "resource")
        .order_by("starts_at", "pk")
    )
    return [_entry(actor, b) for b in rows]


def unit_calendar(
    *, actor, organization, start: datetime.datetime, end: datetime.datetime
) -> list[CalendarEntry]:
    """A unit's calendar: what it booked and what was booked of its resources, within
    ``[start, end)`` (declined and cancelled left out)."""
    rows = (
        Booking.objects.filter(Q(organization=organization) | Q(resource__owner=organization))
        .filter(starts_at__lt=end, ends_at__gt=start)
        .exclude(status__in=[Booking.Status.DECLINED, Booking.Status.CANCELLED])
        .select_related("organization", "requested_by", "resource")
        .order_by("starts_at", "pk")
    )
    return [_entry(actor, b) for b in rows]


def _entry(actor, booking: Booking) -> CalendarEntry:
    return CalendarEntry(
        starts_at=booking.starts_at,
        ends_at=booking.ends_at,
        status=booking.status,
        status_label=booking.get_status_display(),
        quantity=booking.quantity,
        resource=booking.resource,
        booking=booking if may_see_booking_details(actor, booking) else None,
    )


#: What a calendar feed holds: from a month back to a year ahead.
FEED_PAST = datetime.timedelta(days=31)
FEED_AHEAD = datetime.timedelta(days=366)


def feed_bookings(*, resource: Resource | None = None, organization=None) -> QuerySet[Booking]:
    """The bookings of a calendar feed (no reader: whoever holds its address reads it):
    pending, confirmed and used ones of the resource, or those the unit made and those of its
    resources, from a month back to a year ahead."""
    now = timezone.now()
    qs = Booking.objects.filter(
        status__in=[Booking.Status.PENDING, Booking.Status.CONFIRMED, Booking.Status.USED],
        ends_at__gt=now - FEED_PAST,
        starts_at__lt=now + FEED_AHEAD,
    )
    if resource is not None:
        qs = qs.filter(resource=resource)
    else:
        qs = qs.filter(Q(organization=organization) | Q(resource__owner=organization))
    return qs.select_related("resource", "organization").order_by("starts_at", "pk")


def resource_for_feed(token: str) -> Resource | None:
    return Resource.objects.filter(feed_token=token).select_related("owner").first()


def unit_calendar_for_feed(token: str) -> UnitCalendar | None:
    return UnitCalendar.objects.filter(feed_token=token).select_related("organization").first()


# --- usage figures --------------------------------------------------------------------------


@dataclass
class UsageRow:
    """One unit's use of a body's shared resources in a year (None: people booking for
    themselves)."""

    organization_id: int | None
    name: str
    bookings: int = 0
    hours: float = 0.0
    places: int = 0
    place_hours: float = 0.0
    no_shows: int = 0
    cancelled: int = 0


@dataclass
class Usage:
    """使用统计 of a body's resources in a year: per requesting unit, and in total."""

    body_id: int
    year: int
    rows: list[UsageRow] = field(default_factory=list)
    total: UsageRow = field(default_factory=lambda: UsageRow(None, ""))
    resources: int = 0
    by_kind: list[tuple[str, str, int, float]] = field(default_factory=list)


def _hours(value: datetime.timedelta | None) -> float:
    return round(value.total_seconds() / 3600, 2) if value else 0.0


def resource_usage(*, body, year: int) -> Usage:
    """Hours and places booked by unit, no-shows and cancellations for the resources offered
    in ``body``, of the bookings starting in ``year`` (local time).

    Counted: bookings that were granted (confirmed, used, no-show); ``hours`` is their length,
    ``places`` their quantity and ``place_hours`` both multiplied (a 30-seat room for two hours
    is 60 place-hours). Unscoped: the caller checks
    :func:`chanjiao.sharing.permissions.can_read_usage` (reports read it the same way)."""
    zone = timezone.get_current_timezone()
    start = datetime.datetime(year, 1, 1, tzinfo=zone)
    end = datetime.datetime(year + 1, 1, 1, tzinfo=zone)
    bookings = Booking.objects.filter(
        resource__body=body, starts_at__gte=start, starts_at__lt=end
    ).order_by()
    length = ExpressionWrapper(F("ends_at") - F("starts_at"), output_field=DurationField())
    granted = Q(status__in=Booking.GRANTED)
    per_unit = bookings.values("organization_id", "organization__name").annotate(
        n=Count("pk", filter=granted),
        length=Sum(length, filter=granted),
        places=Sum("quantity", filter=granted),
        no_shows=Count("pk", filter=Q(status=Booking.Status.NO_SHOW)),
        cancelled=Count("pk", filter=Q(status=Booking.Status.CANCELLED)),
    )
    # Place-hours: each granted booking's length times its quantity (summed in Python: a
    # duration times an integer is spelt differently on each database).
    place_hours: dict[int | None, float] = {}
    for org, starts, ends, quantity in bookings.filter(granted).values_list(
        "organization_id", "starts_at", "ends_at", "quantity"
    ):
        place_hours[org] = (
            place_hours.get(org, 0.0) + (ends - starts).total_seconds() / 3600 * quantity
        )
    usage = Usage(body_id=getattr(body, "pk", body), year=year)
    for row in per_unit:
        org = row["organization_id"]
        if not (row["n"] or row["no_shows"] or row["cancelled"]):
            continue  # only pending requests: nothing used yet
        usage.rows.append(
            UsageRow(
                organization_id=org,
                name=row["organization__name"] or "",
                bookings=row["n"],
                hours=_hours(row["length"]),
                places=row["places"] or 0,
                place_hours=round(place_hours.get(org, 0.0), 2),
                no_shows=row["no_shows"],
                cancelled=row["cancelled"],
            )
        )
    usage.rows.sort(key=lambda r: (-r.hours, -r.bookings, r.name))
    total = usage.total
    for r in usage.rows:
        total.bookings += r.bookings
        total.hours = round(total.hours + r.hours, 2)
        total.places += r.places
        total.place_hours = round(total.place_hours + r.place_hours, 2)
        total.no_shows += r.no_shows
        total.cancelled += r.cancelled
    usage.resources = Resource.objects.filter(body=body).count()
    kinds = dict(Resource.Kind.choices)
    for row in (
        bookings.filter(granted)
        .values("resource__kind")
        .annotate(n=Count("pk"), length=Sum(length))
        .order_by("resource__kind")
    ):
        kind = row["resource__kind"]
        usage.by_kind.append((kind, str(kinds.get(kind, kind)), row["n"], _hours(row["length"])))
    return usage
