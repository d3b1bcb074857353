"""API: The majors catalogue (专业目录) and the supply–demand gap (人才供需分析)."""

from typing import Literal

from ninja import Field, Query, Schema
from ninja.pagination import paginate

from chanjiao.core.api import READ_ERRORS, ApiPagination, actor, get_or_404
from chanjiao.core.crud_api import Crud
from chanjiao.core.schemas import Id, OutSchema, Text, Year, choice
from chanjiao.registry.selectors import visible_bodies

from .. import selectors, services
from ..models import (
    Level,
)
from .base import CategoryRefOut, ClassRefOut, router

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


class MajorCategoryFilters(Schema):
    level: choice(Level) | None = None


Crud(
    router,
    __name__,
    "/majors",
    tag="majors",
    name="major",
    out=MajorOut,
    services=services,
    selector=selectors.major_list,
    filters=MajorFilters,
    summaries={"list": "List majors", "get": "One major"},
).register()

Crud(
    router,
    __name__,
    "/major-categories",
    tag="majors",
    name="major_category",
    plural="major_categories",
    out=MajorCategoryOut,
    services=services,
    selector=selectors.major_category_list,
    filters=MajorCategoryFilters,
    summaries={"list": "List the categories (专业大类) of the catalogue"},
).register()


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
