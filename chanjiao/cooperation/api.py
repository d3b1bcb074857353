"""REST endpoints of cooperation: agreements (协议) and carriers (载体).

Reads go through the selectors (what is filed under an unpublished body stays hidden with it),
writes through the services (the secretariat of the body it is filed under, or an admin).
"""

import datetime
from typing import Any

from django.urls import reverse
from ninja import Field, Router

from chanjiao.accounts.privacy import personal_value
from chanjiao.core.api import actor, rows_for
from chanjiao.core.crud_api import Crud
from chanjiao.core.schemas import (
    Id,
    InputSchema,
    OutSchema,
    RefOut,
    Text,
    choice,
)
from chanjiao.events.api import AgreementRefOut
from chanjiao.events.models import Ceremony
from chanjiao.events.selectors import visible_events
from chanjiao.registry.api import bodies_seen
from chanjiao.registry.models import Organization

from . import services
from .lists import AGREEMENT_FILTERS, CARRIER_FILTERS
from .models import Agreement, Carrier
from .selectors import agreement_list, carrier_list

router = Router()


def _links(**many) -> Any:
    """What an agreement or a carrier may link to: rows the actor may see."""
    return rows_for(
        **many,
        body=bodies_seen,
        event=lambda request: visible_events(actor(request)),
        ceremony=lambda request: Ceremony.objects.filter(event__in=visible_events(actor(request))),
        agreement=lambda request: agreement_list(actor=actor(request)),
    )


# === agreements (协议) =====================================================================


class AgreementIn(InputSchema):
    """An agreement between parties, filed under a body."""

    title: Text
    kind: choice(Agreement.Kind) = Agreement.Kind.OTHER.value
    parties: list[Id] = Field(default_factory=list, description="Ids of the signing parties.")
    body: Id | None = Field(None, description="Id of the body it is filed under.")
    event: Id | None = Field(None, description="Id of the event it was signed at.")
    ceremony: Id | None = Field(None, description="Id of the signing ceremony (of that event).")
    signed_on: datetime.date | None = None
    status: choice(Agreement.Status) = Agreement.Status.SIGNED.value
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None
    notes: Text = ""


class AgreementOut(OutSchema):
    id: int
    title: str
    kind: str
    kind_label: str
    parties: list[RefOut]
    body: RefOut | None
    event: RefOut | None
    ceremony: RefOut | None
    signed_on: datetime.date | None
    status: str
    status_label: str
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    document: str | None = Field(description="URL of the agreement's text, if uploaded.")
    notes: str | None = Field(
        description="Internal notes: null unless the reader is a party, the body's secretariat "
        "or an admin."
    )
    updated_at: datetime.datetime

    resolve_notes = personal_value("notes")

    @staticmethod
    def resolve_parties(obj: Agreement):
        return obj.parties.all()

    @staticmethod
    def resolve_document(obj: Agreement) -> str | None:
        # Served by a view that checks the reader, never from MEDIA_URL.
        return reverse("cooperation:agreement_document", args=[obj.pk]) if obj.document else None


AgreementFilters = AGREEMENT_FILTERS.schema()


def _agreements(*, actor, **filters):
    return agreement_list(actor=actor, **filters).select_related("ceremony")


Crud(
    router,
    __name__,
    "/agreements",
    tag="agreements",
    name="agreement",
    out=AgreementOut,
    services=services,
    selector=_agreements,
    filters=AgreementFilters,
    create_input=AgreementIn,
    refs=_links(parties=Organization.objects),
    summaries={
        "list": "List agreements",
        "get": "One agreement",
        "create": "Record an agreement (the secretariat of its body, or an admin)",
        "patch": "Change some fields of an agreement",
        "put": "Replace an agreement's record (fields left out get their defaults)",
        "delete": "Delete an agreement",
    },
).register()


# === carriers (载体) =======================================================================


class CarrierIn(InputSchema):
    """A carrier: industry college (产业学院), training base (实训基地), lab, workshop …"""

    name: Text
    kind: choice(Carrier.Kind) = Carrier.Kind.OTHER.value
    owners: list[Id] = Field(default_factory=list, description="Ids of the co-founding units.")
    body: Id | None = Field(None, description="Id of the body it is filed under.")
    agreement: Id | None = Field(None, description="Id of the agreement it rests on.")
    ceremony: Id | None = Field(None, description="Id of the ceremony that founded it.")
    founded_on: datetime.date | None = None
    city: Text = ""
    description: Text = ""


class CarrierOut(OutSchema):
    id: int
    name: str
    kind: str
    kind_label: str
    owners: list[RefOut]
    body: RefOut | None
    agreement: AgreementRefOut | None
    ceremony: RefOut | None
    founded_on: datetime.date | None
    city: str
    description: str
    updated_at: datetime.datetime

    @staticmethod
    def resolve_owners(obj: Carrier):
        return obj.owners.all()


CarrierFilters = CARRIER_FILTERS.schema()


def _carriers(*, actor, **filters):
    return carrier_list(actor=actor, **filters).select_related("ceremony")


Crud(
    router,
    __name__,
    "/carriers",
    tag="carriers",
    name="carrier",
    out=CarrierOut,
    services=services,
    selector=_carriers,
    filters=CarrierFilters,
    create_input=CarrierIn,
    refs=_links(owners=Organization.objects),
    summaries={
        "list": "List carriers",
        "get": "One carrier",
        "create": "Record a carrier (the secretariat of its body, or an admin)",
        "patch": "Change some fields of a carrier",
        "put": "Replace a carrier's record (fields left out get their defaults)",
        "delete": "Delete a carrier",
    },
).register()
