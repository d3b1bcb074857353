"""REST endpoints of the annual report (年度工作报告) and the supervisor's view (主管部门)."""

import datetime
from decimal import Decimal
from typing import Literal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema
from ninja.pagination import paginate

from chanjiao.accounts.permissions import require
from chanjiao.core.api import (
    READ_ERRORS,
    ApiPagination,
    actor,
)
from chanjiao.core.schemas import (
    ErrorOut,
    RefOut,
    Text,
    Year,
)
from chanjiao.core.validators import ascii_digits

from .. import annual, supervision
from ..documents import DOCX_CONTENT_TYPE, PDF_CONTENT_TYPE
from ..indicators import check_year
from ..models import Indicator
from ..views_annual import readable_report, report_response
from .base import router

# === the annual report (年度工作报告) ======================================================


class FigureOut(Schema):
    name: str
    unit: str
    value: Decimal | None
    previous: Decimal | None = Field(description="The year before's value.")
    change: Decimal | None
    is_synthetic: bool


class ReportCollectionOut(Schema):
    round: int | None
    status: str | None
    forms_submitted: int
    forms_total: int


class ReportEventOut(Schema):
    name: str
    starts_on: datetime.date | None
    kind: str
    ceremonies: list[str]


class GapLineOut(Schema):
    label: str = Field(description="The major category (专业大类).")
    supply: int = Field(description="Graduates of the year.")
    demand: int = Field(description="Headcount posted in the year.")
    gap: int = Field(description="demand − supply")


class AnnualReportOut(Schema):
    body: RefOut
    year: int
    indicators: dict[str, FigureOut] = Field(description="Every figure, by indicator code.")
    composition: dict[str, int] = Field(description="Member units at the year's end by kind.")
    roles: dict[str, int]
    council: list[str]
    committees: dict[str, int] = Field(description="Seats of each committee.")
    joined: list[str]
    departed: list[str]
    events_by_month: list[int]
    events_total: int
    agreements_total: int
    carriers_total: int
    events: list[ReportEventOut] = Field(description="The year's first 100 events.")
    agreements: list[str] = Field(description="The year's first 100 agreements' titles.")
    carriers: list[str] = Field(description="The year's first 100 carriers' names.")
    collection: ReportCollectionOut
    trend: dict[str, list[Decimal | int]]
    texts: dict[str, str]
    plans: dict[str, dict[str, int]] = Field(
        description="Each plan covering the year: its targets for the year by status."
    )
    cooperation: dict[str, list[str]] = Field(
        description="四个合作: each row's indicator codes (the values are in `indicators`)."
    )
    elements: dict[str, list[str]] = Field(
        description="五大要素: each row's indicator codes (the values are in `indicators`)."
    )
    talent_gap: list[GapLineOut] = Field(
        description="Graduates beside demand by major category, largest gaps first (10 at most)."
    )
    talent_gap_synthetic: bool = Field(
        description="The cohorts or postings `talent_gap` counts include synthetic (demo) ones."
    )


_BINARY = {"schema": {"type": "string", "format": "binary"}}


@router.get(
    "/bodies/{id}/annual-report",
    response={200: AnnualReportOut, 403: ErrorOut, **READ_ERRORS},
    tags=["annual-report"],
    summary="A body's annual report: every figure (json), or the .docx, PDF or HTML document",
    description="For the body's secretariat, its supervising department and admins.",
    auth=None,
    openapi_extra={
        "responses": {
            200: {
                "content": {
                    DOCX_CONTENT_TYPE: _BINARY,
                    PDF_CONTENT_TYPE: _BINARY,
                    "text/html": {"schema": {"type": "string"}},
                }
            }
        }
    },
)
def get_annual_report(
    request,
    id: int,
    year: Year,
    format: Literal["json", "docx", "pdf", "html"] = "json",
):
    body = readable_report(actor(request), id, year)
    if format == "json":
        return annual.build(body, year).as_dict()
    return report_response(body, year, format)


# === the supervisor's view (主管部门) =======================================================


class SupervisionRowOut(Schema):
    rank: int | None = Field(description="Rank by the chosen indicator (ties share a rank).")
    body: RefOut
    region_code: str
    members: int = Field(description="Member units at the year's end.")
    events_by_quarter: list[int]
    agreements: int
    carriers: int
    forms_submitted: int
    forms_total: int
    plan_targets_met: int = Field(description="The year's plan targets done or on track.")
    plan_targets: int = Field(description="The year's targets of the plans covering it.")
    indicator: str = Field(description="The code of the indicator ranked by.")
    value: Decimal | None
    is_synthetic: bool = Field(description="The value counts synthetic (demo) records.")


class SupervisionFilters(Schema):
    year: Year = Field(description="From 1990 to this year (the same years as the report).")
    region: Text = Field("", description="A 6-digit division code: bodies there and below.")
    order: Text = Field(supervision.DEFAULT_ORDER, description="The indicator code to rank by.")


@router.get(
    "/supervision/bodies",
    response={200: list[SupervisionRowOut], 403: ErrorOut, **READ_ERRORS},
    tags=["supervision"],
    summary="The bodies a supervising department oversees, side by side, ranked by an indicator",
)
@paginate(ApiPagination)
def list_supervised_bodies(request, filters: Query[SupervisionFilters]):
    user = actor(request)
    require(supervision.may_supervise(user), _("只有主管部门或平台管理员可以查看"))
    check_year(filters.year)
    if filters.region and not (len(filters.region) == 6 and ascii_digits(filters.region)):
        raise ValidationError({"region": _("行政区划代码应为 6 位数字")})
    if not Indicator.objects.filter(code=filters.order).exists():
        raise ValidationError({"order": _("没有这个指标：%(code)s") % {"code": filters.order}})
    rows, indicator = supervision.table(
        user, filters.year, region=filters.region, order=filters.order
    )
    return [
        {
            "rank": row.rank,
            "body": row.body,
            "region_code": row.body.region_code,
            "members": row.members,
            "events_by_quarter": row.quarters,
            "agreements": row.agreements,
            "carriers": row.carriers,
            "forms_submitted": row.forms_submitted,
            "forms_total": row.forms_total,
            "plan_targets_met": row.targets_met,
            "plan_targets": row.targets_total,
            "indicator": indicator.code,
            "value": row.value,
            "is_synthetic": row.is_synthetic,
        }
        for row in rows
    ]
