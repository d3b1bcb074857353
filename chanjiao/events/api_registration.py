"""REST endpoints of registration (报名) for upcoming events, the waitlist (候补) and check-in (签到).

- ``/events/{id}/registration``: the settings — read by whoever sees the event, set (PUT) or
  changed (PATCH) by its organisers; ``…/erase`` erases the registrants' personal data after
  the event.
- ``/events/{id}/registrations``: the registrations the reader may see (organisers: all; a
  unit's contact: its unit's); POST registers one person (201: ``confirmed``, ``waitlisted``
  or ``pending``; 409 with the reason when registration is closed, the unit's quota is used up
  or the person is already registered); DELETE on one cancels it (and promotes the next one
  waiting); ``…/approve`` and ``…/decline`` decide a pending one.
- ``/registrations/{code}/check-in``: the organisers check a ticket in; a second check-in
  answers 409 and counts nothing.
"""

import datetime
from typing import Annotated, Literal

from django.http import Http404, HttpResponse
from ninja import Field, Query, Router
from ninja.pagination import paginate
from ninja.responses import Status
from pydantic import AfterValidator

from chanjiao.accounts.privacy import personal_value
from chanjiao.core.api import (
    READ_ERRORS,
    WRITE_ERRORS,
    ApiPagination,
    actor,
    call_service,
    get_or_404,
    resolve_one,
)
from chanjiao.core.crud_api import IF_MATCH_HELP, STALE, Actions, refuse_unseen, versioned
from chanjiao.core.schemas import (
    Id,
    InputSchema,
    OutSchema,
    RefOut,
    Text,
    choice,
    partial_schema,
)
from chanjiao.registry.models import Organization

from . import services_registration as services
from .lists import REGISTRATION_FILTERS
from .models import Event, Registration, RegistrationSettings
from .selectors import visible_events
from .selectors_registration import (
    State,
    registration_counts,
    registration_for_code,
    registration_list,
    registration_state,
    settings_of,
    waitlist_positions,
)

router = Router(tags=["events"])

#: Conflicts a registration write may answer (closed, quota used up, checked in twice …).
CONFLICT_ERRORS = {**WRITE_ERRORS, 409: WRITE_ERRORS[422]}


def _bounded(value: datetime.datetime | None) -> datetime.datetime | None:
    # A time far outside any event cannot be stored once moved to UTC (year 1 or 9999); a
    # time without an offset is the platform's local time (Beijing), as on the pages.
    if value is None:
        return None
    if not 2000 <= value.year <= 2100:
        raise ValueError("must be between the years 2000 and 2100")
    if value.tzinfo is None:
        from django.utils import timezone

        value = timezone.make_aware(value)
    return value


When = Annotated[datetime.datetime, AfterValidator(_bounded)] | None
AskedField = choice(RegistrationSettings.Asked)


class EventRegistrationSettingsIn(InputSchema):
    """An event's registration settings (报名设置)."""

    opens_at: When = Field(
        None, description="When registration opens (none: now); without an offset: Beijing time."
    )
    closes_at: When = Field(
        None, description="When registration closes (none: when the event's first day begins)."
    )
    capacity: int | None = Field(
        None, ge=1, le=1_000_000, description="Places (none: no limit); beyond: the waitlist."
    )
    unit_quota: int | None = Field(
        None, ge=1, le=1_000_000, description="Registrations one unit may make (none: no limit)."
    )
    asked_fields: list[AskedField] = Field(
        default_factory=list,
        max_length=5,
        description="What the registration asks besides the name (always asked).",
    )
    needs_approval: bool = Field(
        False, description="Registrations by units wait for the organisers' approval."
    )


EventRegistrationSettingsPatch = partial_schema(
    EventRegistrationSettingsIn, "EventRegistrationSettingsPatch"
)


class EventRegistrationSettingsOut(OutSchema):
    event: int
    opens_at: datetime.datetime | None
    closes_at: datetime.datetime | None
    capacity: int | None
    unit_quota: int | None
    asked_fields: list[str]
    needs_approval: bool
    state: Literal["not_yet_open", "open", "closed", "erased"]
    state_label: str
    confirmed: int = Field(description="Registrations holding a place.")
    waitlisted: int
    pending: int = Field(description="Registrations waiting for the organisers' approval.")
    places_left: int | None = Field(description="Null when the capacity is not limited.")
    checked_in: int = Field(description="签到: confirmed registrants checked in.")
    personal_data_erased_at: datetime.datetime | None


