"""API: Match runs (匹配运行) with their proposals, and placements (安置)."""

import datetime
from typing import Any

from django.shortcuts import get_object_or_404
from ninja import Field, Schema
from ninja.responses import Status

from chanjiao.core.api import (
    WRITE_ERRORS,
    actor,
    call_service,
    get_or_404,
    resolve_many,
    rows_for,
)
from chanjiao.core.changelog import change_source
from chanjiao.core.crud_api import Crud
from chanjiao.core.schemas import (
    Id,
    InputSchema,
    OutSchema,
    RefOut,
    Text,
    Year,
    choice,
    partial_schema,
)
from chanjiao.registry.api import bodies_seen
from chanjiao.registry.selectors import visible_bodies

from .. import selectors, services
from ..lists import PLACEMENT_FILTERS, PLACEMENTS, RUN_FILTERS, RUNS
from ..models import (
    DEFAULT_WEIGHTS,
    MatchProposal,
    MatchRun,
    Placement,
    Posting,
)
from .base import router
from .students import PlacementOut, PostingRefOut, StudentRefOut, _students
from .supply import _postings

# === match runs (匹配运行) ==================================================================


def _weight(name: str) -> Any:
    return Field(DEFAULT_WEIGHTS[name], ge=0, le=100)


class WeightsIn(InputSchema):
    """How much each score component counts (any scale; at least one above 0)."""

    major_fit: float = _weight("major_fit")
    skills_overlap: float = _weight("skills_overlap")
    region: float = _weight("region")
    preference_rank: float = _weight("preference_rank")
    enterprise: float = _weight("enterprise")


class ParametersIn(InputSchema):
    year: Year | None = Field(None, description="Only students graduating in this year.")
    kinds: list[choice(Posting.Kind)] = Field(
        default_factory=list, description="Only postings of these kinds (all when empty)."
    )
    include_unapplied: bool = Field(
        False,
        description="Also pair students with postings of a fitting major they did not choose.",
    )
    min_score: float = Field(0.0, ge=0, le=1, description="Pairs scoring less are not candidates.")


class MatchRunIn(InputSchema):
    """Start matching a body's students to its open postings (runs in the background)."""

    body: Id
    mode: choice(MatchRun.Mode) = MatchRun.Mode.STABLE.value
    weights: WeightsIn = Field(default_factory=WeightsIn)
    parameters: ParametersIn = Field(default_factory=ParametersIn)


class MatchAcceptanceOut(OutSchema):
    """A background acceptance of a run's proposals (more than 100 at once)."""

    id: int
    status: str
    status_label: str
    phase: str
    done: int
    total: int
    percent: int
    error: str = Field(description="Why it failed (nothing was accepted then).")
    created_at: datetime.datetime
    finished_at: datetime.datetime | None


class MatchRunOut(OutSchema):
    id: int
    body: RefOut
    mode: str
    mode_label: str
    status: str
    status_label: str
    phase: str
    done: int
    total: int
    percent: int
    weights: dict[str, float]
    parameters: dict[str, Any]
    summary: dict[str, Any] = Field(
        description="matched, objective, seconds, students, positions, edges and the checks."
    )
    error: str
    created_by: str | None
    proposal_count: int
    accepted_count: int
    acceptance: MatchAcceptanceOut | None = Field(
        description="The latest background acceptance of its proposals, if any: poll it after "
        "POST …/accept answered 202."
    )
    created_at: datetime.datetime
    started_at: datetime.datetime | None
    finished_at: datetime.datetime | None

    @staticmethod
    def resolve_acceptance(obj: MatchRun):
        jobs = getattr(obj, "acceptance_jobs", None)
        if jobs is None:
            return obj.acceptances.order_by("-id").first()
        return jobs[0] if jobs else None

    @staticmethod
    def resolve_created_by(obj: MatchRun) -> str | None:
        return obj.created_by.get_username() if obj.created_by else None

    @staticmethod
    def resolve_proposal_count(obj: MatchRun) -> int:
        return getattr(obj, "proposal_count", 0)

    @staticmethod
    def resolve_accepted_count(obj: MatchRun) -> int:
        return getattr(obj, "accepted_count", 0)


MatchRunFilters = RUN_FILTERS.schema()


class MatchProposalOut(OutSchema):
    id: int
    student: StudentRefOut
    school: RefOut
    posting: PostingRefOut
    score: float
    explanation: dict[str, dict[str, float]] = Field(
        description="Per component: value (0–1), weight and points (value × weight)."
    )
    student_rank: int | None
    decision: str
    decision_label: str

    @staticmethod
    def resolve_school(obj: MatchProposal):
        return obj.student.cohort.school


class ProposalFilters(Schema):
    q: Text | None = None
    decision: choice(MatchProposal.Decision) | None = None


class ProposalsIn(InputSchema):
    proposals: list[Id] | None = Field(
        None, description="Ids of the proposals; leave out to take every pending one."
    )


class ProposalIdsIn(InputSchema):
    proposals: list[Id]


