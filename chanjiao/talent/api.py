"""REST endpoints of talent: the majors catalogue, cohorts, postings, students and their
applications, the supply–demand gap, match runs with their proposals, and placements.

Reads go through the selectors (students and placements only for those who may see them),
writes through the services (which check rights and write the change log).
"""

import datetime
from typing import Any, Literal

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
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
    QueryBool,
    RefOut,
    Text,
    Year,
    actor,
    call_service,
    choice,
    display_of,
    get_or_404,
    partial_schema,
    resolve_many,
    resolve_one,
)
from chanjiao.registry.models import Organization
from chanjiao.registry.selectors import visible_bodies

from . import selectors, services
from .models import (
    DEFAULT_WEIGHTS,
    Cohort,
    Level,
    Major,
    MatchProposal,
    MatchRun,
    Placement,
    Posting,
)

router = Router()

COUNT = {"ge": 0, "le": 2147483647}
YEAR = {"ge": 1949, "le": 2100}
RANK = {"ge": 1, "le": 32767}


class MajorRefOut(OutSchema):
    id: int
    level: str
    code: str
    name: str


class CategoryRefOut(OutSchema):
    id: int
    level: str
    code: str
    name: str


class ClassRefOut(OutSchema):
    id: int
    code: str
    name: str


# === the majors catalogue (专业目录) ========================================================


class MajorOut(OutSchema):
    id: int
    level: str
    level_label: str
    code: str
    name: str
    category: CategoryRefOut
    major_class: ClassRefOut | None
    industry: str
    industry_code: str
    is_synthetic: bool

    resolve_level_label = display_of("level")


class MajorFilters(Schema):
    q: Text | None = Field(None, description="Words to find in codes, names and industries.")
    level: choice(Level) | None = None
    category: Id | None = Field(None, description="Only majors of this category (专业大类).")
    industry: Text | None = Field(None, description="Part of the industry the major serves.")


class MajorCategoryOut(OutSchema):
    id: int
    level: str
    level_label: str
    code: str
    name: str
    major_count: int

    resolve_level_label = display_of("level")


class MajorCategoryFilters(Schema):
    level: choice(Level) | None = None


@router.get(
    "/majors",
    response={200: list[MajorOut], **READ_ERRORS},
    auth=None,
    tags=["majors"],
    summary="List majors",
)
@paginate(ApiPagination)
def list_majors(request, filters: Query[MajorFilters]):
    return selectors.major_list(actor=actor(request), **filters.model_dump())


@router.get(
    "/majors/{id}",
    response={200: MajorOut, **READ_ERRORS},
    auth=None,
    tags=["majors"],
    summary="One major",
)
def get_major(request, id: int):
    return get_or_404(selectors.major_list(actor=actor(request)), id)


@router.get(
    "/major-categories",
    response={200: list[MajorCategoryOut], **READ_ERRORS},
    auth=None,
    tags=["majors"],
    summary="List the categories (专业大类) of the catalogue",
)
@paginate(ApiPagination)
def list_major_categories(request, filters: Query[MajorCategoryFilters]):
    return selectors.major_category_list(actor=actor(request), **filters.model_dump())


# === cohorts (培养规模) =====================================================================


class CohortIn(InputSchema):
    """How many students a school trains in a major, by intake and graduation year."""

    school: Id = Field(description="Id of the school (an organisation).")
    major: Id = Field(description="Id of the major (see /majors).")
    name: Text = Field("", description="A class or cohort name, e.g. 2023级机电一体化技术1班.")
    intake_year: int = Field(**YEAR)
    graduation_year: int = Field(**YEAR)
    headcount: int = Field(**COUNT)
    skills: list[Text] = Field(default_factory=list, description="Skills and certificates.")
    body: Id | None = Field(None, description="Id of the body it is filed under.")
    notes: Text = ""
    is_synthetic: bool = Field(False, description="Synthetic (demo) data, labelled as such.")


