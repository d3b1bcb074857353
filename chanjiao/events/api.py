"""REST endpoints of events: the event, its organisations' roles, agenda items and ceremonies.

Reads go through the selectors (unpublished events stay hidden from those who may not see
them), writes through the services (rights checks and the change log).
"""

import datetime
from functools import partial

from django.http import HttpResponse
from ninja import Field, Router
from ninja.pagination import paginate
from ninja.responses import Status

from chanjiao.core.api import (
    READ_ERRORS,
    WRITE_ERRORS,
    ApiPagination,
    actor,
    call_service,
    get_or_404,
    resolve_one,
    rows_for,
)
from chanjiao.core.crud_api import IF_MATCH_HELP, STALE, Crud, refuse_unseen, versioned
from chanjiao.core.schemas import (
    Id,
    InputSchema,
    OutSchema,
    RefOut,
    Text,
    choice,
)
from chanjiao.registry.api import bodies_seen, only_visible_bodies
from chanjiao.registry.models import Organization, Person

from . import services
from .lists import EVENT_FILTERS, event_list_spec
from .models import AgendaItem, Ceremony, Event, EventOrganization
from .selectors import ceremony_outcomes, event_detail, event_list, outcome_prefetches

router = Router(tags=["events"])


class EventIn(InputSchema):
    """An event (活动) held by one or several bodies."""

    name: Text
    kind: choice(Event.Kind) = Event.Kind.CONFERENCE.value
    theme: Text = ""
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None
    venue: Text = ""
    city: Text = ""
    attendance: int | None = Field(None, ge=0, le=2147483647)
    attendance_approx: bool = Field(False, description="The attendance is approximate (“220余人”).")
    bodies: list[Id] = Field(
        default_factory=list,
        description="Ids of the bodies holding the event; you must run one of them.",
    )
    description: Text = ""
    source_url: Text = ""
    is_published: bool = True


class EventListOut(OutSchema):
    id: int
    name: str
    kind: str
    kind_label: str
    theme: str
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    venue: str
    city: str
    attendance: int | None
    attendance_approx: bool
    is_published: bool
    bodies: list[RefOut]

    @staticmethod
    def resolve_bodies(obj: Event, context) -> list:
        return only_visible_bodies(context["request"], list(obj.bodies.all()))


class EventOrganizationIn(InputSchema):
    """An organisation's role in the event (指导, 主办, 承办, 协办 …)."""

    organization: Id
    role: choice(EventOrganization.Role)


class EventOrganizationOut(OutSchema):
    id: int
    organization: RefOut
    role: str
    role_label: str


class AgendaItemIn(InputSchema):
    """A speech, keynote, report or panel on the agenda, with the speaker's title then."""

    order: int = Field(0, ge=0, le=32767)
    kind: choice(AgendaItem.Kind) = AgendaItem.Kind.SPEECH.value
    title: Text = ""
    speaker: Id | None = Field(None, description="Id of the person speaking.")
    speaker_title: Text = Field("", description="The speaker's title at the time (时任职务).")
    speaker_organization: Id | None = Field(None, description="Id of the speaking organisation.")


class AgendaItemOut(OutSchema):
    id: int
    order: int
    kind: str
    kind_label: str
    title: str
    speaker: RefOut | None
    speaker_title: str
    speaker_organization: RefOut | None


class CeremonyIn(InputSchema):
    """A ceremony at the event: signing, unveiling, plaque awarding, appointment …"""

    kind: choice(Ceremony.Kind)
    name: Text
    description: Text = ""
    recipients: list[Id] = Field(
        default_factory=list, description="Ids of the organisations involved."
    )


class AgreementRefOut(OutSchema):
    id: int
    title: str


class CeremonyOut(OutSchema):
    id: int
    kind: str
    kind_label: str
    name: str
    description: str
    recipients: list[RefOut]
    agreements: list[AgreementRefOut] = Field(description="Agreements signed at the ceremony.")
    carriers: list[RefOut] = Field(description="Carriers founded or unveiled at the ceremony.")

    @staticmethod
    def resolve_recipients(obj: Ceremony):
        return obj.recipients.all()

    # Only what the reader may see: an unpublished body's agreement stays hidden here too.
    @staticmethod
    def resolve_agreements(obj: Ceremony, context):
        return ceremony_outcomes(obj, "agreements", actor=actor(context["request"]))

    @staticmethod
    def resolve_carriers(obj: Ceremony, context):
        return ceremony_outcomes(obj, "carriers", actor=actor(context["request"]))


class EventOut(EventListOut):
    description: str
    source_url: str
    organizations: list[EventOrganizationOut] = Field(description="Organisations' roles.")
    agenda_items: list[AgendaItemOut]
    ceremonies: list[CeremonyOut]
    updated_at: datetime.datetime

    @staticmethod
    def resolve_organizations(obj: Event):
        return obj.participations.all()

    @staticmethod
    def resolve_agenda_items(obj: Event):
        return obj.agenda_items.all()

    @staticmethod
    def resolve_ceremonies(obj: Event):
        return obj.ceremonies.all()


