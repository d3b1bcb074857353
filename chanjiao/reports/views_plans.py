"""Development plans (发展规划) pages: a body's plans, one plan as a tree of goals, tasks and
yearly targets with their progress, its .xlsx out and in, and recording a measure's value."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy, pgettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from chanjiao.accounts.permissions import can_edit_body, require
from chanjiao.core.forms import SpreadsheetField
from chanjiao.core.listing import xlsx_response
from chanjiao.core.views import run_service
from chanjiao.core.words import sentences
from chanjiao.registry.selectors import body_detail, visible_bodies

from . import plan_services
from .models import Plan, PlanTarget
from .plans import plan_to_xlsx, progress_for, rows_from_file

PLANS = pgettext_lazy("list", "发展规划")
#: What importing a plan's workbook reports, singular or plural by ``n``.
IMPORTED = ngettext_lazy("已导入 %(n)d 个指标目标。", "已导入 %(n)d 个指标目标。", "n")


class PlanForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("名称"), max_length=200)
    starts_year = forms.IntegerField(label=gettext_lazy("起始年度"), min_value=1990, max_value=2100)
    ends_year = forms.IntegerField(label=gettext_lazy("截止年度"), min_value=1990, max_value=2100)


class PlanFileForm(forms.Form):
    file = SpreadsheetField(label=gettext_lazy("规划表（.xlsx）"))


class RecordForm(forms.Form):
    actual = forms.DecimalField(
        label=gettext_lazy("完成值"), min_value=0, max_digits=14, decimal_places=2, required=False
    )
    evidence = forms.URLField(
        label=gettext_lazy("佐证材料链接"), required=False, assume_scheme="https"
    )


def _plan(request, pk: int) -> Plan:
    return get_object_or_404(
        Plan.objects.select_related("body").filter(body__in=visible_bodies(request.user)), pk=pk
    )


@require_http_methods(["GET", "POST"])
def plan_list(request, pk: int):
    body = body_detail(actor=request.user, pk=pk)
    may_edit = can_edit_body(request.user, body)
    form = PlanForm(request.POST or None) if may_edit else None
    if request.method == "POST":
        if form is None:
            raise Http404  # no form for a reader
        if form.is_valid():
            plan = run_service(
                form,
                lambda: plan_services.plan_create(
                    actor=request.user, body=body, **form.cleaned_data
                ),
            )
            if plan is not None:
                return redirect("plan_detail", pk=plan.pk)
    context = {
        "title": PLANS,
        "crumbs": [(body.short_name or body.name, reverse("registry:body_detail", args=[pk]))],
        "body": body,
        "plans": body.plans.all(),
        "form": form,
    }
    return render(
        request, "reports/plan_list.html", context, status=400 if form and form.errors else 200
    )


def plan_detail(request, pk: int):
    plan = _plan(request, pk)
    body = plan.body
    context = {
        "title": plan.name,
        "crumbs": [
            (body.short_name or body.name, reverse("registry:body_detail", args=[body.pk])),
            (PLANS, reverse("plan_list", args=[body.pk])),
        ],
        "plan": plan,
        "tree": progress_for(request.user, plan),
        "may_edit": can_edit_body(request.user, body),
        "file_form": PlanFileForm(),
    }
    return render(request, "reports/plan_detail.html", context)


def plan_export(request, pk: int):
    plan = _plan(request, pk)
    return xlsx_response(
        plan_to_xlsx(plan), filename=f"{plan.name}.xlsx", fallback=f"plan-{plan.pk}.xlsx"
    )


@login_required
@require_POST
def plan_import(request, pk: int):
    plan = _plan(request, pk)
    require(can_edit_body(request.user, plan.body), plan_services.PLAN_DENIED)
    form = PlanFileForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise ValidationError([m for ms in form.errors.values() for m in ms])
        rows = rows_from_file(plan, form.cleaned_data["file"])
        added = plan_services.plan_import(actor=request.user, plan=plan, rows=rows)
    except ValidationError as exc:
        messages.error(request, _("文件未导入：%(errors)s") % {"errors": sentences(exc.messages)})
    else:
        messages.success(request, IMPORTED % {"n": added})
    return redirect("plan_detail", pk=pk)


@login_required
@require_POST
def target_record(request, pk: int):
    target = get_object_or_404(
        PlanTarget.objects.select_related("task__goal__plan__body").filter(
            task__goal__plan__body__in=visible_bodies(request.user)
        ),
        pk=pk,
    )
    require(can_edit_body(request.user, target.task.goal.plan.body), plan_services.PLAN_DENIED)
    form = RecordForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError([m for ms in form.errors.values() for m in ms])
        plan_services.target_record(actor=request.user, target=target, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, sentences(exc.messages))
    else:
        messages.success(request, _("已记录完成值。"))
    return redirect("plan_detail", pk=target.task.goal.plan_id)