CohortPatch = partial_schema(CohortIn, "CohortPatch")


class CohortOut(OutSchema):
    id: int
    school: RefOut
    major: MajorRefOut
    category: CategoryRefOut
    name: str
    display_name: str
    intake_year: int
    graduation_year: int
    headcount: int
    skills: list[str]
    body: RefOut | None
    notes: str | None = Field(
        description="Internal notes: null unless the reader is the school, the body's "
        "secretariat or an admin."
    )
    is_synthetic: bool
    student_count: int
    updated_at: datetime.datetime

    resolve_notes = personal_value("notes")

    @staticmethod
    def resolve_category(obj: Cohort):
        return obj.major.category

    @staticmethod
    def resolve_display_name(obj: Cohort) -> str:
        return str(obj)

    @staticmethod
    def resolve_student_count(obj: Cohort) -> int:
        return getattr(obj, "student_count", 0)


class CohortFilters(Schema):
    q: Text | None = Field(None, description="Words to find in names, schools and majors.")
    body: Id | None = Field(
        None, description="Cohorts of this body (and those its member schools filed under none)."
    )
    school: Id | None = None
    major: Id | None = None
    category: Id | None = Field(None, description="Only majors of this category.")
    year: Year | None = Field(None, description="Graduating in this year.")
    region: Text | None = Field(None, description="Part of the school's region.")


def _cohort_refs(request, payload: dict[str, Any]) -> dict[str, Any]:
    if "school" in payload:
        payload["school"] = resolve_one(Organization.objects.all(), payload["school"], "school")
    if "major" in payload:
        payload["major"] = resolve_one(Major.objects.all(), payload["major"], "major")
    if "body" in payload:
        payload["body"] = resolve_one(visible_bodies(actor(request)), payload["body"], "body")
    return payload


def _cohorts(request):
    return selectors.cohort_list(actor=actor(request))


@router.get(
    "/cohorts",
    response={200: list[CohortOut], **READ_ERRORS},
    auth=None,
    tags=["cohorts"],
    summary="List cohorts",
)
@paginate(ApiPagination)
def list_cohorts(request, filters: Query[CohortFilters]):
    return selectors.cohort_list(actor=actor(request), **filters.model_dump())


@router.get(
    "/cohorts/{id}",
    response={200: CohortOut, **READ_ERRORS},
    auth=None,
    tags=["cohorts"],
    summary="One cohort",
)
def get_cohort(request, id: int):
    return get_or_404(_cohorts(request), id)


@router.post(
    "/cohorts",
    response={201: CohortOut, **WRITE_ERRORS},
    tags=["cohorts"],
    summary="Record a cohort (the school's contact, the body's secretariat or an admin)",
)
def create_cohort(request, payload: CohortIn):
    data = _cohort_refs(request, payload.model_dump())
    cohort = call_service(services.cohort_create, request, **data)
    return Status(201, get_or_404(_cohorts(request), cohort.pk))


@router.patch(
    "/cohorts/{id}",
    response={200: CohortOut, **WRITE_ERRORS},
    tags=["cohorts"],
    summary="Change some fields of a cohort",
)
def patch_cohort(request, id: int, payload: CohortPatch):
    cohort = get_or_404(_cohorts(request), id)
    data = _cohort_refs(request, payload.model_dump(exclude_unset=True))
    call_service(services.cohort_update, request, cohort=cohort, data=data)
    return get_or_404(_cohorts(request), id)


@router.put(
    "/cohorts/{id}",
    response={200: CohortOut, **WRITE_ERRORS},
    tags=["cohorts"],
    summary="Replace a cohort's record (fields left out get their defaults)",
)
def put_cohort(request, id: int, payload: CohortIn):
    cohort = get_or_404(_cohorts(request), id)
    data = _cohort_refs(request, payload.model_dump())
    call_service(services.cohort_update, request, cohort=cohort, data=data)
    return get_or_404(_cohorts(request), id)


