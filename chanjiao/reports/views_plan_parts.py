"""Editing a development plan (发展规划) on its page: the plan's own record, and its goals,
tasks and yearly targets added, changed and deleted one by one (the .xlsx import adds many at
once). Every page is the body's secretariat's (and admins'); the services check it again."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chanjiao.accounts.permissions import can_edit_body, require
from chanjiao.core.forms import DateInput, ModelForm
from chanjiao.core.views import delete_page, form_page, fresh, model_data
from chanjiao.registry.models import Organization

from . import plan_services
from .models import Indicator, Plan, PlanGoal, PlanTarget, PlanTask
from .views_plans import PLANS, _plan


class PlanEditForm(ModelForm):
    class Meta:
        model = Plan
        fields = ["name", "starts_year", "ends_year", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class GoalForm(ModelForm):
    class Meta:
        model = PlanGoal
        fields = ["title", "order"]

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)


class TaskForm(ModelForm):
    class Meta:
        model = PlanTask
        fields = ["goal", "title", "order", "responsible_unit", "responsible_person", "deadline"]
        widgets = {"deadline": DateInput}

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = plan.goals.all()
        # The body's current member units, and the one a task already names (it may have left).
        units = Q(pk__in=plan.body.memberships.current().values("organization_id"))
        if self.instance.responsible_unit_id:
            units |= Q(pk=self.instance.responsible_unit_id)
        self.fields["responsible_unit"].queryset = Organization.objects.filter(units)


class TargetForm(ModelForm):
    evidence = forms.URLField(
        label=gettext_lazy("佐证材料链接"), required=False, max_length=500, assume_scheme="https"
    )

    class Meta:
        model = PlanTarget
        fields = [
            "task",
            "year",
            "indicator",
            "label",
            "comparison",
            "target",
            "actual",
            "evidence",
        ]

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["task"].queryset = PlanTask.objects.filter(goal__plan=plan)
        self.fields["indicator"].queryset = Indicator.objects.filter(is_active=True)
        self.fields["indicator"].help_text = _("选择指标时，完成值由指标得出；否则填写目标内容")
        years = range(plan.starts_year, plan.ends_year + 1)
        self.fields["year"].widget = forms.Select(choices=[(y, y) for y in years])
        # A post without it (an older page, a script) keeps the target's comparison.
        self.fields["comparison"].required = False

    def clean_comparison(self) -> str:
        return self.cleaned_data["comparison"] or self.instance.comparison


@dataclass(frozen=True)
class Part:
    """One kind of a plan's parts: its form, its records in a plan, its services."""

    form: type[ModelForm]
    service: str
    add_title: Any
    edit_title: Any
    #: The query-string key that preselects the parent (``?goal=`` for a new task).
    parent_key: str = ""

    def rows(self, plan: Plan) -> QuerySet:
        model = self.form._meta.model
        if model is PlanGoal:
            return model.objects.filter(plan=plan)
        if model is PlanTask:
            return model.objects.filter(goal__plan=plan)
        return model.objects.filter(task__goal__plan=plan)

    def call(self, action: str, **kwargs):
        return getattr(plan_services, f"{self.service}_{action}")(**kwargs)


PARTS = {
    "goal": Part(GoalForm, "plan_goal", gettext_lazy("添加目标"), gettext_lazy("编辑目标")),
    "task": Part(TaskForm, "plan_task", gettext_lazy("添加任务"), gettext_lazy("编辑任务"), "goal"),
    "target": Part(
        TargetForm,
        "plan_target",
        gettext_lazy("添加指标目标"),
        gettext_lazy("编辑指标目标"),
        "task",
    ),
}


def _editable(request, pk: int) -> Plan:
    plan = _plan(request, pk)
    require(can_edit_body(request.user, plan.body), plan_services.PLAN_DENIED)
    return plan


def _part(part: str) -> Part:
    if part not in PARTS:
        raise Http404
    return PARTS[part]


def _crumbs(plan: Plan) -> list[tuple]:
    return [
        (PLANS, reverse("plan_list", args=[plan.body_id])),
        (plan.name, reverse("plan_detail", args=[plan.pk])),
    ]


def _page(request, plan: Plan, form, *, save, title):
    back = reverse("plan_detail", args=[plan.pk])
    return form_page(
        request,
        form,
        save=save,
        message=_("已保存。"),
        done=lambda _saved: redirect(back),
        title=title,
        crumbs=_crumbs(plan),
        cancel_url=back,
    )


@login_required
def plan_edit(request, pk: int):
    plan = _editable(request, pk)
    form = PlanEditForm(request.POST or None, instance=fresh(plan))
    return _page(
        request,
        plan,
        form,
        save=lambda: plan_services.plan_update(
            actor=request.user, plan=plan, data=model_data(form)
        ),
        title=_("编辑规划"),
    )


@login_required
def plan_delete(request, pk: int):
    plan = _editable(request, pk)
    if request.method == "POST":
        # Gone with its page: back to the body's plans.
        return delete_page(
            request,
            plan,
            delete=lambda: plan_services.plan_delete(actor=request.user, plan=plan),
            back=reverse("plan_list", args=[plan.body_id]),
        )
    return delete_page(
        request, plan, delete=None, back=reverse("plan_detail", args=[pk]), crumbs=_crumbs(plan)
    )


@login_required
def plan_part_add(request, pk: int, part: str):
    plan, kind = _editable(request, pk), _part(part)
    initial = {kind.parent_key: request.GET.get(kind.parent_key)} if kind.parent_key else {}
    form = kind.form(request.POST or None, plan=plan, initial=initial)
    return _page(
        request,
        plan,
        form,
        save=lambda: kind.call("create", actor=request.user, plan=plan, **model_data(form)),
        title=kind.add_title,
    )


@login_required
def plan_part_edit(request, pk: int, part: str, item: int):
    plan, kind = _editable(request, pk), _part(part)
    record = get_object_or_404(kind.rows(plan), pk=item)
    form = kind.form(request.POST or None, plan=plan, instance=fresh(record))
    return _page(
        request,
        plan,
        form,
        save=lambda: kind.call(
            "update", actor=request.user, data=model_data(form), **{kind.service: record}
        ),
        title=kind.edit_title,
    )


@login_required
def plan_part_delete(request, pk: int, part: str, item: int):
    plan, kind = _editable(request, pk), _part(part)
    record = get_object_or_404(kind.rows(plan), pk=item)
    return delete_page(
        request,
        record,
        delete=lambda: kind.call("delete", actor=request.user, **{kind.service: record}),
        back=reverse("plan_detail", args=[pk]),
        crumbs=_crumbs(plan),
    )