def _settings_out(settings: RegistrationSettings) -> dict:
    counts = registration_counts(settings.event_id)
    state = registration_state(settings)
    return {
        "event": settings.event_id,
        "opens_at": settings.opens_at,
        "closes_at": settings.closes_at,
        "capacity": settings.capacity,
        "unit_quota": settings.unit_quota,
        "asked_fields": list(settings.asked_fields or []),
        "needs_approval": settings.needs_approval,
        "state": state,
        "state_label": str(State.LABELS[state]),
        "confirmed": counts.confirmed,
        "waitlisted": counts.waitlisted,
        "pending": counts.pending,
        "places_left": counts.places_left(settings.capacity),
        "checked_in": counts.checked_in,
        "personal_data_erased_at": settings.personal_data_erased_at,
    }


def _event(request, id: int) -> Event:
    """The event, if the reader may see it (else 404)."""
    return get_or_404(visible_events(actor(request)), id)


def _settings(request, id: int) -> RegistrationSettings:
    settings = settings_of(_event(request, id))
    if settings is None:
        raise Http404("This event takes no registrations.")
    return settings


def _site(request) -> str:
    """The site's address, for the ticket links in the mails."""
    return request.build_absolute_uri("/")


@router.get(
    "/events/{id}/registration",
    response={200: EventRegistrationSettingsOut, **READ_ERRORS},
    auth=None,
    summary="An event's registration settings, places left and check-ins (404: no registration)",
)
def get_event_registration(request, id: int, response: HttpResponse):
    return _settings_out(versioned(response, _settings(request, id)))


@router.put(
    "/events/{id}/registration",
    response={200: EventRegistrationSettingsOut, **CONFLICT_ERRORS, **STALE},
    summary="Open an event for registration, or replace its settings (the organisers)",
    description=IF_MATCH_HELP,
)
def put_event_registration(
    request, id: int, payload: EventRegistrationSettingsIn, response: HttpResponse
):
    event = _event(request, id)
    if (settings := settings_of(event)) and (stale := refuse_unseen(request, settings)):
        return stale
    saved = call_service(
        services.registration_settings_set,
        request,
        event=event,
        site=_site(request),
        **payload.model_dump(),
    )
    return _settings_out(versioned(response, saved))


@router.patch(
    "/events/{id}/registration",
    response={200: EventRegistrationSettingsOut, **CONFLICT_ERRORS, **STALE},
    summary="Change some registration settings (the organisers)",
    description=IF_MATCH_HELP,
)
def patch_event_registration(
    request, id: int, payload: EventRegistrationSettingsPatch, response: HttpResponse
):
    settings = _settings(request, id)
    if stale := refuse_unseen(request, settings):
        return stale
    saved = call_service(
        services.registration_settings_update,
        request,
        settings=settings,
        data=payload.model_dump(exclude_unset=True),
        site=_site(request),
    )
    return _settings_out(versioned(response, saved))


@router.post(
    "/events/{id}/registration/erase",
    response={200: EventRegistrationSettingsOut, **CONFLICT_ERRORS},
    summary="Erase the registrants' personal data after the event (the organisers)",
)
def erase_event_registration(request, id: int):
    event = _event(request, id)
    _settings(request, id)
    call_service(services.registration_personal_data_erase, request, event=event)
    return _settings_out(_settings(request, id))


# --- registrations ----------------------------------------------------------------------------


class EventRegistrationIn(InputSchema):
    """One person registered for the event (报名). Only the fields the event asks for may be
    given (``asked_fields`` of its settings); the name always."""

    name: Text = Field(max_length=100)
    organization: Id | None = Field(
        None,
        description="The person's unit. A unit's contact registers its own unit's people "
        "(left out: its unit); the organisers may name any unit, or none.",
    )
    title: Text = Field("", max_length=100)
    phone: Text = Field("", max_length=30)
    email: Text = Field("", max_length=254)
    needs: Text = Field("", max_length=500, description="Dietary, access or other needs.")