@router.delete(
    "/cohorts/{id}",
    response={204: None, **WRITE_ERRORS},
    tags=["cohorts"],
    summary="Delete a cohort with its students",
)
def delete_cohort(request, id: int):
    cohort = get_or_404(_cohorts(request), id)
    call_service(services.cohort_delete, request, cohort=cohort)
    return Status(204, None)


# === postings (需求岗位) ====================================================================


class PostingIn(InputSchema):
    """What an enterprise needs: interns (岗位实习), employees (就业岗位), apprentices (现代学徒制)
    or an order class (订单班)."""

    enterprise: Id = Field(description="Id of the enterprise (an organisation).")
    title: Text
    kind: choice(Posting.Kind) = Posting.Kind.INTERNSHIP.value
    major: Id | None = Field(None, description="Id of the main major (gap analysis counts it).")
    majors: list[Id] = Field(default_factory=list, description="Ids of other accepted majors.")
    skills: list[Text] = Field(default_factory=list)
    region: Text = Field("", description="Where the work is, e.g. 四川省成都市.")
    headcount: int = Field(ge=1, le=2147483647)
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None
    status: choice(Posting.Status) = Posting.Status.OPEN.value
    body: Id | None = Field(None, description="Id of the body it is filed under.")
    description: Text = ""
    is_synthetic: bool = Field(False, description="Synthetic (demo) data, labelled as such.")


PostingPatch = partial_schema(PostingIn, "PostingPatch")


class PostingOut(OutSchema):
    id: int
    enterprise: RefOut
    title: str
    kind: str
    kind_label: str
    major: MajorRefOut | None
    majors: list[MajorRefOut]
    skills: list[str]
    region: str
    headcount: int
    placed: int = Field(description="Students placed so far (not withdrawn).")
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    status: str
    status_label: str
    body: RefOut | None
    description: str
    is_synthetic: bool
    updated_at: datetime.datetime

    resolve_kind_label = display_of("kind")

    resolve_status_label = display_of("status")

    @staticmethod
    def resolve_majors(obj: Posting):
        return obj.majors.all()

    @staticmethod
    def resolve_placed(obj: Posting) -> int:
        return getattr(obj, "placed", 0)


class PostingFilters(Schema):
    q: Text | None = Field(None, description="Words to find in titles, employers and majors.")
    body: Id | None = Field(
        None, description="Postings of this body (and those its member units filed under none)."
    )
    enterprise: Id | None = None
    kind: choice(Posting.Kind) | None = None
    status: choice(Posting.Status) | None = None
    major: Id | None = Field(None, description="Postings that take this major.")
    region: Text | None = None
    year: Year | None = Field(None, description="Postings whose period touches this year.")


def _posting_refs(request, payload: dict[str, Any]) -> dict[str, Any]:
    if "enterprise" in payload:
        payload["enterprise"] = resolve_one(
            Organization.objects.all(), payload["enterprise"], "enterprise"
        )
    if "major" in payload:
        payload["major"] = resolve_one(Major.objects.all(), payload["major"], "major")
    if "majors" in payload:
        payload["majors"] = resolve_many(Major.objects.all(), payload["majors"], "majors")
    if "body" in payload:
        payload["body"] = resolve_one(visible_bodies(actor(request)), payload["body"], "body")
    return payload


def _postings(request):
    return selectors.posting_list(actor=actor(request))


@router.get(
    "/postings",
    response={200: list[PostingOut], **READ_ERRORS},
    auth=None,
    tags=["postings"],
    summary="List postings",
)
@paginate(ApiPagination)
def list_postings(request, filters: Query[PostingFilters]):
    return selectors.posting_list(actor=actor(request), **filters.model_dump())


@router.get(
    "/postings/{id}",
    response={200: PostingOut, **READ_ERRORS},
    auth=None,
    tags=["postings"],
    summary="One posting",
)
def get_posting(request, id: int):
    return get_or_404(_postings(request), id)


