"""REST endpoints of the yearly cycle: the indicators catalogue (指标) and collection rounds
(填报) with their forms.

The catalogue is public; platform admins add and change indicators. A round is opened, its
forms returned and the round locked by the body's secretariat; a member unit's contact reads
and fills only its own unit's form; the body's supervising department reads everything.
"""

import datetime
from decimal import Decimal
from typing import Literal

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from chanjiao.accounts.permissions import require
from chanjiao.core.api import (
    READ_ERRORS,
    WRITE_ERRORS,
    ApiPagination,
    actor,
    call_service,
    get_or_404,
    rows_for,
)
from chanjiao.core.crud_api import Crud
from chanjiao.core.schemas import (
    ErrorOut,
    Id,
    InputSchema,
    OutSchema,
    RefOut,
    Text,
    Year,
    choice,
)
from chanjiao.registry.selectors import visible_bodies

from . import annual, selectors, services, supervision
from .documents import DOCX_CONTENT_TYPE, PDF_CONTENT_TYPE
from .models import CollectionForm, CollectionRound, Indicator, Plan
from .plans import plan_progress
from .views_annual import readable_report, report_response

router = Router()


# === indicators (指标) =====================================================================


class IndicatorIn(InputSchema):
    """An indicator of the catalogue: computed from the records by a rule, or reported."""

    code: Text = Field(description="Lower-case letters, digits and underscores; unique.")
    name: Text
    name_en: Text
    unit: choice(Indicator.Unit)
    source: choice(Indicator.Source)
    rule: Text = Field("", description="The rule of a computed indicator; empty otherwise.")
    aggregate: choice(Indicator.Aggregate) = Indicator.Aggregate.SUM.value
    weight: Id | None = Field(None, description="Id of the indicator a weighted rate uses.")
    min_value: float | None = 0
    max_value: float | None = None
    order: int = Field(0, ge=0, le=32767)
    is_active: bool = True
    description: Text = ""


class IndicatorOut(OutSchema):
    id: int
    code: str
    name: str
    name_en: str
    unit: str
    unit_label: str
    source: str
    source_label: str
    rule: str
    aggregate: str
    aggregate_label: str
    weight: RefOut | None
    min_value: Decimal | None
    max_value: Decimal | None
    order: int
    is_active: bool
    description: str


class IndicatorFilters(Schema):
    source: choice(Indicator.Source) | None = None
    active: bool | None = Field(None, description="Only active (true) or inactive (false) ones.")


def _indicators(*, actor, source: str | None = None, active: bool | None = None):
    qs = Indicator.objects.select_related("weight")
    if source:
        qs = qs.filter(source=source)
    if active is not None:
        qs = qs.filter(is_active=active)
    return qs


def _decimal_limits(request, payload: dict, *parent) -> dict:
    payload = rows_for(weight=Indicator.objects)(request, payload)
    for key in ("min_value", "max_value"):
        if payload.get(key) is not None:
            payload[key] = Decimal(str(payload[key]))
    return payload


Crud(
    router,
    __name__,
    "/indicators",
    tag="indicators",
    name="indicator",
    out=IndicatorOut,
    services=services,
    selector=_indicators,
    filters=IndicatorFilters,
    create_input=IndicatorIn,
    refs=_decimal_limits,
    summaries={
        "list": "The indicators catalogue",
        "get": "One indicator",
        "create": "Add an indicator (platform admins)",
        "patch": "Change some fields of an indicator (platform admins)",
        "put": "Replace an indicator's record (platform admins)",
    },
).register()


# === collection rounds (填报) ===============================================================


class RoundIn(InputSchema):
    """Open a round: every member school and enterprise of the body gets its form."""

    body: Id = Field(description="Id of the body.")
    year: Year
    deadline: datetime.date | None = None


class RoundOut(OutSchema):
    id: int
    body: RefOut
    year: int
    status: str
    status_label: str
    deadline: datetime.date | None
    locked_at: datetime.datetime | None
    forms_total: int = Field(description="Forms in the round (that the reader may see).")
    forms_submitted: int
    forms_returned: int
    created_at: datetime.datetime


class RoundFilters(Schema):
    body: Id | None = None
    year: Year | None = None
    status: choice(CollectionRound.Status) | None = None


def _rounds(request):
    return selectors.round_list(actor=actor(request))


