"""REST endpoints of sharing: resources (共享资源) and their bookings (预约).

``/resources`` lists, reads and writes the catalogue (the owner unit's contacts and the body's
secretariat write); ``POST /resources/{id}/bookings`` requests a booking — 201 with status
``pending`` (the owner confirms) or ``confirmed``, 409 with the reason when the places are gone
or the slot is taken; ``/bookings/{id}/confirm|decline|cancel|used|no-show`` move it on;
``/resources/{id}/calendar?from=&to=`` is its calendar, as the web calendar shows it. Reads
go through the selectors (a booking's details only for those who may see them), writes through
the services.
"""

import datetime
from typing import Annotated

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status
from pydantic import Strict

from chanjiao.accounts.privacy import personal_value
from chanjiao.core.api import (
    READ_ERRORS,
    WRITE_ERRORS,
    ApiPagination,
    actor,
    call_service,
    get_or_404,
    rows_for,
)
from chanjiao.core.crud_api import Actions, Crud
from chanjiao.core.schemas import ErrorOut, Id, InputSchema, OutSchema, RefOut, Text, choice
from chanjiao.registry.models import Organization
from chanjiao.registry.selectors import member_or_visible_bodies

from . import selectors, services
from .lists import BOOKING_FILTERS, RESOURCE_FILTERS, RESOURCES
from .models import Booking, Resource

router = Router()

#: A date inside a list: JSON has no date type, so a string is read as one (as
#: :class:`~chanjiao.core.schemas.InputSchema` does for fields that are dates themselves).
LaxDate = Annotated[datetime.date, Strict(False)]

#: The most days ``GET /resources/{id}/calendar`` answers at once.
CALENDAR_DAYS = 366

RESOURCES_TAG = "resources"
BOOKINGS_TAG = "bookings"


def _bodies(request, *parent):
    """The bodies an input may name: those the reader sees, and those its units are members
    of (a member's contact offers resources in its body, published or not)."""
    return member_or_visible_bodies(actor(request))


# === resources ================================================================================


class ResourceHoursIn(InputSchema):
    """One opening interval (开放时段) of one weekday."""

    weekday: int = Field(ge=1, le=7, description="ISO weekday: 1 is Monday, 7 Sunday.")
    opens: datetime.time = Field(description="Local time, HH:MM.")
    closes: datetime.time = Field(description="Local time, HH:MM; after `opens`.")


class ResourceHoursOut(Schema):
    weekday: int
    opens: str
    closes: str


class ResourceIn(InputSchema):
    """A shared resource a member unit offers in a body."""

    name: Text
    kind: choice(Resource.Kind)
    owner: Id = Field(description="Id of the unit that offers it (a current member of `body`).")
    body: Id = Field(description="Id of the body it is offered in.")
    description: Text = ""
    location: Text = ""
    capacity_mode: choice(Resource.CapacityMode) = Field(
        Resource.CapacityMode.EXCLUSIVE.value,
        description="`exclusive`: one booking at a time; `counted`: `capacity` places at any "
        "one time, shared by several bookings.",
    )
    capacity: int = Field(1, ge=1, le=100_000, description="Places (1 for exclusive).")
    opening_hours: list[ResourceHoursIn] = Field(
        default_factory=list,
        max_length=100,
        description="Intervals a booking must lie within (one per booking); none: any time.",
    )
    closed_dates: list[LaxDate] = Field(
        default_factory=list, max_length=1000, description="Days nothing may be booked."
    )
    approval_required: bool = Field(
        True, description="Requests wait for the owner's confirmation (else confirmed at once)."
    )
    audience: choice(Resource.Audience) = Field(
        Resource.Audience.BODY.value,
        description="Who may book: `body` the body's member units, `owner_bodies` the member "
        "units of every body the owner is in, `public` any signed-in user.",
    )
    is_active: bool = Field(True, description="Open to new bookings.")
    contact_name: Text = ""
    contact_phone: Text = ""
    contact_email: Text = ""