@router.post(
    "/postings",
    response={201: PostingOut, **WRITE_ERRORS},
    tags=["postings"],
    summary="Post a demand (the enterprise's contact, the body's secretariat or an admin)",
)
def create_posting(request, payload: PostingIn):
    data = _posting_refs(request, payload.model_dump())
    posting = call_service(services.posting_create, request, **data)
    return Status(201, get_or_404(_postings(request), posting.pk))


@router.patch(
    "/postings/{id}",
    response={200: PostingOut, **WRITE_ERRORS},
    tags=["postings"],
    summary="Change some fields of a posting (close it with status=closed)",
)
def patch_posting(request, id: int, payload: PostingPatch):
    posting = get_or_404(_postings(request), id)
    data = _posting_refs(request, payload.model_dump(exclude_unset=True))
    call_service(services.posting_update, request, posting=posting, data=data)
    return get_or_404(_postings(request), id)


@router.put(
    "/postings/{id}",
    response={200: PostingOut, **WRITE_ERRORS},
    tags=["postings"],
    summary="Replace a posting's record (fields left out get their defaults)",
)
def put_posting(request, id: int, payload: PostingIn):
    posting = get_or_404(_postings(request), id)
    data = _posting_refs(request, payload.model_dump())
    call_service(services.posting_update, request, posting=posting, data=data)
    return get_or_404(_postings(request), id)


@router.delete(
    "/postings/{id}",
    response={204: None, **WRITE_ERRORS},
    tags=["postings"],
    summary="Delete a posting (one with placements cannot be deleted)",
)
def delete_posting(request, id: int):
    posting = get_or_404(_postings(request), id)
    call_service(services.posting_delete, request, posting=posting)
    return Status(204, None)


# === students (学生) and applications (志愿) =================================================


class StudentIn(InputSchema):
    """A student of a cohort: a name or a code, skills, preferred region. Nothing else."""

    cohort: Id
    display_name: Text = Field(description="A name or a code the school chooses.")
    skills: list[Text] = Field(default_factory=list)
    region: Text = Field("", description="Where the student prefers to work.")
    is_synthetic: bool = Field(False, description="Synthetic (demo) data, labelled as such.")


StudentPatch = partial_schema(StudentIn, "StudentPatch")


class CohortRefOut(OutSchema):
    id: int
    name: str
    school: RefOut
    major: MajorRefOut
    graduation_year: int

    @staticmethod
    def resolve_name(obj: Cohort) -> str:
        return str(obj)


class StudentOut(OutSchema):
    id: int
    cohort: CohortRefOut
    display_name: str | None = Field(
        description="Name or code: null unless the reader is the school, an enterprise the "
        "student applied to or is placed with, the body's secretariat or an admin."
    )
    skills: list[str]
    region: str
    is_synthetic: bool
    updated_at: datetime.datetime

    resolve_display_name = personal_value("display_name")


class StudentFilters(Schema):
    q: Text | None = Field(None, description="Words to find in names and regions.")
    cohort: Id | None = None
    body: Id | None = None
    synthetic: QueryBool | None = Field(None, description="Only synthetic (true) or real (false).")


def _students(request):
    return selectors.student_list(actor=actor(request))


def _student_refs(request, payload: dict[str, Any]) -> dict[str, Any]:
    if "cohort" in payload:
        payload["cohort"] = resolve_one(_cohorts(request), payload["cohort"], "cohort")
    return payload


@router.get(
    "/students",
    response={200: list[StudentOut], **READ_ERRORS},
    auth=None,
    tags=["students"],
    summary="List the students you may see (signed-in roles only)",
)
@paginate(ApiPagination)
def list_students(request, filters: Query[StudentFilters]):
    return selectors.student_list(actor=actor(request), **filters.model_dump())


