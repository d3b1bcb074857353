"""API: Cohorts (培养规模) and postings (需求岗位): what schools train and what employers need."""

import datetime
from typing import Any

from ninja import Field, Query, Schema
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

from .. import selectors, services
from ..models import (
    Cohort,
    Major,
    Posting,
)
from .base import COUNT, YEAR, CategoryRefOut, MajorRefOut, router

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
