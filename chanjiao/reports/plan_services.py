"""Every write of development plans (发展规划): the plan, its goals, tasks and yearly targets,
the plan's .xlsx brought back in, and a measure's value recorded with its evidence.

Only the body's secretariat (and admins) write a plan. A task belongs to a goal of the same
plan, a target to a task of it, in one of the plan's years; a target on an indicator takes its
progress from the indicator, so no value is entered for it. Every write is in the change log,
related to the plan.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chanjiao.accounts.permissions import can_edit_body, require
from chanjiao.core.changelog import Actor, create_object, delete_object, given, update_object
from chanjiao.registry.models import Body, Organization

from .models import Indicator, Plan, PlanGoal, PlanTarget, PlanTask

PLAN_DENIED = gettext_lazy("只有该产教融合体的秘书处或平台管理员可以编制发展规划")


def plan_create(
    *,
    actor: Actor,
    body: Body,
    name: str,
    starts_year: int,
    ends_year: int,
    description: str = "",
) -> Plan:
    """A body's development plan over ``starts_year`` – ``ends_year`` (its secretariat)."""
    fields = given(locals())
    require(can_edit_body(actor, body), PLAN_DENIED)
    return create_object(Plan, actor=actor, data=fields, related=body)


def _target_key(task_id: int, target: dict) -> tuple:
    # What a target is, for matching a row to one already there: its task, its year, and its
    # indicator (or, for a measure of its own, what it measures).
    indicator = target.get("indicator")
    what = ("indicator", indicator.pk) if indicator is not None else ("label", target["label"])
    return (task_id, target["year"], *what)


def plan_import(*, actor: Actor, plan: Plan, rows: list[dict]) -> int:
    """Bring the goals, tasks and targets of ``rows`` (:func:`chanjiao.reports.plans.
    rows_from_file`) into a plan: a goal or a task already there is reused by its title, a
    target already there (same task, year and indicator or measure) takes the row's
    comparison (when the row gives one), target, actual and evidence; the others are added.
    A plan's own export brought back changes nothing. All rows or none. Returns how many targets the rows hold (added or updated)."""
    require(can_edit_body(actor, plan.body), PLAN_DENIED)
    imported = 0
    with transaction.atomic():
        goals = {g.title: g for g in plan.goals.all()}
        tasks = {(t.goal_id, t.title): t for t in PlanTask.objects.filter(goal__plan=plan)}
        # Each target there is matched once: a plan holding the same target twice, exported
        # and brought back, keeps both.
        existing: dict[tuple, list[PlanTarget]] = {}
        for t in PlanTarget.objects.filter(task__goal__plan=plan).order_by("pk"):
            key = _target_key(
                t.task_id, {"year": t.year, "indicator": t.indicator, "label": t.label}
            )
            existing.setdefault(key, []).append(t)
        for n, row in enumerate(rows, start=1):
            goal = goals.get(row["goal"])
            if goal is None:
                goal = goals[row["goal"]] = create_object(
                    PlanGoal,
                    actor=actor,
                    data={"plan": plan, "title": row["goal"], "order": len(goals) + 1},
                    related=plan,
                )
            task = tasks.get((goal.pk, row["task"]))
            if task is None:
                data = {
                    "goal": goal,
                    "title": row["task"],
                    "order": n,
                    "responsible_unit": row["unit"],
                    "responsible_person": row["person"],
                    "deadline": row["deadline"],
                }
                task = tasks[(goal.pk, row["task"])] = create_object(
                    PlanTask, actor=actor, data=data, related=plan
                )
            target = row["target"]
            if target is None:
                continue
            _check_target(plan, target)
            matches = existing.get(_target_key(task.pk, target))
            if matches:
                found = matches.pop(0)
                changed = {
                    k: target[k]
                    for k in ("comparison", "target", "actual", "evidence")
                    if k in target and target[k] != getattr(found, k)  # 4 is 4.00
                }
                if changed:
                    update_object(found, actor=actor, data=changed, related=plan)
            else:
                create_object(PlanTarget, actor=actor, data={"task": task, **target}, related=plan)
            imported += 1
    return imported


def target_record(
    *, actor: Actor, target: PlanTarget, actual: Decimal | None, evidence: str = ""
) -> PlanTarget:
    """Record how far a target on a measure of its own got, with its evidence (a link)."""
    plan = target.task.goal.plan
    require(can_edit_body(actor, plan.body), PLAN_DENIED)
    if target.indicator_id:
        raise ValidationError(_("该目标的完成值由指标得出，不能手工填写"))
    return update_object(
        target, actor=actor, data={"actual": actual, "evidence": evidence}, related=plan
    )


# --- editing a plan, part by part ------------------------------------------------------------


def _may_write(actor: Actor, plan: Plan) -> None:
    require(can_edit_body(actor, plan.body), PLAN_DENIED)


def _same_plan(data: dict, key: str, plan: Plan, plan_of) -> None:
    """``data[key]`` (a goal or a task), when given, must belong to ``plan``."""
    if key in data and plan_of(data[key]).pk != plan.pk:
        raise ValidationError({key: _("只能选择本规划中的目标或任务")})