class ResourceOut(OutSchema):
    id: int
    name: str
    kind: str
    kind_label: str
    owner: RefOut
    body: RefOut
    description: str
    location: str
    capacity_mode: str
    capacity_mode_label: str
    capacity: int
    opening_hours: list[ResourceHoursOut]
    closed_dates: list[datetime.date]
    approval_required: bool
    audience: str
    audience_label: str
    is_active: bool
    contact_name: str | None = Field(
        description="Personal data: null unless the reader is the owner's contact, the body's "
        "secretariat or an admin."
    )
    contact_phone: str | None
    contact_email: str | None
    photos: list[str] = Field(description="URLs of its photos (served to its readers only).")
    updated_at: datetime.datetime

    resolve_contact_name = personal_value("contact_name")
    resolve_contact_phone = personal_value("contact_phone")
    resolve_contact_email = personal_value("contact_email")

    @staticmethod
    def resolve_photos(obj: Resource) -> list[str]:
        return [reverse("sharing:photo", args=[p.pk]) for p in obj.photos.all()]


ResourceFilters = RESOURCE_FILTERS.schema()


Crud(
    router,
    __name__,
    "/resources",
    tag=RESOURCES_TAG,
    name="resource",
    out=ResourceOut,
    services=services,
    selector=selectors.resource_list,
    filters=ResourceFilters,
    sorts=RESOURCES,
    create_input=ResourceIn,
    refs=rows_for(owner=Organization.objects, body=_bodies),
    summaries={
        "list": "The shared resources the reader may see (catalogue)",
        "get": "One shared resource",
        "create": "Offer a resource (the owner unit's contact or the body's secretariat)",
        "patch": "Change some fields of a resource",
        "put": "Replace a resource's record (fields left out get their defaults)",
        "delete": "Delete a resource that was never booked",
    },
).register()


# === bookings =================================================================================


class BookingIn(InputSchema):
    """A booking request for ``[starts_at, ends_at)`` (a time without a zone is local time,
    Asia/Shanghai; seconds are dropped; at least 15 minutes)."""

    starts_at: datetime.datetime
    ends_at: datetime.datetime = Field(description="Exclusive: a booking ending at 17:00 and "
                                       "one starting at 17:00 do not clash.")  # fmt: skip
    quantity: int = Field(1, ge=1, le=100_000, description="Places (1 for exclusive resources).")
    purpose: Text
    organization: Id | None = Field(
        None,
        description="The unit booked for; needed when the reader is the contact of several "
        "(none: a person, for a resource open to every signed-in user).",
    )


class BookingReasonIn(InputSchema):
    reason: Text = Field("", description="Why (told to the other side).")


class BookingOut(OutSchema):
    id: int
    resource: RefOut
    organization: RefOut | None
    requested_by: str | None = Field(description="The requester's user name.")
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    quantity: int
    purpose: str
    status: str
    status_label: str
    decided_by: str | None = Field(description="Who confirmed or declined it.")
    decided_at: datetime.datetime | None
    reason: str
    created_at: datetime.datetime

    @staticmethod
    def resolve_requested_by(obj: Booking) -> str | None:
        return obj.requested_by.get_username() if obj.requested_by_id else None

    @staticmethod
    def resolve_decided_by(obj: Booking) -> str | None:
        return obj.decided_by.get_username() if obj.decided_by_id else None


BookingFilters = BOOKING_FILTERS.schema()


class ResourceBookingFilters(Schema):
    status: choice(Booking.Status) | None = None


def _resource(request, id: int) -> Resource:
    return get_or_404(selectors.resource_list(actor=actor(request)), id)


def _booking(request, id: int) -> Booking:
    return get_or_404(selectors.booking_list(actor=actor(request)), id)


@router.get(
    "/resources/{id}/bookings",
    response={200: list[BookingOut], **READ_ERRORS},
    tags=[BOOKINGS_TAG],
    summary="A resource's bookings the reader may see (its managers see them all)",
    auth=None,
)
@paginate(ApiPagination)
def list_resource_bookings(request, id: int, filters: Query[ResourceBookingFilters]):
    resource = _resource(request, id)
    return selectors.booking_list(actor=actor(request), resource=resource.pk, status=filters.status)


class CalendarQuery(Schema):
    # ``from`` is a Python keyword: the field has another name and reads the parameter by alias.
    start: LaxDate | None = Field(
        None, alias="from", description="First day (local date); default today."
    )
    to: LaxDate | None = Field(
        None,
        description="Last day, included; default six days after `from` (at most "
        f"{CALENDAR_DAYS} days in all).",
    )


