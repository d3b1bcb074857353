"""REST endpoints of development plans (发展规划): goals, tasks and targets with progress."""

import datetime
from decimal import Decimal
from functools import partial

from ninja import Field, Schema

from chanjiao.core.api import actor, get_or_404, rows_for
from chanjiao.core.crud_api import Crud
from chanjiao.core.schemas import (
    Id,
    InputSchema,
    OutSchema,
    RefOut,
    Text,
    Year,
    choice,
)
from chanjiao.registry.api.base import bodies_seen
from chanjiao.registry.models import Organization
from chanjiao.registry.selectors import visible_bodies

from .. import plan_services
from ..models import Indicator, Plan, PlanTarget, PlanTask
from ..plans import progress_for
from .base import decimal_in, router

# === development plans (发展规划) ============================================================


class PlanIn(InputSchema):
    body: Id = Field(description="Id of the body.")
    name: Text
    starts_year: Year
    ends_year: Year
    description: Text = ""


COMPARISON_HELP = (
    "at_least (≥, the default): done once the value reaches the target; at_most (≤, a limit): "
    "done when the year's value ended within it, behind as soon as the value passes it."
)


class TargetOut(Schema):
    id: int
    year: int
    indicator: str | None = Field(description="The indicator's code, or null for a measure.")
    label: str
    comparison: str = Field(description=COMPARISON_HELP)
    comparison_label: str
    target: Decimal
    value: Decimal | None = Field(
        description="From the indicator, or as entered. Null for a reported indicator (a "
        "collection round's total) unless the reader may read the round."
    )
    evidence: str
    status: str | None = Field(
        description="not_started, on_track, behind, done or missed. Null, like the value, for "
        "a reported indicator unless the reader may read the round."
    )
    status_label: str | None


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
    def resolve_goals(obj, context) -> list[dict]:
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
                                "comparison": p.target.comparison,
                                "comparison_label": p.target.get_comparison_display(),
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
            for goal, tasks in progress_for(actor(context["request"]), obj)
        ]


class PlanFilters(Schema):
    body: Id | None = None


def _plans(*, actor, body: int | None = None):
    qs = Plan.objects.select_related("body").filter(body__in=visible_bodies(actor))
    return qs.filter(body_id=body) if body else qs


def _plan(request, id: int) -> Plan:
    """The plan named in the path, if the reader may see it (else 404)."""
    return get_or_404(_plans(actor=actor(request)), id)


Crud(
    router,
    "chanjiao.reports.api",
    "/plans",
    tag="plans",
    name="plan",
    out=PlanTreeOut,
    list_out=PlanOut,
    services=plan_services,
    selector=_plans,
    filters=PlanFilters,
    create_input=PlanIn,
    refs=rows_for(body=bodies_seen),
    summaries={
        "list": "Development plans of the bodies the reader may see",
        "get": "One plan: goals, tasks and each target with its progress",
        "create": "Start a body's development plan (its secretariat or an admin)",
        "patch": "Change a plan's name, years or description",
        "put": "Replace a plan's record",
        "delete": "Delete a plan with its goals, tasks and targets",
    },
).register()


# --- a plan's parts: goals, tasks, targets -----------------------------------------------


class GoalIn(InputSchema):
    title: Text
    order: int = Field(0, ge=0, le=32767)


class GoalRecordOut(OutSchema):
    id: int
    title: str
    order: int


class TaskIn(InputSchema):
    goal: Id = Field(description="Id of a goal of this plan.")
    title: Text
    order: int = Field(0, ge=0, le=32767)
    responsible_unit: Id | None = Field(None, description="Id of the responsible unit.")
    responsible_person: Text = ""
    deadline: datetime.date | None = None


class TaskRecordOut(OutSchema):
    id: int
    goal: int = Field(validation_alias="goal_id")
    title: str
    order: int
    responsible_unit: RefOut | None
    responsible_person: str
    deadline: datetime.date | None


#: A target's or a measure's value (what the .xlsx and the form take too).
Amount = decimal_in(ge=0, le=10**12)


class TargetIn(InputSchema):
    """A year's target on an indicator of the catalogue, or on a measure named by ``label``."""

    task: Id = Field(description="Id of a task of this plan.")
    year: Year
    indicator: Id | None = Field(None, description="Id of the indicator; null for a measure.")
    label: Text = Field("", description="What a measure counts (when there is no indicator).")
    comparison: choice(PlanTarget.Comparison) = Field(
        PlanTarget.Comparison.AT_LEAST.value, description=COMPARISON_HELP
    )
    target: Amount = Field(description='A number, or a decimal as text ("1.00").')
    actual: Amount | None = Field(
        None, description="A measure's value so far: a number, or a decimal as text."
    )
    evidence: Text = Field("", description="A link to the evidence of a measure's value.")


class TargetRecordOut(OutSchema):
    id: int
    task: int = Field(validation_alias="task_id")
    year: int
    indicator: RefOut | None
    label: str
    comparison: str
    comparison_label: str
    target: Decimal
    actual: Decimal | None
    evidence: str


_target_rows = rows_for(
    task=lambda request, plan: PlanTask.objects.filter(goal__plan=plan),
    indicator=Indicator.objects,
)


def _target_refs(request, payload: dict, plan: Plan) -> dict:
    """The task and indicator by id; the numbers as decimals of two places at most."""
    payload = _target_rows(request, payload, plan)
    for key in ("target", "actual"):
        if payload.get(key) is not None:
            payload[key] = round(Decimal(payload[key]), 2)
    return payload


#: What a plan's parts share: the router, the tag, the services and the plan in the path.
_under_plan = partial(
    Crud,
    router,
    "chanjiao.reports.api",
    tag="plans",
    services=plan_services,
    parent=_plan,
    parent_name="plan",
)

_under_plan(
    "/plans/{id}/goals",
    name="goal",
    service="plan_goal",
    item="goal_id",
    out=GoalRecordOut,
    rows="goals",
    create_input=GoalIn,
    summaries={
        "list": "A plan's goals",
        "get": "One goal of a plan",
        "create": "Add a goal to a plan (the body's secretariat or an admin)",
        "patch": "Change a goal",
        "put": "Replace a goal's record",
        "delete": "Delete a goal with its tasks and targets",
    },
).register()

_under_plan(
    "/plans/{id}/tasks",
    name="task",
    service="plan_task",
    item="task_id",
    out=TaskRecordOut,
    rows=lambda plan: PlanTask.objects.filter(goal__plan=plan).select_related("responsible_unit"),
    create_input=TaskIn,
    refs=rows_for(
        goal=lambda request, plan: plan.goals.all(), responsible_unit=Organization.objects
    ),
    summaries={
        "list": "A plan's tasks (each under a goal)",
        "get": "One task of a plan",
        "create": "Add a task under a goal of the plan",
        "patch": "Change a task (its goal, title, responsible unit and person, deadline)",
        "put": "Replace a task's record",
        "delete": "Delete a task with its targets",
    },
).register()

_under_plan(
    "/plans/{id}/targets",
    name="target",
    service="plan_target",
    item="target_id",
    out=TargetRecordOut,
    rows=lambda plan: PlanTarget.objects.filter(task__goal__plan=plan).select_related("indicator"),
    create_input=TargetIn,
    refs=_target_refs,
    summaries={
        "list": "A plan's yearly targets (their progress is in GET /plans/{id})",
        "get": "One target of a plan",
        "create": "Add a yearly target to a task of the plan",
        "patch": "Change a target, or record a measure's value with its evidence",
        "put": "Replace a target's record",
        "delete": "Delete a target",
    },
).register()
