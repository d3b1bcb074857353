"""API: a body's committee seats (委员会席位) and charter versions (章程) with their files."""

import datetime

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, File, UploadedFile
from ninja.pagination import paginate
from ninja.responses import Status

from chanjiao.core.api import (
    READ_ERRORS,
    WRITE_ERRORS,
    ApiPagination,
    call_service,
    get_or_404,
    rows_for,
)
from chanjiao.core.crud_api import IF_MATCH_HELP, STALE, refuse_unseen, versioned
from chanjiao.core.schemas import Id, InputSchema, OutSchema, RefOut, Text, choice, partial_schema
from chanjiao.core.uploads import private_file_response

from .. import services
from ..models import Body, Charter, Committee, CommitteeSeat, Organization, Person
from .base import router
from .members import _body, _under_body

# --- committee seats (委员会席位) ------------------------------------------------------------


class CommitteeSeatIn(InputSchema):
    """A seat on a committee, held by a person or by a unit (exactly one of the two)."""

    person: Id | None = Field(None, description="Id of the person holding the seat.")
    organization: Id | None = Field(None, description="Id of the unit holding the seat.")
    role: choice(CommitteeSeat.SeatRole) = CommitteeSeat.SeatRole.MEMBER.value
    since: datetime.date | None = None
    until: datetime.date | None = Field(None, description="Not before `since`.")


CommitteeSeatPatch = partial_schema(CommitteeSeatIn, "CommitteeSeatPatch")


class CommitteeSeatOut(OutSchema):
    id: int
    person: RefOut | None
    organization: RefOut | None
    role: str
    role_label: str
    since: datetime.date | None
    until: datetime.date | None


_SEATS = "/bodies/{id}/committees/{committee_id}/seats"
_SEAT = _SEATS + "/{seat_id}"
_seat_refs = rows_for(person=Person.objects, organization=Organization.objects)


def _committee(request, id: int, committee_id: int) -> Committee:
    """The committee in the path, of a body the reader may see (else 404)."""
    return get_or_404(_body(request, id).committees.all(), committee_id)


def _seats(committee: Committee):
    return committee.seats.select_related("person", "organization").order_by("role", "id")


def _seat(request, id: int, committee_id: int, seat_id: int) -> CommitteeSeat:
    return get_or_404(_seats(_committee(request, id, committee_id)), seat_id)


@router.get(
    _SEATS,
    response={200: list[CommitteeSeatOut], **READ_ERRORS},
    tags=["bodies"],
    auth=None,
    summary="A committee's seats (people and units, with their roles)",
)
@paginate(ApiPagination)
def list_committee_seats(request, id: int, committee_id: int):
    return _seats(_committee(request, id, committee_id))


@router.post(
    _SEATS,
    response={201: CommitteeSeatOut, **WRITE_ERRORS},
    tags=["bodies"],
    summary="Seat a person or a unit on a committee (the body's secretariat or an admin)",
)
def create_committee_seat(request, id: int, committee_id: int, payload: CommitteeSeatIn):
    committee = _committee(request, id, committee_id)
    data = _seat_refs(request, payload.model_dump())
    seat = call_service(services.committee_seat_create, request, committee=committee, **data)
    return Status(201, _seat(request, id, committee_id, seat.pk))


@router.get(
    _SEAT,
    response={200: CommitteeSeatOut, **READ_ERRORS},
    tags=["bodies"],
    auth=None,
    summary="One seat of a committee",
)
def get_committee_seat(request, id: int, committee_id: int, seat_id: int, response: HttpResponse):
    return versioned(response, _seat(request, id, committee_id, seat_id))


def _update_seat(request, response, ids: tuple[int, int, int], data: dict):
    seat = _seat(request, *ids)
    if stale := refuse_unseen(request, seat):
        return stale
    data = _seat_refs(request, data)
    call_service(services.committee_seat_update, request, committee_seat=seat, data=data)
    return versioned(response, _seat(request, *ids))


