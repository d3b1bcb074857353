"""Pages of the membership lifecycle outside a vote and of the body's decision rules.

成员变动与处分: who joined, left by written notice, was removed by a resolution or sanctioned,
read by those who read the body's meetings; its secretariat records a withdrawal (with the
notice's file, which only the secretariat and admins download) or a sanction there, and ends a
sanction early. 表决规则: the rule of every decision type in force, public where the body is;
the secretariat restates a rule there.
"""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from chanjiao.accounts.permissions import can_edit_body, require
from chanjiao.core.forms import DateInput
from chanjiao.core.uploads import private_file_response
from chanjiao.core.views import paginate, run_service
from chanjiao.core.words import aside, sentences
from chanjiao.registry.forms import OrganizationChoiceField
from chanjiao.registry.models import Body, Membership, Organization
from chanjiao.registry.selectors import body_detail

from . import selectors, services
from .models import DecisionRule, DecisionType, Organ, Resolution, Sanction, Withdrawal
from .views import body_crumbs

MEMBER_HISTORY = gettext_lazy("成员变动与处分")
RULES = gettext_lazy("表决规则")

#: Largest notice file accepted (the request limit is 10 MB).
MAX_FILE = 8 * 1024 * 1024
#: Events per page of the history.
PER_PAGE = 50


