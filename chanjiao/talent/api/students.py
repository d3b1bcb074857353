"""API: Students (学生) and their applications (志愿)."""

import datetime

from ninja import Field, Schema

from chanjiao.accounts.privacy import personal_value
from chanjiao.core.api import actor, rows_for
from chanjiao.core.crud_api import Crud
from chanjiao.core.schemas import (
    Id,
    InputSchema,
    OutSchema,
    QueryBool,
    RefOut,
    Text,
    partial_schema,
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


Crud(
    router,
    __name__,
    "/students",
    tag="students",
    name="student",
    out=StudentOut,
    services=services,
    selector=selectors.student_list,
    filters=StudentFilters,
    create_input=StudentIn,
    refs=rows_for(cohort=_cohorts),
    summaries={
        "list": "List the students you may see (signed-in roles only)",
        "get": "One student",
        "create": "Add a student to a cohort",
        "patch": "Change some fields of a student",
        "put": "Replace a student's record (fields left out get their defaults)",
        "delete": "Delete a student with their choices",
    },
).register()


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


Crud(
    router,
    __name__,
    "/applications",
    tag="applications",
    name="application",
    out=ApplicationOut,
    services=services,
    selector=selectors.application_list,
    filters=ApplicationFilters,
    create_input=ApplicationIn,
    patch_input=ApplicationPatch,
    put_input=ApplicationUpdate,
    refs=rows_for(student=_students, posting=_postings),
    summaries={
        "list": "List the applications you may see",
        "get": "One application",
        "create": "Record a student's choice of a posting",
        "patch": "Change the student's rank, or the enterprise's rank or score",
        "put": "Replace the ranks and score (fields left out get their defaults)",
        "delete": "Withdraw a choice",
    },
).register()


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