@router.patch(
    _SEAT,
    response={200: CommitteeSeatOut, **WRITE_ERRORS, **STALE},
    tags=["bodies"],
    summary="Change some fields of a seat (holder, role, dates)",
    description=IF_MATCH_HELP,
)
def patch_committee_seat(
    request,
    id: int,
    committee_id: int,
    seat_id: int,
    payload: CommitteeSeatPatch,
    response: HttpResponse,
):
    data = payload.model_dump(exclude_unset=True)
    return _update_seat(request, response, (id, committee_id, seat_id), data)


@router.put(
    _SEAT,
    response={200: CommitteeSeatOut, **WRITE_ERRORS, **STALE},
    tags=["bodies"],
    summary="Replace a seat's record (fields left out get their defaults)",
    description=IF_MATCH_HELP,
)
def put_committee_seat(
    request,
    id: int,
    committee_id: int,
    seat_id: int,
    payload: CommitteeSeatIn,
    response: HttpResponse,
):
    return _update_seat(request, response, (id, committee_id, seat_id), payload.model_dump())


@router.delete(
    _SEAT,
    response={204: None, **WRITE_ERRORS, **STALE},
    tags=["bodies"],
    summary="Delete a seat",
    description=IF_MATCH_HELP,
)
def delete_committee_seat(request, id: int, committee_id: int, seat_id: int):
    seat = _seat(request, id, committee_id, seat_id)
    if stale := refuse_unseen(request, seat):
        return stale
    call_service(services.committee_seat_delete, request, committee_seat=seat)
    return Status(204, None)


# --- charters (章程) -------------------------------------------------------------------------


class CharterIn(InputSchema):
    """A version of the body's charter; its file is uploaded on its own (multipart)."""

    version: Text = Field(description="The version's name (e.g. 2024 修订); unique per body.")
    title: Text = ""
    adopted_on: datetime.date | None = Field(None, description="The day it was adopted.")
    adopted_at: Text = Field("", description="The meeting that adopted it.")
    text: Text = Field("", description="The charter's text, if typed in.")


class CharterOut(OutSchema):
    id: int
    version: str
    title: str
    display_name: str
    adopted_on: datetime.date | None
    adopted_at: str
    text: str
    has_file: bool
    file_url: str | None = Field(
        description="Where the file is downloaded (whoever may read the body), or null."
    )

    @staticmethod
    def resolve_display_name(obj: Charter) -> str:
        return str(obj)

    @staticmethod
    def resolve_has_file(obj: Charter) -> bool:
        return bool(obj.file)

    @staticmethod
    def resolve_file_url(obj: Charter) -> str | None:
        if not obj.file:
            return None
        return reverse("api:download_charter_file", args=[obj.body_id, obj.pk])


_under_body(
    "/bodies/{id}/charters",
    name="charter",
    out=CharterOut,
    rows="charters",
    create_input=CharterIn,
    summaries={
        "list": "A body's charter versions, the latest adopted first",
        "get": "One charter version",
        "create": "Record a new charter version (upload its file at …/file)",
        "patch": "Change some fields of a charter version",
        "put": "Replace a charter version's record (fields left out get their defaults; the "
        "file is kept)",
        "delete": "Delete a charter version with its file",
    },
).register()


def _charter(request, id: int, charter_id: int) -> Charter:
    body: Body = _body(request, id)
    return get_or_404(body.charters.all(), charter_id)


@router.post(
    "/bodies/{id}/charters/{charter_id}/file",
    response={200: CharterOut, **WRITE_ERRORS},
    tags=["bodies"],
    summary="Upload a charter version's file (multipart field `file`; replaces the one before)",
)
def upload_charter_file(request, id: int, charter_id: int, file: File[UploadedFile] = None):
    charter = _charter(request, id, charter_id)
    call_service(services.charter_file_set, request, charter=charter, file=file)
    return _charter(request, id, charter_id)


@router.get(
    "/bodies/{id}/charters/{charter_id}/file",
    response={200: None, **READ_ERRORS},
    tags=["bodies"],
    auth=None,
    url_name="download_charter_file",
    summary="Download a charter version's file (whoever may read the body)",
)
def download_charter_file(request, id: int, charter_id: int):
    charter = _charter(request, id, charter_id)
    if not charter.file:
        raise Http404(_("此章程版本没有文件"))
    name = f"{charter.body.name}-章程-{charter.version}"
    return private_file_response(charter.file, download_name=name)