@router.get(
    "/collection-rounds",
    response={200: list[RoundOut], **READ_ERRORS},
    tags=["collection-rounds"],
    summary="Collection rounds the reader takes part in or oversees",
    auth=None,
)
@paginate(ApiPagination)
def list_collection_rounds(request, filters: Query[RoundFilters]):
    return selectors.round_list(actor=actor(request), **filters.model_dump())


@router.post(
    "/collection-rounds",
    response={201: RoundOut, **WRITE_ERRORS},
    tags=["collection-rounds"],
    summary="Open a body's collection round for a year (its secretariat or an admin)",
)
def open_collection_round(request, payload: RoundIn):
    body = get_object_or_404(visible_bodies(actor(request)), pk=payload.body)
    round_ = call_service(
        services.round_open, request, body=body, year=payload.year, deadline=payload.deadline
    )
    return Status(201, get_or_404(_rounds(request), round_.pk))


@router.get(
    "/collection-rounds/{id}",
    response={200: RoundOut, **READ_ERRORS},
    tags=["collection-rounds"],
    summary="One collection round",
    auth=None,
)
def get_collection_round(request, id: int):
    return get_or_404(_rounds(request), id)


@router.post(
    "/collection-rounds/{id}/lock",
    response={200: RoundOut, **WRITE_ERRORS},
    tags=["collection-rounds"],
    summary="Lock a round: no form changes after this (its secretariat or an admin)",
)
def lock_collection_round(request, id: int):
    round_ = get_or_404(_rounds(request), id)
    call_service(services.round_lock, request, round=round_)
    return get_or_404(_rounds(request), id)


class RemindedOut(Schema):
    sent: int = Field(description="E-mails sent to contacts of units that have not submitted.")


@router.post(
    "/collection-rounds/{id}/remind",
    response={200: RemindedOut, **WRITE_ERRORS},
    tags=["collection-rounds"],
    summary="E-mail the units that have not submitted their forms (the secretariat)",
)
def remind_collection_round(request, id: int):
    round_ = get_or_404(_rounds(request), id)
    return {"sent": call_service(services.round_remind, request, round=round_)}


# --- forms ---------------------------------------------------------------------------------


class ValueOut(Schema):
    code: str
    name: str
    unit: str
    value: Decimal | None
    is_synthetic: bool
    entered_at: datetime.datetime | None


class FormOut(OutSchema):
    id: int
    round: int = Field(validation_alias="round_id")
    organization: RefOut | None = Field(description="The unit; null for the body's own form.")
    audience: str
    audience_label: str
    status: str
    status_label: str
    submitted_at: datetime.datetime | None
    return_reason: str
    values: list[ValueOut]

    @staticmethod
    def resolve_values(obj: CollectionForm) -> list[dict]:
        return [
            {
                "code": indicator.code,
                "name": indicator.name,
                "unit": indicator.unit,
                "value": value.value if value else None,
                "is_synthetic": bool(value and value.is_synthetic),
                "entered_at": value.updated_at if value else None,
            }
            for indicator, value in selectors.form_rows(obj)
        ]


class ValuesIn(InputSchema):
    """Values by indicator code: a number, a text such as "1,200" or "85%", or null to clear."""

    values: dict[Text, float | Text | None]


class ReturnIn(InputSchema):
    reason: Text = Field(description="What the unit must correct.")


def _round_forms(request, id: int):
    round_ = get_or_404(_rounds(request), id)
    return selectors.round_forms(actor=actor(request), round=round_)


def _on_form(request, id: int, form_id: int, service, **kwargs):
    """Run ``service`` on a form the reader may see (404 otherwise); answer the form again."""
    form = get_or_404(_round_forms(request, id), form_id)
    call_service(service, request, form=form, **kwargs)
    return get_or_404(_round_forms(request, id), form_id)


@router.get(
    "/collection-rounds/{id}/forms",
    response={200: list[FormOut], **READ_ERRORS},
    tags=["collection-rounds"],
    summary="The round's forms (all for the secretariat and supervisors; a unit's own)",
    auth=None,
)
@paginate(ApiPagination)
def list_collection_forms(request, id: int):
    return _round_forms(request, id)


@router.get(
    "/collection-rounds/{id}/forms/{form_id}",
    response={200: FormOut, **READ_ERRORS},
    tags=["collection-rounds"],
    summary="One form with its values",
    auth=None,
)
def get_collection_form(request, id: int, form_id: int):
    return get_or_404(_round_forms(request, id), form_id)


@router.put(
    "/collection-rounds/{id}/forms/{form_id}/values",
    response={200: FormOut, **WRITE_ERRORS},
    tags=["collection-rounds"],
    summary="Enter values on a form (all or none; a null clears a value)",
)
def put_collection_form_values(request, id: int, form_id: int, payload: ValuesIn):
    return _on_form(request, id, form_id, services.form_save, values=payload.values)