def plan_update(*, actor: Actor, plan: Plan, data: dict) -> Plan:
    """Rename a plan, change its years or description; the body stays."""
    _may_write(actor, plan)
    data = dict(data)
    if data.pop("body", plan.body) != plan.body:
        raise ValidationError({"body": _("规划所属的产教融合体不能更改")})
    years = data.get("starts_year", plan.starts_year), data.get("ends_year", plan.ends_year)
    outside = PlanTarget.objects.filter(task__goal__plan=plan).exclude(
        year__range=(min(years), max(years))
    )
    if outside.exists():
        raise ValidationError(_("有指标目标的年度不在新的规划年度内，请先修改或删除这些目标"))
    return update_object(plan, actor=actor, data=data, related=plan.body)


def plan_approve(*, actor: Actor, plan: Plan, approved_on: datetime.date, approved_at: str) -> Plan:
    """Record that the body's governing organ approved the plan (审议通过): the day and the
    meeting; a passed resolution on the plan calls this."""
    _may_write(actor, plan)
    return update_object(
        plan,
        actor=actor,
        data={"approved_on": approved_on, "approved_at": approved_at[:200]},
        related=plan.body,
    )


def plan_delete(*, actor: Actor, plan: Plan) -> None:
    """Delete a plan with its goals, tasks and targets."""
    _may_write(actor, plan)
    delete_object(plan, actor=actor, related=plan.body)


def plan_goal_create(*, actor: Actor, plan: Plan, title: str, order: int = 0) -> PlanGoal:
    fields = given(locals())
    _may_write(actor, plan)
    return create_object(PlanGoal, actor=actor, data=fields, related=plan)


def plan_goal_update(*, actor: Actor, plan_goal: PlanGoal, data: dict) -> PlanGoal:
    _may_write(actor, plan_goal.plan)
    data = {k: v for k, v in data.items() if k != "plan"}
    return update_object(plan_goal, actor=actor, data=data, related=plan_goal.plan)


def plan_goal_delete(*, actor: Actor, plan_goal: PlanGoal) -> None:
    """Delete a goal with its tasks and their targets."""
    _may_write(actor, plan_goal.plan)
    delete_object(plan_goal, actor=actor, related=plan_goal.plan)


def plan_task_create(
    *,
    actor: Actor,
    plan: Plan,
    goal: PlanGoal,
    title: str,
    order: int = 0,
    responsible_unit: Organization | None = None,
    responsible_person: str = "",
    deadline: datetime.date | None = None,
) -> PlanTask:
    fields = given(locals(), "plan")
    _may_write(actor, plan)
    _same_plan(fields, "goal", plan, lambda goal: goal.plan)
    return create_object(PlanTask, actor=actor, data=fields, related=plan)


def plan_task_update(*, actor: Actor, plan_task: PlanTask, data: dict) -> PlanTask:
    plan = plan_task.goal.plan
    _may_write(actor, plan)
    _same_plan(data, "goal", plan, lambda goal: goal.plan)
    return update_object(plan_task, actor=actor, data=data, related=plan)


def plan_task_delete(*, actor: Actor, plan_task: PlanTask) -> None:
    """Delete a task with its targets."""
    plan = plan_task.goal.plan
    _may_write(actor, plan)
    delete_object(plan_task, actor=actor, related=plan)


def _check_target(plan: Plan, values: dict) -> None:
    """A target lies in one of the plan's years; a value is entered only for a measure."""
    year = values["year"]
    if not plan.starts_year <= year <= plan.ends_year:
        raise ValidationError(
            {
                "year": _("年度须在 %(start)d 到 %(end)d 之间")
                % {"start": plan.starts_year, "end": plan.ends_year}
            }
        )
    if values.get("indicator") is not None and values.get("actual") is not None:
        raise ValidationError({"actual": _("该目标的完成值由指标得出，不能手工填写")})
    if values.get("comparison", PlanTarget.Comparison.AT_LEAST) not in PlanTarget.Comparison.values:
        raise ValidationError({"comparison": _("比较须为至少（≥）或至多（≤）")})


def plan_target_create(
    *,
    actor: Actor,
    plan: Plan,
    task: PlanTask,
    year: int,
    target: Decimal,
    indicator: Indicator | None = None,
    label: str = "",
    comparison: str = PlanTarget.Comparison.AT_LEAST,
    actual: Decimal | None = None,
    evidence: str = "",
) -> PlanTarget:
    """A task's target for a year: at least ``target`` (≥), or at most (``comparison``
    ``at_most``, ≤: a limit not to pass)."""
    fields = given(locals(), "plan")
    _may_write(actor, plan)
    _same_plan(fields, "task", plan, lambda task: task.goal.plan)
    _check_target(plan, fields)
    return create_object(PlanTarget, actor=actor, data=fields, related=plan)


def plan_target_update(*, actor: Actor, plan_target: PlanTarget, data: dict) -> PlanTarget:
    plan = plan_target.task.goal.plan
    _may_write(actor, plan)
    _same_plan(data, "task", plan, lambda task: task.goal.plan)
    current = {
        "year": plan_target.year,
        "indicator": plan_target.indicator,
        "actual": plan_target.actual,
    }
    _check_target(plan, {**current, **data})
    return update_object(plan_target, actor=actor, data=data, related=plan)


def plan_target_delete(*, actor: Actor, plan_target: PlanTarget) -> None:
    plan = plan_target.task.goal.plan
    _may_write(actor, plan)
    delete_object(plan_target, actor=actor, related=plan)
