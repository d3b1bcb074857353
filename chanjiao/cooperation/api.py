"""REST endpoints of cooperation: agreements (协议) and carriers (载体).

Reads go through the selectors (what is filed under an unpublished body stays hidden with it),
writes through the services (the secretariat of the body it is filed under, or an admin).
"""

import datetime
from typing import Any

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

from . import api_lifecycle, api_progress, services
from .lists import AGREEMENT_FILTERS, AGREEMENTS, CARRIER_FILTERS, CARRIERS
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
    signed_on: datetime.date | None = Field(
        None,
        description="The day it was signed: not after today nor after ends_on; a draft's is only "
        "the planned day. A draft changed to another status needs it.",
    )
    status: choice(Agreement.Status) = Field(
        Agreement.Status.SIGNED.value,
        description="Once signed, an agreement never goes back to draft.",
    )
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None
    reminder_days: int = Field(
        60, ge=0, le=3650, description="Days before the end it turns 即将到期 and is reminded."
    )
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
    reminder_days: int
    reminder_sent_at: datetime.datetime | None = Field(
        description="When the expiry reminder was mailed (once)."
    )
    renewed_from: AgreementRefOut | None = Field(description="The agreement this one renews.")
    renewal: AgreementRefOut | None = Field(description="The agreement that renewed this one.")
    terminated_on: datetime.date | None
    termination_reason: str
    documents: list[api_lifecycle.AgreementDocumentOut] | None = Field(
        description="The versions of its text, newest (current) first: null unless the reader "
        "is a party's contact, the body's secretariat or an admin."
    )
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
    def resolve_renewal(obj: Agreement):
        try:
            return obj.renewal
        except Agreement.DoesNotExist:
            return None

    @staticmethod
    def resolve_documents(obj: Agreement, context):
        # Files are served by a view that checks the reader, never from MEDIA_URL.
        return api_lifecycle.documents_for(context["request"], obj)


AgreementFilters = AGREEMENT_FILTERS.schema()


def _agreements(*, actor, **filters):
    return (
        agreement_list(actor=actor, **filters)
        .select_related("ceremony", "renewed_from", "renewal")
        .prefetch_related("documents")
    )


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
    sorts=AGREEMENTS,
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
api_lifecycle.register(router, AgreementOut)


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
    state: str = Field(description="建设状态, as its done milestones give it.")
    state_label: str
    level: str = Field(description="Its highest recognised level (认定级别), or empty.")
    level_label: str
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
    sorts=CARRIERS,
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
api_progress.register(router)
