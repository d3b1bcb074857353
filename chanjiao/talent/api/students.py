"""API: Students (学生) and their applications (志愿)."""

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
    QueryBool,
    RefOut,
    Text,
    actor,
    call_service,
    display_of,
    get_or_404,
    partial_schema,
    resolve_one,
)

from .. import selectors, services
from ..models import (
    Cohort,
    Placement,
)
from .base import RANK, MajorRefOut, router
from .supply import _cohorts, _postings

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
