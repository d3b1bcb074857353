"""REST endpoints of governance: decision rules, meetings with their attendance, motions with
their live tally (corrected or deleted while drafts), votes (``POST /motions/{id}/votes`` as the unit's representative; a second
vote of the same unit answers 409), paper totals, closing into a resolution, and resolutions.

Reads go through the selectors (a body's meetings for its secretariat, supervising department,
admins and member units' contacts; published resolutions for everyone), writes through the
services (the secretariat runs meetings; only a unit's representative votes for it).
"""

import datetime

from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

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
from chanjiao.core.schemas import (
    ErrorOut,
    Id,
    InputSchema,
    OutSchema,
    RefOut,
    Text,
    choice,
    partial_schema,
)
from chanjiao.registry.api import bodies_seen, charters_seen, terms_seen
from chanjiao.registry.models import Charter, Membership, Organization, Role
from chanjiao.reports.models import Plan

from . import selectors, services
from .models import (
    Application,
    Attendance,
    DecisionRule,
    DecisionType,
    Meeting,
    Motion,
    Organ,
    Resolution,
    Vote,
)

router = Router()

TAG = "governance"


# --- decision rules (表决规则) ----------------------------------------------------------------


class DecisionRuleIn(InputSchema):
    """A body's rule for one type of decision, for a charter version or without one."""

    body: Id
    decision_type: choice(DecisionType)
    organ: choice(Organ)
    quorum_numerator: int = Field(2, ge=0, le=100)
    quorum_denominator: int = Field(3, ge=1, le=100)
    threshold_numerator: int = Field(1, ge=0, le=100)
    threshold_denominator: int = Field(2, ge=1, le=100)
    base: choice(DecisionRule.Base) = DecisionRule.Base.PRESENT.value
    strict: bool = Field(True, description="Strictly more than the threshold (过半数).")
    abstentions_count: bool = True
    correspondence: bool = False
    charter: Id | None = Field(None, description="The charter version stating it.")


class DecisionRuleOut(OutSchema):
    id: int
    body: RefOut
    charter: int | None = Field(validation_alias="charter_id")
    decision_type: str
    decision_type_label: str
    organ: str
    organ_label: str
    quorum_numerator: int
    quorum_denominator: int
    threshold_numerator: int
    threshold_denominator: int
    base: str
    strict: bool
    abstentions_count: bool
    correspondence: bool


class BodyFilter(Schema):
    body: Id | None = None


@router.get(
    "/decision-rules",
    response={200: list[DecisionRuleOut], **READ_ERRORS},
    tags=[TAG],
    summary="The decision rules bodies state (the defaults apply where none is stated)",
    auth=None,
)
@paginate(ApiPagination)
def list_decision_rules(request, filters: Query[BodyFilter]):
    return selectors.rule_list(actor=actor(request), body=filters.body)


@router.post(
    "/decision-rules",
    response={201: DecisionRuleOut, **WRITE_ERRORS},
    tags=[TAG],
    summary="State a body's rule for a decision type (its secretariat)",
)
def set_decision_rule(request, payload: DecisionRuleIn):
    data = rows_for(body=bodies_seen, charter=charters_seen)(request, payload.model_dump())
    rule = call_service(services.decision_rule_set, request, **data)
    return Status(201, rule)


# --- meetings (会议) --------------------------------------------------------------------------


class AttendanceOut(OutSchema):
    organization: RefOut
    status: str
    status_label: str
    proxy: RefOut | None


class TallyOut(Schema):
    members: int = Field(description="Voting members of the organ (suspended ones left out).")
    present: int = Field(description="Taking part: present or by proxy; ballots returned.")
    yes: int
    no: int
    abstain: int
    quorum_reached: bool
    quorum_needed: int
    base: int = Field(description="What the threshold is a fraction of.")
    needed: int = Field(description="Yes votes needed to pass.")
    passed: bool = Field(description="Whether it would pass (or passed) under the rule.")


class VoteOut(OutSchema):
    id: int
    organization: RefOut
    choice: str
    choice_label: str
    created_at: datetime.datetime


