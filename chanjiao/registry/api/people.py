"""API: people (人员) and their positions (职务)."""

import datetime
from typing import Any

from ninja import Field

from chanjiao.accounts.privacy import personal_value
from chanjiao.core.api import actor, get_or_404, resolve_one
from chanjiao.core.crud_api import Crud
from chanjiao.core.schemas import Id, InputSchema, OutSchema, RefOut, Text

from .. import services
from ..lists import PEOPLE, PERSON_FILTERS
from ..models import Organization, Person
from ..selectors import (
    person_list,
    person_positions,
)
from .base import router

# === people (人员) and positions (职务) =====================================================


class PositionIn(InputSchema):
    """A title a person holds in an organisation (职务)."""

    organization: Id
    title: Text
    since: datetime.date | None = None
    until: datetime.date | None = None
    source: Text = ""


class PositionOut(OutSchema):
    id: int
    organization: RefOut
    title: str
    since: datetime.date | None
    until: datetime.date | None
    source: str


class PersonIn(InputSchema):
    """A person (人员)."""

    name: Text
    english_name: Text = ""
    notes: Text = ""


class PersonCreateIn(PersonIn):
    positions: list[PositionIn] = Field(
        default_factory=list, description="Positions to record with the person."
    )


class PersonOut(OutSchema):
    id: int
    name: str
    english_name: str
    notes: str | None = Field(
        description="Internal notes: null unless the reader may read personal data."
    )
    positions: list[PositionOut]
    updated_at: datetime.datetime

    resolve_notes = personal_value("notes")

    @staticmethod
    def resolve_positions(obj: Person):
        return obj.positions.all()


PersonFilters = PERSON_FILTERS.schema()


def _position_data(payload: dict[str, Any], field_prefix: str = "") -> dict[str, Any]:
    if "organization" in payload:
        payload["organization"] = resolve_one(
            Organization.objects.all(), payload["organization"], f"{field_prefix}organization"
        )
    return payload


def _person_data(request, payload: dict[str, Any]) -> dict[str, Any]:
    if "positions" in payload:
        payload["positions"] = [
            _position_data(position, f"positions.{i}.")
            for i, position in enumerate(payload["positions"])
        ]
    return payload


Crud(
    router,
    __name__,
    "/people",
    tag="people",
    name="person",
    plural="people",
    out=PersonOut,
    services=services,
    selector=person_list,
    # A person is changed as stored, not as the reader sees it (notes may be redacted).
    edit_scope=lambda request: Person.objects.all(),
    filters=PersonFilters,
    sorts=PEOPLE,
    create_input=PersonCreateIn,
    put_input=PersonIn,
    refs=_person_data,
    summaries={
        "list": "List people",
        "get": "One person with their positions",
        "create": "Register a person, optionally with positions",
        "patch": "Change some fields of a person",
        "put": "Replace a person's record (positions are kept)",
        "delete": "Delete a person and their positions",
    },
).register()


Crud(
    router,
    __name__,
    "/people/{id}/positions",
    tag="people",
    name="position",
    out=PositionOut,
    services=services,
    parent=lambda request, id: get_or_404(Person.objects.all(), id),
    rows="positions",
    parent_name="person",
    listing=lambda request, person: person_positions(actor=actor(request), person=person),
    create_input=PositionIn,
    refs=lambda request, payload, person: _position_data(payload),
    summaries={
        "list": "A person's positions",
        "get": "One position of a person",
        "create": "Record a position of a person",
        "patch": "Change a position",
        "put": "Replace a position's record (fields left out get their defaults)",
        "delete": "Delete a position",
    },
).register()
