"""REST endpoints of industry chains (产业链) and the chain-alignment view (产业链对接).

Chains are public; a body's chains are kept by its secretariat, a region's by platform admins.
The alignment counts only the cohorts and postings the reader may see.
"""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema
from ninja.pagination import paginate

from chanjiao.core.api import READ_ERRORS, ApiPagination, actor, rows_for
from chanjiao.core.crud_api import Crud
from chanjiao.core.schemas import Id, InputSchema, OutSchema, RefOut, Text, Year
from chanjiao.core.validators import ascii_digits
from chanjiao.registry.api.base import bodies_seen
from chanjiao.registry.selectors import visible_bodies
from chanjiao.talent.models import Major, MajorCategory, MajorClass

from .. import services
from ..chains import alignment
from ..models import IndustryChain
from .base import router

_REGION = Field(
    "", description="A 6-digit division code, for a region's chains (not a body's).", max_length=6
)


class IndustryChainIn(InputSchema):
    """A chain of a body (``body``) or of a region (``region_code``), with the majors,
    major classes (专业类) and categories (专业大类) that train for it."""

    name: Text
    body: Id | None = Field(None, description="Id of the body; null for a region's chain.")
    region_code: Text = _REGION
    order: int = Field(0, ge=0, le=32767)
    description: Text = ""
    source: Text = Field("", description="Where the chain is stated (an article, a plan).")
    is_synthetic: bool = Field(False, description="The majors were matched for a demo.")
    majors: list[Id] = Field([], max_length=1000)
    major_classes: list[Id] = Field([], max_length=1000)
    categories: list[Id] = Field([], max_length=100)


class IndustryChainOut(OutSchema):
    id: int
    name: str
    body: RefOut | None
    region_code: str
    order: int
    description: str
    source: str
    is_synthetic: bool
    majors: list[RefOut]
    major_classes: list[RefOut]
    categories: list[RefOut]


class ChainFilters(Schema):
    body: Id | None = None
    region: Text = Field("", description="A region's chains, by its exact 6-digit code.")


def _chains(*, actor, body: int | None = None, region: str = ""):
    qs = IndustryChain.objects.select_related("body").prefetch_related(
        "majors", "major_classes", "categories"
    )
    qs = qs.filter(body__in=visible_bodies(actor)) | qs.filter(body=None)
    if body:
        qs = qs.filter(body_id=body)
    if region:
        qs = qs.filter(region_code=region)
    return qs


Crud(
    router,
    "chanjiao.reports.api",
    "/industry-chains",
    tag="industry-chains",
    name="industry_chain",
    plural="industry_chains",
    out=IndustryChainOut,
    services=services,
    selector=_chains,
    filters=ChainFilters,
    create_input=IndustryChainIn,
    refs=rows_for(
        body=bodies_seen,
        majors=Major.objects,
        major_classes=MajorClass.objects,
        categories=MajorCategory.objects,
    ),
    summaries={
        "list": "Industry chains of bodies and regions",
        "get": "One industry chain with its majors",
        "create": "Add an industry chain (a body's secretariat; a region's: platform admins)",
        "patch": "Change some fields of an industry chain",
        "put": "Replace an industry chain's record",
        "delete": "Delete an industry chain",
    },
).register()


class OfferedOut(Schema):
    major: RefOut
    schools: int = Field(description="Schools running a cohort of the major in the year.")
    supply: int
    demand: int


class ChainRowOut(Schema):
    chain: RefOut | None = Field(description="Null: the majors offered that match no chain.")
    matched_majors: int
    offered: list[OfferedOut]
    points: int = Field(description="专业点: (school, major) pairs of the chain's majors.")
    supply: int = Field(description="Graduates of the chain's majors in the year.")
    demand: int = Field(description="Open posted headcount in the chain's majors.")
    gap: int = Field(description="demand − supply")
    status: str = Field(
        description="no_majors, not_offered, no_demand, shortage, surplus or balanced."
    )
    status_label: str
    is_gap: bool


class AlignmentFilters(Schema):
    year: Year
    body: Id | None = None
    region: Text = Field("", description="A 6-digit division code (when no body is given).")


@router.get(
    "/chain-alignment",
    response={200: list[ChainRowOut], **READ_ERRORS},
    tags=["industry-chains"],
    summary="A body's or a region's industry chains against the majors offered and the demand",
    auth=None,
)
@paginate(ApiPagination)
def get_chain_alignment(request, filters: Query[AlignmentFilters]):
    reader = actor(request)
    body = None
    if filters.body:
        body = get_object_or_404(visible_bodies(reader), pk=filters.body)
    elif not (len(filters.region) == 6 and ascii_digits(filters.region)):
        raise ValidationError(
            {"region": _("请给出产教融合体（body）或 6 位行政区划代码（region）")}
        )
    rows = alignment(actor=reader, year=filters.year, body=body, region=filters.region)
    return [
        {
            "chain": row.chain,
            "matched_majors": row.matched,
            "offered": [
                {
                    "major": o.major,
                    "schools": o.schools,
                    "supply": o.supply,
                    "demand": o.demand,
                }
                for o in row.offered
            ],
            "points": row.points,
            "supply": row.supply,
            "demand": row.demand,
            "gap": row.gap,
            "status": row.status,
            "status_label": row.status_label,
            "is_gap": row.is_gap,
        }
        for row in rows
    ]