class CandidateOut(OutSchema):
    """One line of an election's slate (候选单位): the unit and the council role it is to hold."""

    organization: RefOut
    role: str
    role_label: str


#: What a motion's answer lists, read for many motions at once.
MOTION_PARTS = ("admits", "removes", "applications", "slate__organization", "votes__organization")


class MotionOut(OutSchema):
    id: int
    meeting: int = Field(validation_alias="meeting_id")
    order: int
    decision_type: str
    decision_type_label: str
    title: str
    text: str
    status: str
    status_label: str
    admits: list[RefOut]
    admit_role: str
    removes: list[int] = Field(description="Ids of the memberships it ends.")
    applications: list[int] = Field(description="Ids of the applications to join it decides.")
    charter: int | None = Field(validation_alias="charter_id")
    term: int | None = Field(validation_alias="term_id", description="The term an election fills.")
    slate: list[CandidateOut] = Field(description="An election's slate.")
    plan: int | None = Field(validation_alias="plan_id", description="The plan it approves.")
    report_year: int | None = Field(description="The year of the annual report it approves.")
    counted_on_paper: bool
    tally: TallyOut
    votes: list[VoteOut]

    @staticmethod
    def resolve_admits(obj: Motion) -> list[Organization]:
        return list(obj.admits.all())

    @staticmethod
    def resolve_removes(obj: Motion) -> list[int]:
        return [m.pk for m in obj.removes.all()]

    @staticmethod
    def resolve_applications(obj: Motion) -> list[int]:
        return [a.pk for a in obj.applications.all()]

    @staticmethod
    def resolve_slate(obj: Motion) -> list:
        return list(obj.slate.all())

    @staticmethod
    def resolve_tally(obj: Motion) -> dict:
        # A meeting's motions come with their tallies, read together (MeetingOut).
        figures, outcome = getattr(obj, "live_tally", None) or services.tally(obj)
        return {
            "members": figures.members,
            "present": figures.present,
            "yes": figures.yes,
            "no": figures.no,
            "abstain": figures.abstain,
            **outcome.as_dict(),
        }

    @staticmethod
    def resolve_votes(obj: Motion) -> list[Vote]:
        return list(obj.votes.all())


class MeetingListOut(OutSchema):
    id: int
    body: RefOut
    organ: str
    organ_label: str
    title: str
    mode: str
    mode_label: str
    date: datetime.date
    status: str
    status_label: str


class MeetingOut(MeetingListOut):
    place: str
    deadline: datetime.datetime | None
    term: int | None = Field(validation_alias="term_id")
    agenda: str
    notes: str = Field(
        description="The secretary's notes (会议记录), part of the minutes: empty for a reader "
        "who does not read the minutes yet."
    )
    attendance: list[AttendanceOut]
    motions: list[MotionOut]

    @staticmethod
    def resolve_notes(obj: Meeting, context) -> str:
        request = (context or {}).get("request")
        if request is None or not selectors.may_read_minutes(actor(request), obj):
            return ""
        return obj.notes

    @staticmethod
    def resolve_attendance(obj: Meeting) -> list[Attendance]:
        return list(obj.attendance.select_related("organization", "proxy"))

    @staticmethod
    def resolve_motions(obj: Meeting) -> list[Motion]:
        motions = list(obj.motions.prefetch_related(*MOTION_PARTS))
        for motion, tally in zip(motions, services.tallies(motions).values(), strict=True):
            motion.live_tally = tally
        return motions


class MeetingIn(InputSchema):
    body: Id
    organ: choice(Organ)
    title: Text
    date: datetime.date
    mode: choice(Meeting.Mode) = Meeting.Mode.IN_PERSON.value
    place: Text = ""
    deadline: datetime.datetime | None = Field(None, description="Needed for correspondence.")
    term: Id | None = None
    agenda: Text = ""