EventFilters = EVENT_FILTERS.schema()


def _event(request, id: int) -> Event:
    """The event with its roles, agenda and ceremonies, if the actor may see it (else 404)."""
    return event_detail(actor=actor(request), pk=id)


Crud(
    router,
    __name__,
    "/events",
    tag="events",
    name="event",
    out=EventOut,
    list_out=EventListOut,
    services=services,
    selector=event_list,
    one=_event,
    filters=EventFilters,
    sorts=event_list_spec(()),
    create_input=EventIn,
    refs=rows_for(bodies=bodies_seen),
    summaries={
        "list": "List events",
        "get": "One event with its organisations, agenda and ceremonies",
        "create": "Record an event (the secretariat of a holding body, or an admin)",
        "patch": "Change some fields of an event",
        "put": "Replace an event's record (fields left out get their defaults)",
        "delete": "Delete an event with its agenda and ceremonies",
    },
).register()


# --- organisations' roles ---------------------------------------------------------------


@router.get(
    "/events/{id}/organizations",
    response={200: list[EventOrganizationOut], **READ_ERRORS},
    auth=None,
    summary="The organisations of an event with their roles",
)
@paginate(ApiPagination)
def list_event_organizations(request, id: int):
    return _event(request, id).participations.select_related("organization")


@router.post(
    "/events/{id}/organizations",
    response={201: EventOrganizationOut, **WRITE_ERRORS},
    summary="Give an organisation a role in the event",
)
def add_event_organization(request, id: int, payload: EventOrganizationIn):
    event = _event(request, id)
    organization = resolve_one(Organization.objects.all(), payload.organization, "organization")
    participation = call_service(
        services.event_organization_add,
        request,
        event=event,
        organization=organization,
        role=payload.role,
    )
    return Status(201, participation)


@router.get(
    "/events/{id}/organizations/{participation_id}",
    response={200: EventOrganizationOut, **READ_ERRORS},
    auth=None,
    summary="One organisation's role in the event",
)
def get_event_organization(request, id: int, participation_id: int, response: HttpResponse):
    participations = _event(request, id).participations.select_related("organization")
    return versioned(response, get_or_404(participations, participation_id))


@router.delete(
    "/events/{id}/organizations/{participation_id}",
    response={204: None, **WRITE_ERRORS, **STALE},
    summary="Remove an organisation's role from the event",
    description=IF_MATCH_HELP,
)
def remove_event_organization(request, id: int, participation_id: int):
    event = _event(request, id)
    participation = get_or_404(event.participations.all(), participation_id)
    if stale := refuse_unseen(request, participation):
        return stale
    call_service(services.event_organization_remove, request, participation=participation)
    return Status(204, None)


#: What an event's resources share: the router, the tag, the services and the event in the path.
_under_event = partial(
    Crud, router, __name__, tag="events", services=services, parent=_event, parent_name="event"
)


# --- agenda (议程) -------------------------------------------------------------------------


_under_event(
    "/events/{id}/agenda-items",
    name="agenda_item",
    out=AgendaItemOut,
    rows="agenda_items",
    item="item_id",
    listing=lambda request, event: event.agenda_items.select_related(
        "speaker", "speaker_organization"
    ),
    create_input=AgendaItemIn,
    refs=rows_for(speaker=Person.objects, speaker_organization=Organization.objects),
    summaries={
        "list": "An event's agenda",
        "get": "One agenda item of an event, with its version (ETag)",
        "create": "Add an item to the agenda",
        "patch": "Change an agenda item",
        "put": "Replace an agenda item (fields left out get their defaults)",
        "delete": "Delete an agenda item",
    },
).register()


# --- ceremonies (仪式) ---------------------------------------------------------------------


_under_event(
    "/events/{id}/ceremonies",
    name="ceremony",
    plural="ceremonies",
    out=CeremonyOut,
    rows="ceremonies",
    listing=lambda request, event: event.ceremonies.prefetch_related(
        "recipients", *outcome_prefetches(actor(request))
    ),
    scope=lambda request, event: event.ceremonies.prefetch_related(
        "recipients", *outcome_prefetches(actor(request))
    ),
    create_input=CeremonyIn,
    refs=rows_for(recipients=Organization.objects),
    summaries={
        "list": "An event's ceremonies",
        "get": "One ceremony of an event, with its version (ETag)",
        "create": "Record a ceremony held at the event",
        "patch": "Change a ceremony",
        "put": "Replace a ceremony's record (fields left out get their defaults)",
        "delete": "Delete a ceremony",
    },
).register()
