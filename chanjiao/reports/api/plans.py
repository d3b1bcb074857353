"""REST endpoints of development plans (发展规划): goals, tasks and targets with progress."""

import datetime
from decimal import Decimal

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from chanjiao.core.api import (
    READ_ERRORS,
    WRITE_ERRORS,
    ApiPagination,
    actor,
    call_service,
    get_or_404,
)
from chanjiao.core.schemas import (
    Id,
    InputSchema,
    OutSchema,
    RefOut,
    Text,
    Year,
)
from chanjiao.registry.selectors import visible_bodies

from .. import services
from ..models import Plan
from ..plans import plan_progress
from .base import router

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