@router.post(
    "/collection-rounds/{id}/forms/{form_id}/submit",
    response={200: FormOut, **WRITE_ERRORS},
    tags=["collection-rounds"],
    summary="Submit a complete form to the secretariat",
)
def submit_collection_form(request, id: int, form_id: int):
    return _on_form(request, id, form_id, services.form_submit)


@router.post(
    "/collection-rounds/{id}/forms/{form_id}/return",
    response={200: FormOut, **WRITE_ERRORS},
    tags=["collection-rounds"],
    summary="Return a submitted form to its unit for correction (the secretariat)",
)
def return_collection_form(request, id: int, form_id: int, payload: ReturnIn):
    return _on_form(request, id, form_id, services.form_return, reason=payload.reason)


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
    indicator: str = Field(description="The code of the indicator ranked by.")
    value: Decimal | None


class SupervisionFilters(Schema):
    year: Year
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
    if filters.region and not (len(filters.region) == 6 and filters.region.isdigit()):
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
            "indicator": indicator.code,
            "value": row.value,
        }
        for row in rows
    ]


# === development plans (发展规划) ============================================================


class PlanIn(InputSchema):
    body: Id = Field(description="Id of the body.")
    name: Text
    starts_year: Year
    ends_year: Year
    description: Text = ""


class TargetOut(Schema):
    id: int
    year: int
    indicator: str | None = Field(description="The indicator's code, or null for a measure.")
    label: str
    target: Decimal
    value: Decimal | None = Field(description="From the indicator, or as entered.")
    evidence: str
    status: str = Field(description="not_started, on_track, behind, done or missed.")
    status_label: str


class TaskOut(Schema):
    id: int
    title: str
    responsible_unit: RefOut | None
    responsible_person: str
    deadline: datetime.date | None
    targets: list[TargetOut]


class GoalOut(Schema):
    id: int
    title: str
    tasks: list[TaskOut]


class PlanOut(OutSchema):
    id: int
    body: RefOut
    name: str
    starts_year: int
    ends_year: int
    description: str


class PlanTreeOut(PlanOut):
    goals: list[GoalOut]

    @staticmethod
    def resolve_goals(obj) -> list[dict]:
        return [
            {
                "id": goal.pk,
                "title": goal.title,
                "tasks": [
                    {
                        "id": task.pk,
                        "title": task.title,
                        "responsible_unit": task.responsible_unit,
                        "responsible_person": task.responsible_person,
                        "deadline": task.deadline,
                        "targets": [
                            {
                                "id": p.target.pk,
                                "year": p.target.year,
                                "indicator": p.target.indicator.code
                                if p.target.indicator
                                else None,
                                "label": p.target.label,
                                "target": p.target.target,
                                "value": p.value,
                                "evidence": p.target.evidence,
                                "status": p.status,
                                "status_label": p.status_label,
                            }
                            for p in rows
                        ],
                    }
                    for task, rows in tasks
                ],
            }
            for goal, tasks in plan_progress(obj)
        ]


class PlanFilters(Schema):
    body: Id | None = None


def _plans(request):
    return Plan.objects.select_related("body").filter(body__in=visible_bodies(actor(request)))


@router.get(
    "/plans",
    response={200: list[PlanOut], **READ_ERRORS},
    tags=["plans"],
    summary="Development plans of the bodies the reader may see",
    auth=None,
)
@paginate(ApiPagination)
def list_plans(request, filters: Query[PlanFilters]):
    qs = _plans(request)
    return qs.filter(body_id=filters.body) if filters.body else qs


@router.get(
    "/plans/{id}",
    response={200: PlanTreeOut, **READ_ERRORS},
    tags=["plans"],
    summary="One plan: goals, tasks and each target with its progress",
    auth=None,
)
def get_plan(request, id: int):
    return get_or_404(_plans(request), id)


@router.post(
    "/plans",
    response={201: PlanTreeOut, **WRITE_ERRORS},
    tags=["plans"],
    summary="Start a body's development plan (its secretariat or an admin)",
)
def create_plan(request, payload: PlanIn):
    body = get_object_or_404(visible_bodies(actor(request)), pk=payload.body)
    data = payload.model_dump(exclude={"body"})
    plan = call_service(services.plan_create, request, body=body, **data)
    return Status(201, get_or_404(_plans(request), plan.pk))