class MeetingChange(InputSchema):
    """A meeting corrected, or its notes written (PUT: the whole meeting, what is left out
    taking its default). Once a motion of it has been opened, its organ, date, mode and term
    stay as they are (422): they decide who votes."""

    organ: choice(Organ)
    title: Text
    date: datetime.date
    mode: choice(Meeting.Mode) = Meeting.Mode.IN_PERSON.value
    place: Text = ""
    deadline: datetime.datetime | None = Field(
        None, description="Needed for correspondence; not before the meeting's date."
    )
    term: Id | None = None
    agenda: Text = ""
    notes: Text = Field("", description="The secretary's notes (会议记录), printed in the minutes.")


Crud(
    router,
    __name__,
    "/meetings",
    tag=TAG,
    name="meeting",
    out=MeetingOut,
    list_out=MeetingListOut,
    services=services,
    selector=selectors.meeting_list,
    filters=BodyFilter,
    create_input=MeetingIn,
    put_input=MeetingChange,
    patch_input=partial_schema(MeetingChange, "MeetingPatch"),
    refs=rows_for(body=bodies_seen, term=terms_seen),
    summaries={
        "list": "Meetings of the bodies the reader takes part in or oversees",
        "get": "One meeting: attendance and motions with their live tally",
        "create": "Call a meeting of an organ, or a vote by correspondence (the secretariat)",
        "patch": "Correct a meeting or write its notes (the secretariat; who votes is fixed "
        "once a motion has opened)",
        "put": "Replace a meeting's details and notes (the secretariat; who votes is fixed "
        "once a motion has opened)",
        "delete": "Delete a meeting with its draft motions, while none has opened (the "
        "secretariat)",
    },
).register()


def _meeting(request, id: int) -> Meeting:
    return get_or_404(selectors.meeting_list(actor=actor(request)), id)


meetings = Actions(router, __name__, "/meetings/{id}", "meeting", MeetingOut, _meeting, TAG)
meetings.add(
    "publish",
    services.meeting_publish,
    "Publish a meeting's minutes to the members and its resolutions to the public (the "
    "secretariat; not while a motion of it is voting; a resolution decided later is published "
    "as it closes)",
)


class AttendanceIn(InputSchema):
    organization: Id
    status: choice(Attendance.Status)
    proxy: Id | None = Field(
        None,
        description="The unit holding the proxy (委托出席): a voting unit of the meeting marked "
        "present; its representative then votes for this unit.",
    )


@router.post(
    "/meetings/{id}/attendance",
    response={200: MeetingOut, **WRITE_ERRORS},
    tags=[TAG],
    summary="Record a voting unit as present, represented by proxy, or absent",
)
def set_attendance(request, id: int, payload: AttendanceIn):
    meeting = _meeting(request, id)
    data = rows_for(organization=Organization.objects, proxy=Organization.objects)(
        request, payload.model_dump()
    )
    call_service(services.attendance_set, request, meeting=meeting, **data)
    return _meeting(request, id)


# --- motions, votes, resolutions ------------------------------------------------------------


class MotionIn(InputSchema):
    decision_type: choice(DecisionType)
    title: Text
    text: Text = ""
    order: int = Field(0, ge=0, le=32767)
    admits: list[Id] = Field([], max_length=500, description="Units an admission admits.")
    admit_role: choice(Role) = Role.MEMBER.value
    removes: list[Id] = Field([], max_length=500, description="Memberships a removal ends.")
    charter: Id | None = Field(None, description="The charter version it adopts.")
    applications: list[Id] = Field(
        [], max_length=500, description="Complete applications to join an admission decides."
    )
    plan: Id | None = Field(None, description="The development plan a plan motion approves.")
    report_year: int | None = Field(
        None, ge=1990, le=2100, description="The year of the annual report it approves."
    )


def motion_read(request, id: int) -> Motion:
    """The motion ``id`` in the reader's scope (404 otherwise), with what its answer lists."""
    return get_or_404(
        selectors.motion_list(actor=actor(request)).prefetch_related(*MOTION_PARTS), id
    )