@router.get(
    "/students/{id}",
    response={200: StudentOut, **READ_ERRORS},
    auth=None,
    tags=["students"],
    summary="One student",
)
def get_student(request, id: int):
    return get_or_404(_students(request), id)


@router.post(
    "/students",
    response={201: StudentOut, **WRITE_ERRORS},
    tags=["students"],
    summary="Add a student to a cohort",
)
def create_student(request, payload: StudentIn):
    data = _student_refs(request, payload.model_dump())
    student = call_service(services.student_create, request, **data)
    return Status(201, get_or_404(_students(request), student.pk))


@router.patch(
    "/students/{id}",
    response={200: StudentOut, **WRITE_ERRORS},
    tags=["students"],
    summary="Change some fields of a student",
)
def patch_student(request, id: int, payload: StudentPatch):
    student = get_or_404(_students(request), id)
    data = _student_refs(request, payload.model_dump(exclude_unset=True))
    call_service(services.student_update, request, student=student, data=data)
    return get_or_404(_students(request), id)


@router.delete(
    "/students/{id}",
    response={204: None, **WRITE_ERRORS},
    tags=["students"],
    summary="Delete a student with their choices",
)
def delete_student(request, id: int):
    student = get_or_404(_students(request), id)
    call_service(services.student_delete, request, student=student)
    return Status(204, None)


class ApplicationIn(InputSchema):
    """A student's ranked choice of a posting; the enterprise may rank or score it."""

    student: Id
    posting: Id
    student_rank: int = Field(description="1 is the student's first choice.", **RANK)
    enterprise_rank: int | None = Field(
        None, description="The enterprise's rank (1 = best).", **RANK
    )
    enterprise_score: float | None = Field(
        None, ge=0, le=100, description="The enterprise's score."
    )


class ApplicationUpdate(InputSchema):
    student_rank: int = Field(**RANK)
    enterprise_rank: int | None = Field(None, **RANK)
    enterprise_score: float | None = Field(None, ge=0, le=100)


ApplicationPatch = partial_schema(ApplicationUpdate, "ApplicationPatch")


class PostingRefOut(OutSchema):
    id: int
    title: str
    kind: str
    enterprise: RefOut


class StudentRefOut(OutSchema):
    id: int
    display_name: str | None = Field(description="Null on the same terms as StudentOut's.")
    is_synthetic: bool

    resolve_display_name = personal_value("display_name")


class ApplicationOut(OutSchema):
    id: int
    student: StudentRefOut
    posting: PostingRefOut
    student_rank: int
    enterprise_rank: int | None
    enterprise_score: float | None
    updated_at: datetime.datetime


class ApplicationFilters(Schema):
    student: Id | None = None
    posting: Id | None = None


def _applications(request):
    return selectors.application_list(actor=actor(request))


@router.get(
    "/applications",
    response={200: list[ApplicationOut], **READ_ERRORS},
    auth=None,
    tags=["applications"],
    summary="List the applications you may see",
)
@paginate(ApiPagination)
def list_applications(request, filters: Query[ApplicationFilters]):
    return selectors.application_list(actor=actor(request), **filters.model_dump())


@router.get(
    "/applications/{id}",
    response={200: ApplicationOut, **READ_ERRORS},
    auth=None,
    tags=["applications"],
    summary="One application",
)
def get_application(request, id: int):
    return get_or_404(_applications(request), id)


@router.post(
    "/applications",
    response={201: ApplicationOut, **WRITE_ERRORS},
    tags=["applications"],
    summary="Record a student's choice of a posting",
)
def create_application(request, payload: ApplicationIn):
    data = payload.model_dump()
    data["student"] = resolve_one(_students(request), data["student"], "student")
    data["posting"] = resolve_one(_postings(request), data["posting"], "posting")
    application = call_service(services.application_create, request, **data)
    return Status(201, get_or_404(_applications(request), application.pk))


