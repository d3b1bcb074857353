"""API: people (人员) and their positions (职务)."""

import datetime
from typing import Any

from ninja import Field, Query
from ninja.pagination import paginate
from ninja.responses import Status

from chanjiao.accounts.privacy import personal_value
from chanjiao.core.api import (
    READ_ERRORS,
    WRITE_ERRORS,
    ApiPagination,
    Id,
    InputSchema,
    OutSchema,
    RefOut,
    Text,
    actor,
    call_service,
    get_or_404,
    partial_schema,
    resolve_one,
)

from .. import services
from ..lists import PERSON_FILTERS
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


PositionPatch = partial_schema(PositionIn, "PositionPatch")


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


PersonPatch = partial_schema(PersonIn, "PersonPatch")


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


def _people(request) -> Any:
    return person_list(actor=actor(request))


def _position_data(payload: dict[str, Any], field_prefix: str = "") -> dict[str, Any]:
    if "organization" in payload:
        payload["organization"] = resolve_one(
            Organization.objects.all(), payload["organization"], f"{field_prefix}organization"
        )
    return payload


@router.get(
    "/people",
    response={200: list[PersonOut], **READ_ERRORS},
    auth=None,
    tags=["people"],
    summary="List people",
)
@paginate(ApiPagination)
def list_people(request, filters: Query[PersonFilters]):
    return person_list(actor=actor(request), **filters.model_dump())


@router.get(
    "/people/{id}",
    response={200: PersonOut, **READ_ERRORS},
    auth=None,
    tags=["people"],
    summary="One person with their positions",
)
def get_person(request, id: int):
    return get_or_404(_people(request), id)


@router.post(
    "/people",
    response={201: PersonOut, **WRITE_ERRORS},
    tags=["people"],
    summary="Register a person, optionally with positions",
)
def create_person(request, payload: PersonCreateIn):
    data = payload.model_dump()
    data["positions"] = [
        _position_data(position, f"positions.{i}.") for i, position in enumerate(data["positions"])
    ]
    person = call_service(services.person_create, request, **data)
    return Status(201, get_or_404(_people(request), person.pk))


@router.patch(
    "/people/{id}",
    response={200: PersonOut, **WRITE_ERRORS},
    tags=["people"],
    summary="Change some fields of a person",
)
def patch_person(request, id: int, payload: PersonPatch):
    person = get_or_404(Person.objects.all(), id)
    data = payload.model_dump(exclude_unset=True)
    call_service(services.person_update, request, person=person, data=data)
    return get_or_404(_people(request), id)


@router.put(
    "/people/{id}",
    response={200: PersonOut, **WRITE_ERRORS},
    tags=["people"],
    summary="Replace a person's record (positions are kept)",
)
def put_person(request, id: int, payload: PersonIn):
    person = get_or_404(Person.objects.all(), id)
    call_service(services.person_update, request, person=person, data=payload.model_dump())
    return get_or_404(_people(request), id)


@router.delete(
    "/people/{id}",
    response={204: None, **WRITE_ERRORS},
    tags=["people"],
    summary="Delete a person and their positions",
)
def delete_person(request, id: int):
    person = get_or_404(Person.objects.all(), id)
    call_service(services.person_delete, request, person=person)
    return Status(204, None)


@router.get(
    "/people/{id}/positions",
    response={200: list[PositionOut], **READ_ERRORS},
    auth=None,
    tags=["people"],
    summary="A person's positions",
)
@paginate(ApiPagination)
def list_positions(request, id: int):
    person = get_or_404(Person.objects.all(), id)
    return person_positions(actor=actor(request), person=person)


@router.post(
    "/people/{id}/positions",
    response={201: PositionOut, **WRITE_ERRORS},
    tags=["people"],
    summary="Record a position of a person",
)
def create_position(request, id: int, payload: PositionIn):
    person = get_or_404(Person.objects.all(), id)
    data = _position_data(payload.model_dump())
    return Status(201, call_service(services.position_create, request, person=person, **data))


@router.patch(
    "/people/{id}/positions/{position_id}",
    response={200: PositionOut, **WRITE_ERRORS},
    tags=["people"],
    summary="Change a position",
)
def patch_position(request, id: int, position_id: int, payload: PositionPatch):
    person = get_or_404(Person.objects.all(), id)
    position = get_or_404(person.positions.all(), position_id)
    data = _position_data(payload.model_dump(exclude_unset=True))
    return call_service(services.position_update, request, position=position, data=data)


@router.delete(
    "/people/{id}/positions/{position_id}",
    response={204: None, **WRITE_ERRORS},
    tags=["people"],
    summary="Delete a position",
)
def delete_position(request, id: int, position_id: int):
    person = get_or_404(Person.objects.all(), id)
    position = get_or_404(person.positions.all(), position_id)
    call_service(services.position_delete, request, position=position)
    return Status(204, None)