class WithdrawalForm(forms.Form):
    organization = OrganizationChoiceField(
        label=gettext_lazy("退出的单位"), queryset=Organization.objects.none()
    )
    notice_on = forms.DateField(label=gettext_lazy("通知日期"), widget=DateInput)
    effective_on = forms.DateField(
        label=gettext_lazy("退出日期"),
        required=False,
        widget=DateInput,
        help_text=gettext_lazy("留空则为通知日期；当日起不再是成员"),
    )
    reason = forms.CharField(
        label=gettext_lazy("原因"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    file = forms.FileField(label=gettext_lazy("书面通知"), required=False)

    def __init__(self, *args, body: Body, **kwargs):
        super().__init__(*args, prefix="withdrawal", **kwargs)
        self.fields["organization"].queryset = Organization.objects.filter(
            pk__in=body.memberships.current().values("organization_id")
        ).order_by("name")
        self.fields["organization"].widget.params = {"member_of": body.pk}

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if file and getattr(file, "size", 0) > MAX_FILE:
            raise forms.ValidationError(_("书面通知文件不能超过 8 MB"))
        return file


class SanctionForm(forms.Form):
    membership = forms.ModelChoiceField(
        label=pgettext_lazy("member role", "成员单位"), queryset=Membership.objects.none()
    )
    kind = forms.ChoiceField(label=gettext_lazy("处分类型"), choices=Sanction.Kind.choices)
    reason = forms.CharField(label=gettext_lazy("原因"), widget=forms.Textarea(attrs={"rows": 2}))
    since = forms.DateField(label=gettext_lazy("开始日期"), widget=DateInput)
    until = forms.DateField(
        label=gettext_lazy("结束日期"),
        required=False,
        widget=DateInput,
        help_text=gettext_lazy("处分的最后一日；留空则至秘书处结束为止"),
    )
    resolution = forms.ModelChoiceField(
        label=gettext_lazy("依据决议"), queryset=Resolution.objects.none(), required=False
    )

    def __init__(self, *args, body: Body, **kwargs):
        super().__init__(*args, prefix="sanction", **kwargs)
        membership = self.fields["membership"]
        membership.queryset = (
            body.memberships.current()
            .select_related("organization")
            .order_by("organization_name", "role")
        )
        membership.label_from_instance = lambda m: aside(m.organization.name, m.get_role_display())
        resolution = self.fields["resolution"]
        resolution.queryset = Resolution.objects.filter(
            motion__meeting__body=body, passed=True
        ).select_related("motion")
        resolution.label_from_instance = lambda r: (
            _("第 %(n)s 号决议：%(title)s")
            % {
                "n": r.number,
                "title": r.motion.title,
            }
        )


def _members_body(request, pk: int) -> Body:
    """The body if the reader reads its meetings; 404 if it may not see the body, else 403."""
    body = Body.objects.filter(pk=pk).first()
    if body is None or not selectors.may_read_members(request.user, body):
        body_detail(actor=request.user, pk=pk)  # 404 for a body the reader may not see
        raise PermissionDenied(selectors.MEMBERS_DENIED)
    return body


@login_required
@require_http_methods(["GET", "POST"])
def member_history(request, pk: int):
    """The body's membership events and sanctions; its secretariat records a withdrawal by
    written notice or a sanction here (``action`` says which form was sent)."""
    body = _members_body(request, pk)
    may_run = can_edit_body(request.user, body)
    withdrawal_form = sanction_form = None
    if may_run:
        action = request.POST.get("action") if request.method == "POST" else ""
        withdrawal_form = WithdrawalForm(
            request.POST if action == "withdrawal" else None,
            request.FILES if action == "withdrawal" else None,
            body=body,
        )
        sanction_form = SanctionForm(
            request.POST if action == "sanction" else None,
            body=body,
            initial={"since": timezone.localdate()},
        )
        if action == "withdrawal" and withdrawal_form.is_valid():
            data = withdrawal_form.cleaned_data
            done = run_service(
                withdrawal_form,
                lambda: services.withdrawal_record(
                    actor=request.user,
                    body=body,
                    organization=data["organization"],
                    notice_on=data["notice_on"],
                    effective_on=data["effective_on"],
                    reason=data["reason"],
                    file=data["file"] or None,
                ),
            )
            if done is not None:
                messages.success(request, _("已记录退出，该单位的成员关系已于退出日期结束。"))
                return redirect("governance:member_history", pk=pk)
        elif action == "sanction" and sanction_form.is_valid():
            done = run_service(
                sanction_form,
                lambda: services.sanction_create(actor=request.user, **sanction_form.cleaned_data),
            )
            if done is not None:
                messages.success(request, _("已记录处分。"))
                return redirect("governance:member_history", pk=pk)
    elif request.method == "POST":
        require(False, services.RUN_DENIED)
    today = timezone.localdate()
    events = selectors.member_history(actor=request.user, body=body)
    context = {
        "title": MEMBER_HISTORY,
        "crumbs": body_crumbs(request, body),
        "body": body,
        "page_obj": paginate(request, events, per_page=PER_PAGE),
        "may_run": may_run,
        "withdrawal_form": withdrawal_form,
        "sanction_form": sanction_form,
        "today": today,
        "yesterday": today - datetime.timedelta(days=1),
    }
    return render(request, "governance/member_history.html", context)


@login_required
@require_POST
def sanction_end(request, pk: int):
    """End a sanction early (the secretariat): the date sent is its last day."""
    sanction = get_object_or_404(selectors.sanction_list(actor=request.user), pk=pk)
    body = sanction.membership.body
    require(can_edit_body(request.user, body), services.RUN_DENIED)
    back = reverse("governance:member_history", args=[body.pk])
    try:
        until = forms.DateField().clean(request.POST.get("until") or None)
    except ValidationError:
        messages.error(request, _("请填写处分的最后一日"))
        return redirect(back)
    try:
        services.sanction_end(actor=request.user, sanction=sanction, until=until)
    except ValidationError as exc:
        messages.error(request, sentences(exc.messages))
    else:
        messages.success(request, _("处分已结束。"))
    return redirect(back)


@login_required
def withdrawal_file(request, pk: int):
    """A withdrawal's written notice: the body's secretariat and admins only (404 else)."""
    withdrawal = get_object_or_404(Withdrawal.objects.select_related("organization", "body"), pk=pk)
    if not can_edit_body(request.user, withdrawal.body):
        raise Http404
    return private_file_response(
        withdrawal.file,
        download_name=_("%(unit)s退出通知") % {"unit": withdrawal.organization.name},
    )


# --- the rules (表决规则) --------------------------------------------------------------------


class RuleForm(forms.Form):
    decision_type = forms.ChoiceField(label=gettext_lazy("事项"), choices=DecisionType.choices)
    organ = forms.ChoiceField(label=gettext_lazy("表决机构"), choices=Organ.choices)
    quorum_numerator = forms.IntegerField(
        label=gettext_lazy("出席比例（分子）"), min_value=0, max_value=100
    )
    quorum_denominator = forms.IntegerField(
        label=gettext_lazy("出席比例（分母）"), min_value=1, max_value=100
    )
    threshold_numerator = forms.IntegerField(
        label=gettext_lazy("通过比例（分子）"), min_value=0, max_value=100
    )
    threshold_denominator = forms.IntegerField(
        label=gettext_lazy("通过比例（分母）"), min_value=1, max_value=100
    )
    base = forms.ChoiceField(
        label=gettext_lazy("通过比例的基数"), choices=DecisionRule.Base.choices
    )
    strict = forms.BooleanField(label=gettext_lazy("须超过该比例（否：达到即可）"), required=False)
    abstentions_count = forms.BooleanField(label=gettext_lazy("弃权计入基数"), required=False)
    correspondence = forms.BooleanField(label=gettext_lazy("允许通讯表决"), required=False)
    for_charter = forms.BooleanField(
        label=gettext_lazy("作为现行章程的规定"),
        required=False,
        help_text=gettext_lazy("不勾选则为未附章程的规则，在章程另有规定前适用"),
    )

    def __init__(self, *args, charter, **kwargs):
        super().__init__(*args, prefix="rule", **kwargs)
        if charter is None:
            del self.fields["for_charter"]
        else:
            self.fields["for_charter"].label = _("作为现行章程（%(version)s）的规定") % {
                "version": charter.version
            }

    def clean(self):
        data = super().clean()
        for part in ("quorum", "threshold"):
            numerator, denominator = data.get(f"{part}_numerator"), data.get(f"{part}_denominator")
            if numerator is not None and denominator and numerator > denominator:
                self.add_error(f"{part}_numerator", _("比例须在 0 到 1 之间：分子不能大于分母"))
        return data


def _rule_initial(row: selectors.RuleInForce, charter) -> dict:
    rule = row.rule
    return {
        "decision_type": row.decision_type,
        "organ": row.organ,
        "quorum_numerator": rule.quorum.numerator,
        "quorum_denominator": rule.quorum.denominator,
        "threshold_numerator": rule.threshold.numerator,
        "threshold_denominator": rule.threshold.denominator,
        "base": rule.base,
        "strict": rule.strict,
        "abstentions_count": rule.abstentions_count,
        "correspondence": rule.correspondence,
        "for_charter": charter is not None and row.source == "charter",
    }


@require_http_methods(["GET", "POST"])
def decision_rules(request, pk: int):
    """The rule of every decision type in force in the body, and where it comes from (public
    where the body is); its secretariat restates one here (``?edit=<type>`` fills the form)."""
    body = body_detail(actor=request.user, pk=pk)
    may_run = can_edit_body(request.user, body)
    if request.method == "POST":
        require(may_run, services.RUN_DENIED)
    rows = selectors.rules_in_force(body)
    charter = services.current_charter(body)
    form = None
    if may_run:
        by_type = {row.decision_type: row for row in rows}
        editing = by_type.get(request.GET.get("edit", ""), rows[0])
        form = RuleForm(
            request.POST if request.method == "POST" else None,
            charter=charter,
            initial=_rule_initial(editing, charter),
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            saved = run_service(
                form,
                lambda: services.decision_rule_set(
                    actor=request.user,
                    body=body,
                    charter=charter if data.pop("for_charter", False) else None,
                    **data,
                ),
            )
            if saved is not None:
                messages.success(
                    request,
                    _("已修改“%(type)s”的表决规则。") % {"type": saved.get_decision_type_display()},
                )
                return redirect("governance:decision_rules", pk=pk)
    context = {
        "title": RULES,
        "crumbs": body_crumbs(request, body),
        "body": body,
        "rows": rows,
        "charter": charter,
        "may_run": may_run,
        "form": form,
    }
    return render(request, "governance/rules.html", context)