@router.patch(
    "/applications/{id}",
    response={200: ApplicationOut, **WRITE_ERRORS},
    tags=["applications"],
    summary="Change the student's rank, or the enterprise's rank or score",
)
def patch_application(request, id: int, payload: ApplicationPatch):
    application = get_or_404(_applications(request), id)
    data = payload.model_dump(exclude_unset=True)
    call_service(services.application_update, request, application=application, data=data)
    return get_or_404(_applications(request), id)


@router.delete(
    "/applications/{id}",
    response={204: None, **WRITE_ERRORS},
    tags=["applications"],
    summary="Withdraw a choice",
)
def delete_application(request, id: int):
    application = get_or_404(_applications(request), id)
    call_service(services.application_delete, request, application=application)
    return Status(204, None)


class PlacementOut(OutSchema):
    id: int
    student: StudentRefOut
    school: RefOut
    posting: PostingRefOut
    body: RefOut | None
    run: int | None = Field(description="Id of the run that proposed it, if any.")
    status: str
    status_label: str
    accepted_on: datetime.date | None
    started_on: datetime.date | None
    finished_on: datetime.date | None
    hired_on: datetime.date | None
    notes: str | None = Field(
        description="Null unless the reader is the school, the enterprise, the body's "
        "secretariat or an admin."
    )
    updated_at: datetime.datetime

    resolve_notes = personal_value("notes")

    @staticmethod
    def resolve_school(obj: Placement):
        return obj.student.cohort.school

    @staticmethod
    def resolve_run(obj: Placement) -> int | None:
        return obj.run_id

    resolve_status_label = display_of("status")


# === the supply–demand gap (人才供需分析) ====================================================


class GapRowOut(OutSchema):
    """Supply beside demand for one group; ``gap`` is demand − supply (above 0: shortage)."""

    key: str = Field(description="The group's id (major, category), name (industry, region) or ''.")
    label: str
    supply: int = Field(description="Headcount of cohorts graduating in the year.")
    demand: int = Field(description="Headcount of open postings whose period touches the year.")
    gap: int
    ratio: float | None = Field(description="Demand per graduate.")


class GapFilters(Schema):
    body: Id | None = Field(None, description="Only this body's cohorts and postings.")
    region: Text | None = Field(None, description="Part of the region (school's / posting's).")
    year: Year | None = Field(None, description="Graduation year of the supply.")
    by: Literal["major", "category", "industry", "region"] = "major"


@router.get(
    "/talent/gap",
    response={200: list[GapRowOut], **READ_ERRORS},
    auth=None,
    tags=["talent"],
    summary="Supply and demand by major, category, industry or region, largest gap first",
)
@paginate(ApiPagination)
def talent_gap(request, filters: Query[GapFilters]):
    who = actor(request)
    if filters.body is not None:
        get_or_404(visible_bodies(who), filters.body)
    rows = selectors.talent_gap(actor=who, **filters.model_dump())
    return [row.as_dict() for row in rows]


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
    created_at: datetime.datetime
    started_at: datetime.datetime | None
    finished_at: datetime.datetime | None

    resolve_mode_label = display_of("mode")

    resolve_status_label = display_of("status")

    @staticmethod
    def resolve_created_by(obj: MatchRun) -> str | None:
        return obj.created_by.get_username() if obj.created_by else None

    @staticmethod
    def resolve_proposal_count(obj: MatchRun) -> int:
        return getattr(obj, "proposal_count", 0)

    @staticmethod
    def resolve_accepted_count(obj: MatchRun) -> int:
        return getattr(obj, "accepted_count", 0)


class MatchRunFilters(Schema):
    body: Id | None = None
    status: choice(MatchRun.Status) | None = None


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

    resolve_decision_label = display_of("decision")


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


@router.get(
    "/match-runs",
    response={200: list[MatchRunOut], **READ_ERRORS},
    auth=None,
    tags=["match-runs"],
    summary="List match runs (of the bodies you hold a role in)",
)
@paginate(ApiPagination)
def list_match_runs(request, filters: Query[MatchRunFilters]):
    return selectors.match_run_list(actor=actor(request), **filters.model_dump())


