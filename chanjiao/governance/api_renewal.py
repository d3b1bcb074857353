"""REST endpoints of council renewal (换届).

``GET /bodies/{id}/council-history`` answers who held which council seat when, term by term;
it is public wherever the body is (a body's terms and members are). The body's secretariat
puts an election on a meeting's agenda with its slate (``POST /meetings/{id}/elections``) and
replaces the slate while the election is not yet put to the vote (``PUT /motions/{id}/slate``);
the vote and its close are those of every motion (``/motions/{id}/open``, ``/close``).
"""

import datetime
from typing import Literal

from ninja import Field, Router, Schema
from ninja.responses import Status

from chanjiao.core.api import (
    READ_ERRORS,
    WRITE_ERRORS,
    actor,
    call_service,
    get_or_404,
    resolve_many,
)
from chanjiao.core.schemas import Id, InputSchema, OutSchema, RefOut, Text
from chanjiao.registry.models import Organization
from chanjiao.registry.selectors import visible_bodies

from . import selectors, services
from .api import MotionOut, motion_read

router = Router()

TAG = "governance"

CouncilRole = Literal[tuple(services.COUNCIL_ROLES)]  # type: ignore[valid-type]


class SeatOut(OutSchema):
    """A council seat: a unit in a council role from ``since`` until ``until``."""

    membership: int = Field(validation_alias="id", description="The membership's id.")
    organization: RefOut
    role: str
    role_label: str
    since: datetime.date | None
    until: datetime.date | None = Field(description="null: holds the seat still.")


class CouncilTermOut(OutSchema):
    """One term (届) of the council with the seats held in it."""

    term: int | None = Field(description="The term's id; null for seats of no known term.")
    number: int | None
    name: str
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    seats: list[SeatOut]

    @staticmethod
    def resolve_term(obj: selectors.TermSeats) -> int | None:
        return obj.term.pk if obj.term else None

    @staticmethod
    def resolve_number(obj: selectors.TermSeats) -> int | None:
        return obj.term.number if obj.term else None

    @staticmethod
    def resolve_name(obj: selectors.TermSeats) -> str:
        return str(obj.term) if obj.term else ""

    @staticmethod
    def resolve_starts_on(obj: selectors.TermSeats) -> datetime.date | None:
        return obj.term.starts_on if obj.term else None

    @staticmethod
    def resolve_ends_on(obj: selectors.TermSeats) -> datetime.date | None:
        return obj.term.ends_on if obj.term else None


class CouncilHistoryOut(Schema):
    body: RefOut
    terms: list[CouncilTermOut] = Field(description="Latest term first.")


@router.get(
    "/bodies/{id}/council-history",
    response={200: CouncilHistoryOut, **READ_ERRORS},
    tags=[TAG],
    summary="Who held which council seat when (换届历史), term by term, latest first",
    auth=None,
)
def council_history(request, id: int):
    body = get_or_404(visible_bodies(actor(request)), id)
    return {"body": body, "terms": selectors.council_history(body)}


class SlateLineIn(InputSchema):
    organization: Id = Field(description="A current member unit of the body.")
    role: CouncilRole = Field(description="The council role it is to hold.")


class ElectionIn(InputSchema):
    """An election (换届选举): the term it fills and its slate."""

    number: int = Field(ge=1, le=32767, description="The term's number (第N届); a new one.")
    starts_on: datetime.date | None = Field(None, description="Default: the day it passes.")
    ends_on: datetime.date | None = None
    title: Text | None = Field(
        None, max_length=300, description="Default: 关于选举第N届理事会的议案"
    )
    text: Text = ""
    slate: list[SlateLineIn] = Field(min_length=1, max_length=500)


class SlateIn(InputSchema):
    slate: list[SlateLineIn] = Field(min_length=1, max_length=500)


def _slate(lines: list[dict]) -> list[tuple[Organization, str]]:
    """The slate's units: an id of no unit is a field error (没有编号为 5 的单位（或您无权查看）);
    a unit that is not a member is refused by the service's check."""
    ids = [line["organization"] for line in lines]
    units = {unit.pk: unit for unit in resolve_many(Organization.objects.all(), ids, "slate")}
    return [(units[line["organization"]], line["role"]) for line in lines]


@router.post(
    "/meetings/{id}/elections",
    response={201: MotionOut, **WRITE_ERRORS},
    tags=[TAG],
    summary="Put an election with its slate on a meeting's agenda (the secretariat)",
)
def prepare_election(request, id: int, payload: ElectionIn):
    meeting = get_or_404(selectors.meeting_list(actor=actor(request)), id)
    services.may_run(actor(request), meeting.body)
    data = payload.model_dump()
    motion = call_service(
        services.election_prepare,
        request,
        meeting=meeting,
        number=data["number"],
        starts_on=data["starts_on"],
        ends_on=data["ends_on"],
        title=data["title"],
        text=data["text"],
        slate=_slate(data["slate"]),
    )
    return Status(201, motion_read(request, motion.pk))


@router.put(
    "/motions/{id}/slate",
    response={200: MotionOut, **WRITE_ERRORS},
    tags=[TAG],
    summary="Replace the slate of an election not yet put to the vote (the secretariat)",
)
def set_slate(request, id: int, payload: SlateIn):
    motion = motion_read(request, id)
    services.may_run(actor(request), motion.meeting.body)
    slate = _slate(payload.model_dump()["slate"])
    call_service(services.slate_set, request, motion=motion, slate=slate)
    return motion_read(request, motion.pk)