@router.post(
    "/meetings/{id}/motions",
    response={201: MotionOut, **WRITE_ERRORS},
    tags=[TAG],
    summary="Put a motion on a meeting's agenda (the secretariat)",
)
def create_motion(request, id: int, payload: MotionIn):
    meeting = _meeting(request, id)
    data = rows_for(
        admits=Organization.objects,
        removes=lambda request: Membership.objects.filter(body=meeting.body),
        charter=lambda request: Charter.objects.filter(body=meeting.body),
        applications=lambda request: Application.objects.filter(body=meeting.body),
        plan=lambda request: Plan.objects.filter(body=meeting.body),
    )(request, payload.model_dump())
    motion = call_service(services.motion_create, request, meeting=meeting, **data)
    return Status(201, motion_read(request, motion.pk))


class MotionChange(InputSchema):
    """A motion still to be voted on, corrected (PUT: its title, text and order, what is left
    out taking its default). Its decision type and what it acts on stay as they were put
    (delete it and put a new one instead); once it has been opened it changes no more (422)."""

    title: Text
    text: Text = ""
    order: int = Field(0, ge=0, le=32767)


Crud(
    router,
    __name__,
    "/motions",
    tag=TAG,
    name="motion",
    out=MotionOut,
    services=services,
    one=motion_read,
    put_input=MotionChange,
    patch_input=partial_schema(MotionChange, "MotionPatch"),
    summaries={
        "get": "One motion with its live tally and the votes cast",
        "patch": "Correct a motion's title, text or order while it is a draft (the secretariat)",
        "put": "Replace a draft motion's title, text and order (the secretariat)",
        "delete": "Take a draft motion off the agenda; the applications on it go back to the "
        "complete ones (the secretariat)",
    },
).register()

motions = Actions(router, __name__, "/motions/{id}", "motion", MotionOut, motion_read, TAG)
motions.add("open", services.motion_open, "Open the vote on a motion (the secretariat)")


class VoteIn(InputSchema):
    choice: choice(Vote.Choice)
    organization: Id | None = Field(
        None,
        description="The unit voted for, when the representative has several, or a unit whose "
        "proxy at the meeting their unit holds.",
    )


@router.post(
    "/motions/{id}/votes",
    response={201: VoteOut, 409: ErrorOut, **WRITE_ERRORS},
    tags=[TAG],
    summary="Cast the unit's vote, as its representative (once: a second vote answers 409)",
)
def cast_vote(request, id: int, payload: VoteIn):
    motion = motion_read(request, id)
    data = rows_for(organization=Organization.objects)(request, payload.model_dump())
    vote = call_service(services.vote_cast, request, motion=motion, **data)
    return Status(201, vote)


class PaperCountIn(InputSchema):
    yes: int = Field(ge=0, le=100000)
    no: int = Field(ge=0, le=100000)
    abstain: int = Field(ge=0, le=100000)


motions.add(
    "paper-count",
    services.paper_count,
    "Enter the totals of a paper ballot or a show of hands (the secretariat)",
    payload=PaperCountIn,
    view="count_on_paper",
)


class ResolutionOut(OutSchema):
    id: int
    number: int
    motion: int = Field(validation_alias="motion_id")
    title: str
    body: RefOut
    passed: bool
    figures: dict
    decided_at: datetime.datetime
    is_published: bool

    @staticmethod
    def resolve_title(obj: Resolution) -> str:
        return obj.motion.title

    @staticmethod
    def resolve_body(obj: Resolution):
        return obj.motion.meeting.body


@router.post(
    "/motions/{id}/close",
    response={200: ResolutionOut, **WRITE_ERRORS},
    tags=[TAG],
    summary="Close the vote: the result under the rules, recorded as a resolution that takes "
    "effect when it passed (the secretariat)",
)
def close_motion(request, id: int):
    return call_service(services.motion_close, request, motion=motion_read(request, id))


@router.get(
    "/resolutions",
    response={200: list[ResolutionOut], **READ_ERRORS},
    tags=[TAG],
    summary="Resolutions (决议): those of the reader's bodies, and published ones",
    auth=None,
)
@paginate(ApiPagination)
def list_resolutions(request, filters: Query[BodyFilter]):
    return selectors.resolution_list(actor=actor(request), body=filters.body)