@router.get(
    "/match-runs/{id}",
    response={200: MatchRunOut, **READ_ERRORS},
    auth=None,
    tags=["match-runs"],
    summary="One run: its progress (done/total), then its summary and checks",
)
def get_match_run(request, id: int):
    return get_or_404(_runs(request), id)


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


@router.get(
    "/match-runs/{id}/proposals",
    response={200: list[MatchProposalOut], **READ_ERRORS},
    auth=None,
    tags=["match-runs"],
    summary="A run's proposed matches with their score explanation, best first",
)
@paginate(ApiPagination)
def list_proposals(request, id: int, filters: Query[ProposalFilters]):
    run = get_or_404(_runs(request), id)
    return selectors.proposal_list(actor=actor(request), run=run, **filters.model_dump())


def _resolve_proposals(run: MatchRun, ids: list[int] | None):
    if ids is None:
        return None
    return resolve_many(run.proposals.all(), ids, "proposals")


@router.post(
    "/match-runs/{id}/accept",
    response={201: list[PlacementOut], **WRITE_ERRORS},
    tags=["match-runs"],
    summary="Accept proposed matches (all pending, or those given): they become placements",
)
def accept_proposals(request, id: int, payload: ProposalsIn):
    run = get_or_404(_runs(request), id)
    proposals = _resolve_proposals(run, payload.proposals)
    placements = call_service(
        services.match_proposals_accept, request, run=run, proposals=proposals
    )
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


class PlacementFilters(Schema):
    q: Text | None = None
    body: Id | None = None
    status: choice(Placement.Status) | None = None
    run: Id | None = None
    posting: Id | None = None
    enterprise: Id | None = None
    school: Id | None = None


def _placements(request):
    return selectors.placement_list(actor=actor(request))


@router.get(
    "/placements",
    response={200: list[PlacementOut], **READ_ERRORS},
    auth=None,
    tags=["placements"],
    summary="List the placements you may see",
)
@paginate(ApiPagination)
def list_placements(request, filters: Query[PlacementFilters]):
    return selectors.placement_list(actor=actor(request), **filters.model_dump())


@router.get(
    "/placements/{id}",
    response={200: PlacementOut, **READ_ERRORS},
    auth=None,
    tags=["placements"],
    summary="One placement",
)
def get_placement(request, id: int):
    return get_or_404(_placements(request), id)


@router.post(
    "/placements",
    response={201: PlacementOut, **WRITE_ERRORS},
    tags=["placements"],
    summary="Record a placement agreed outside a match run (the body's secretariat or an admin)",
)
def create_placement(request, payload: PlacementIn):
    data = payload.model_dump()
    data["student"] = resolve_one(_students(request), data["student"], "student")
    data["posting"] = resolve_one(_postings(request), data["posting"], "posting")
    data["body"] = resolve_one(visible_bodies(actor(request)), data["body"], "body")
    placement = call_service(services.placement_create, request, **data)
    return Status(201, get_or_404(_placements(request), placement.pk))


@router.patch(
    "/placements/{id}",
    response={200: PlacementOut, **WRITE_ERRORS},
    tags=["placements"],
    summary="Record an outcome: started, finished, hired or withdrawn",
)
def patch_placement(request, id: int, payload: PlacementPatch):
    placement = get_or_404(_placements(request), id)
    data = payload.model_dump(exclude_unset=True)
    call_service(services.placement_update, request, placement=placement, data=data)
    return get_or_404(_placements(request), id)


@router.delete(
    "/placements/{id}",
    response={204: None, **WRITE_ERRORS},
    tags=["placements"],
    summary="Delete a placement recorded by mistake (its proposal is pending again)",
)
def delete_placement(request, id: int):
    placement = get_or_404(_placements(request), id)
    call_service(services.placement_delete, request, placement=placement)
    return Status(204, None)