def _runs(request):
    return selectors.match_run_list(actor=actor(request))


Crud(
    router,
    __name__,
    "/match-runs",
    tag="match-runs",
    name="match_run",
    out=MatchRunOut,
    services=services,
    selector=selectors.match_run_list,
    filters=MatchRunFilters,
    sorts=RUNS,
    summaries={
        "list": "List match runs (of the bodies you hold a role in)",
        "get": "One run: its progress (done/total), then its summary and checks",
    },
).register()


@router.post(
    "/match-runs",
    response={201: MatchRunOut, **WRITE_ERRORS},
    tags=["match-runs"],
    summary="Start a match run (the body's secretariat or an admin); poll it for progress",
)
def create_match_run(request, payload: MatchRunIn):
    body = get_object_or_404(visible_bodies(actor(request)), pk=payload.body)
    run = call_service(
        services.match_run_create,
        request,
        body=body,
        mode=payload.mode,
        weights=payload.weights.model_dump(),
        parameters=payload.parameters.model_dump(),
    )
    return Status(201, get_or_404(_runs(request), run.pk))


Crud(
    router,
    __name__,
    "/match-runs/{id}/proposals",
    tag="match-runs",
    name="proposal",
    out=MatchProposalOut,
    services=services,
    parent=lambda request, id: get_or_404(_runs(request), id),
    rows="proposals",
    listing=lambda request, run, **filters: selectors.proposal_list(
        actor=actor(request), run=run, **filters
    ),
    filters=ProposalFilters,
    summaries={"list": "A run's proposed matches with their score explanation, best first"},
).register()


def _resolve_proposals(run: MatchRun, ids: list[int] | None):
    if ids is None:
        return None
    return resolve_many(run.proposals.all(), ids, "proposals")


@router.post(
    "/match-runs/{id}/accept",
    response={201: list[PlacementOut], 202: MatchAcceptanceOut, **WRITE_ERRORS},
    tags=["match-runs"],
    summary="Accept proposed matches (all pending, or those given): they become placements",
    description="Every proposal is checked first; a refusal accepts none. Up to "
    f"{services.ACCEPT_INLINE_LIMIT} are accepted at once (201, the placements); more are "
    "accepted in the background (202, the job: follow it as the run's `acceptance`).",
)
def accept_proposals(request, id: int, payload: ProposalsIn):
    run = get_or_404(_runs(request), id)
    proposals = _resolve_proposals(run, payload.proposals)
    who = actor(request)
    # Not call_service's one transaction: the placements are written in short batches, so
    # that other writers are not kept waiting.
    with change_source("api"):
        if services.accepts_in_background(run, proposals):
            job = services.match_acceptance_create(actor=who, run=run, proposals=proposals)
            return Status(202, job)
        placements = services.match_proposals_accept(actor=who, run=run, proposals=proposals)
    return Status(201, list(_placements(request).filter(pk__in=[p.pk for p in placements])))


@router.post(
    "/match-runs/{id}/reject",
    response={200: dict[str, int], **WRITE_ERRORS},
    tags=["match-runs"],
    summary="Mark proposed matches as not taken up",
)
def reject_proposals(request, id: int, payload: ProposalIdsIn):
    run = get_or_404(_runs(request), id)
    proposals = _resolve_proposals(run, payload.proposals)
    count = call_service(services.match_proposals_reject, request, run=run, proposals=proposals)
    return {"rejected": count}


# === placements (安置) ======================================================================


class PlacementOutcomeIn(InputSchema):
    """An outcome and its dates (a date left empty is filled with today's for the status)."""

    status: choice(Placement.Status) = Placement.Status.ACCEPTED.value
    accepted_on: datetime.date | None = None
    started_on: datetime.date | None = None
    finished_on: datetime.date | None = None
    hired_on: datetime.date | None = None
    notes: Text = ""


PlacementPatch = partial_schema(PlacementOutcomeIn, "PlacementPatch")


class PlacementIn(PlacementOutcomeIn):
    """A placement agreed outside a match run."""

    student: Id
    posting: Id
    body: Id


PlacementFilters = PLACEMENT_FILTERS.schema()


def _placements(request):
    return selectors.placement_list(actor=actor(request))


Crud(
    router,
    __name__,
    "/placements",
    tag="placements",
    name="placement",
    out=PlacementOut,
    services=services,
    selector=selectors.placement_list,
    filters=PlacementFilters,
    sorts=PLACEMENTS,
    create_input=PlacementIn,
    patch_input=PlacementPatch,
    put_input=PlacementOutcomeIn,
    refs=rows_for(student=_students, posting=_postings, body=bodies_seen),
    summaries={
        "list": "List the placements you may see",
        "get": "One placement",
        "create": "Record a placement agreed outside a match run (the body's secretariat or an admin)",
        "patch": "Record an outcome: started, finished, hired or withdrawn",
        "put": "Replace a placement's outcome, dates and notes (fields left out get their "
        "defaults)",
        "delete": "Delete a placement recorded by mistake (its proposal is pending again)",
    },
).register()