class CalendarEntryOut(Schema):
    """A booking on a resource's calendar: every reader sees that the slot is taken (times,
    places, status); ``booking`` and ``organization`` only readers who may see its details."""

    starts_at: datetime.datetime
    ends_at: datetime.datetime
    status: str
    status_label: str
    quantity: int
    booking: int | None = Field(
        description="The booking's id (read it at `/bookings/{id}`); null: the reader may only "
        "see that the slot is taken."
    )
    organization: RefOut | None = Field(
        description="The requesting unit (null: taken slot, or a person booking for themselves)."
    )

    @staticmethod
    def resolve_booking(obj: selectors.CalendarEntry) -> int | None:
        return obj.pk

    @staticmethod
    def resolve_organization(obj: selectors.CalendarEntry) -> Organization | None:
        return obj.booking.organization if obj.booking is not None else None


@router.get(
    "/resources/{id}/calendar",
    response={200: list[CalendarEntryOut], **READ_ERRORS},
    tags=[BOOKINGS_TAG],
    summary="A resource's calendar: the bookings from `from` to `to` (taken slots for every "
    "reader, details for those who may see them)",
    auth=None,
)
def resource_calendar(request, id: int, when: Query[CalendarQuery]):
    resource = _resource(request, id)
    start = when.start or timezone.localdate()
    for name, day in (("from", start), ("to", when.to or start)):
        if not 1990 <= day.year <= 2200:
            raise ValidationError({name: [_("日期超出范围")]})
    end = when.to or start + datetime.timedelta(days=6)
    if end < start:
        raise ValidationError({"to": [_("结束日期不能早于开始日期")]})
    if (end - start).days >= CALENDAR_DAYS:
        most = ngettext("一次最多查看 %(n)d 天", "一次最多查看 %(n)d 天", CALENDAR_DAYS)
        raise ValidationError({"to": [most % {"n": CALENDAR_DAYS}]})
    zone = timezone.get_current_timezone()
    return selectors.resource_calendar(
        actor=actor(request),
        resource=resource,
        start=datetime.datetime.combine(start, datetime.time.min, tzinfo=zone),
        end=datetime.datetime.combine(
            end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
        ),
    )


@router.post(
    "/resources/{id}/bookings",
    response={201: BookingOut, 409: ErrorOut, **WRITE_ERRORS},
    tags=[BOOKINGS_TAG],
    summary="Request a booking: 201 pending or confirmed; 409 when full or the slot is taken",
)
def request_booking(request, id: int, payload: BookingIn):
    resource = _resource(request, id)
    data = rows_for(organization=Organization.objects)(request, payload.model_dump())
    booking = call_service(services.booking_request, request, resource=resource, **data)
    return Status(201, _booking(request, booking.pk))


@router.get(
    "/bookings",
    response={200: list[BookingOut], **READ_ERRORS},
    tags=[BOOKINGS_TAG],
    summary="Bookings the reader may see: its units' own, those of its resources, its bodies'",
    auth=None,
)
@paginate(ApiPagination)
def list_bookings(request, filters: Query[BookingFilters]):
    return selectors.booking_list(actor=actor(request), **filters.model_dump())


@router.get(
    "/bookings/{id}",
    response={200: BookingOut, **READ_ERRORS},
    tags=[BOOKINGS_TAG],
    summary="One booking",
    auth=None,
)
def get_booking(request, id: int):
    return _booking(request, id)


bookings = Actions(
    router, __name__, "/bookings/{id}", "booking", BookingOut, _booking, BOOKINGS_TAG
)
bookings.add(
    "confirm",
    services.booking_confirm,
    "Confirm a pending request before it begins (the owner unit's contact or the body's "
    "secretariat; once it has begun it can only be declined)",
)
bookings.add(
    "decline",
    services.booking_decline,
    "Decline a pending request, saying why (its places are free again)",
    payload=BookingReasonIn,
    optional=True,
)
bookings.add(
    "cancel",
    services.booking_cancel,
    "Cancel a booking that has not ended (the requesting unit, or the owner's side)",
    payload=BookingReasonIn,
    optional=True,
)
bookings.add(
    "used",
    services.booking_mark_used,
    "Record that a confirmed booking was used (once it has begun; confirmed before it began)",
    view="mark_booking_used",
)
bookings.add(
    "no-show",
    services.booking_mark_no_show,
    "Record that nobody came to a confirmed booking (once it has begun; confirmed before it began)",
    view="mark_booking_no_show",
)