class EventRegistrationOut(OutSchema):
    id: int
    event: int = Field(validation_alias="event_id")
    name: str | None
    organization: RefOut | None
    title: str | None
    phone: str | None
    email: str | None
    needs: str | None
    status: str
    status_label: str
    ticket_code: str = Field(description="The code on the ticket and in its QR code.")
    waitlisted_at: datetime.datetime | None
    confirmed_at: datetime.datetime | None
    cancelled_at: datetime.datetime | None
    checked_in_at: datetime.datetime | None
    created_at: datetime.datetime

    resolve_name = personal_value("name")
    resolve_title = personal_value("title")
    resolve_phone = personal_value("phone")
    resolve_email = personal_value("email")
    resolve_needs = personal_value("needs")


class EventRegistrationCreatedOut(EventRegistrationOut):
    waitlist_position: int | None = Field(
        None, description="The place in the waitlist (1: next to be promoted)."
    )


EventRegistrationFilters = REGISTRATION_FILTERS.schema()


@router.get(
    "/events/{id}/registrations",
    response={200: list[EventRegistrationOut], **READ_ERRORS},
    auth=None,
    summary="An event's registrations: all for its organisers, a unit's own for its contact",
)
@paginate(ApiPagination)
def list_event_registrations(request, id: int, filters: Query[EventRegistrationFilters]):
    return registration_list(
        actor=actor(request), event=_event(request, id), **filters.model_dump()
    )


def _registration(request, id: int, reg_id: int) -> Registration:
    return get_or_404(registration_list(actor=actor(request), event=_event(request, id)), reg_id)


@router.get(
    "/events/{id}/registrations/{reg_id}",
    response={200: EventRegistrationOut, **READ_ERRORS},
    auth=None,
    summary="One registration (its organisers and its unit's contact)",
)
def get_event_registration_entry(request, id: int, reg_id: int, response: HttpResponse):
    return versioned(response, _registration(request, id, reg_id))


@router.post(
    "/events/{id}/registrations",
    response={201: EventRegistrationCreatedOut, **CONFLICT_ERRORS},
    summary="Register a person: confirmed, waitlisted when full, or pending approval",
)
def create_event_registration(request, id: int, payload: EventRegistrationIn):
    event = _event(request, id)
    data = payload.model_dump()
    data["organization"] = resolve_one(
        Organization.objects.all(), data["organization"], "organization"
    )
    registration = call_service(
        services.registration_create, request, event=event, site=_site(request), **data
    )
    answer = _registration(request, id, registration.pk)
    answer.waitlist_position = waitlist_positions(event).get(registration.pk)
    return Status(201, answer)


@router.delete(
    "/events/{id}/registrations/{reg_id}",
    response={204: None, **CONFLICT_ERRORS, **STALE},
    summary="Cancel a registration; a place it held goes to the first on the waitlist",
    description=IF_MATCH_HELP,
)
def cancel_event_registration(request, id: int, reg_id: int):
    registration = _registration(request, id, reg_id)
    if stale := refuse_unseen(request, registration):
        return stale
    call_service(
        services.registration_cancel, request, registration=registration, site=_site(request)
    )
    return Status(204, None)


registrations = Actions(
    router,
    __name__,
    "/events/{id}/registrations/{reg_id}",
    "registration",
    EventRegistrationOut,
    _registration,
    errors=CONFLICT_ERRORS,
    context=lambda request: {"site": _site(request)},
)
registrations.add(
    "approve",
    services.registration_approve,
    "Approve a pending registration: confirmed, or waitlisted when full (organisers)",
    view="approve_event_registration",
)
registrations.add(
    "decline",
    services.registration_decline,
    "Decline a pending registration (the organisers)",
    view="decline_event_registration",
)


# --- check-in -----------------------------------------------------------------------------------


class EventRegistrationCheckInOut(EventRegistrationOut):
    event_name: str


@router.post(
    "/registrations/{code}/check-in",
    response={200: EventRegistrationCheckInOut, **CONFLICT_ERRORS},
    summary="Check a ticket in (the event's organisers); 409 when already checked in",
)
def check_in_registration(request, code: str):
    registration = registration_for_code(code)
    if (
        registration is None
        or not visible_events(actor(request)).filter(pk=registration.event_id).exists()
    ):
        from django.http import Http404

        raise Http404("No ticket with this code.")
    saved = call_service(services.registration_check_in, request, registration=registration)
    saved.event_name = saved.event.name
    return saved
