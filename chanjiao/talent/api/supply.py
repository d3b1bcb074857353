"""API: Cohorts (培养规模) and postings (需求岗位): what schools train and what employers need."""

import datetime

from ninja import Field

from chanjiao.accounts.privacy import personal_value
from chanjiao.core.api import actor, rows_for
from chanjiao.core.crud_api import Crud
from chanjiao.core.schemas import (
    Id,
    InputSchema,
    OutSchema,
    RefOut,
    Text,
    choice,
)
from chanjiao.registry.api import bodies_seen
from chanjiao.registry.models import Organization

from .. import selectors, services
from ..lists import COHORT_FILTERS, COHORTS, POSTING_FILTERS, POSTINGS
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


CohortFilters = COHORT_FILTERS.schema()


def _cohorts(request):
    return selectors.cohort_list(actor=actor(request))


Crud(
    router,
    __name__,
    "/cohorts",
    tag="cohorts",
    name="cohort",
    out=CohortOut,
    services=services,
    selector=selectors.cohort_list,
    filters=CohortFilters,
    sorts=COHORTS,
    create_input=CohortIn,
    refs=rows_for(school=Organization.objects, major=Major.objects, body=bodies_seen),
    summaries={
        "list": "List cohorts",
        "get": "One cohort",
        "create": "Record a cohort (the school's contact, the body's secretariat or an admin)",
        "patch": "Change some fields of a cohort",
        "put": "Replace a cohort's record (fields left out get their defaults)",
        "delete": "Delete a cohort with its students",
    },
).register()


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

    @staticmethod
    def resolve_majors(obj: Posting):
        return obj.majors.all()

    @staticmethod
    def resolve_placed(obj: Posting) -> int:
        return getattr(obj, "placed", 0)


PostingFilters = POSTING_FILTERS.schema()


def _postings(request):
    return selectors.posting_list(actor=actor(request))


Crud(
    router,
    __name__,
    "/postings",
    tag="postings",
    name="posting",
    out=PostingOut,
    services=services,
    selector=selectors.posting_list,
    filters=PostingFilters,
    sorts=POSTINGS,
    create_input=PostingIn,
    refs=rows_for(
        enterprise=Organization.objects, major=Major.objects, majors=Major.objects, body=bodies_seen
    ),
    summaries={
        "list": "List postings",
        "get": "One posting",
        "create": "Post a demand (the enterprise's contact, the body's secretariat or an admin)",
        "patch": "Change some fields of a posting (close it with status=closed)",
        "put": "Replace a posting's record (fields left out get their defaults)",
        "delete": "Delete a posting (one with placements cannot be deleted)",
    },
).register()
