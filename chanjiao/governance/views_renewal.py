"""The council renewal page (换届): a body's terms with who held which council seat when, and —
for its secretariat — the form that puts an election with its slate on a meeting's agenda."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db.models import Max
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from chanjiao.accounts.permissions import can_edit_body, require
from chanjiao.core.forms import CHOOSE, DateInput
from chanjiao.core.views import run_service
from chanjiao.registry.models import ROLE_ORDER, Body, Organization, Role
from chanjiao.registry.selectors import body_detail

from . import selectors, services
from .models import DecisionType, Meeting, Motion, Organ
from .views import body_crumbs

RENEWAL = gettext_lazy("换届")

#: Blank slate lines offered below the current council's.
EXTRA_LINES = 5


class ElectionForm(forms.Form):
    meeting = forms.ModelChoiceField(
        label=gettext_lazy("表决的会议"),
        queryset=Meeting.objects.none(),
        help_text=gettext_lazy("筹备中或进行中的、按章程选举理事会的机构的会议"),
    )
    number = forms.IntegerField(label=gettext_lazy("届次"), min_value=1, max_value=32767)
    starts_on = forms.DateField(
        label=gettext_lazy("任期开始"),
        required=False,
        widget=DateInput,
        help_text=gettext_lazy("留空则为选举通过之日"),
    )
    ends_on = forms.DateField(label=gettext_lazy("任期结束"), required=False, widget=DateInput)
    title = forms.CharField(
        label=gettext_lazy("议案名称"),
        max_length=300,
        required=False,
        help_text=gettext_lazy("留空则为“关于选举第N届理事会的议案”"),
    )
    text = forms.CharField(
        label=gettext_lazy("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
        self.fields["meeting"].label_from_instance = lambda m: (
            _("%(name)s（%(date)s，%(status)s）")
            % {"name": m.title, "date": f"{m.date:%Y-%m-%d}", "status": m.get_status_display()}
        )


class SlateLineForm(forms.Form):
    """One line of the slate: a current member unit and its council role (blank: no line)."""

    organization = forms.TypedChoiceField(
        label=gettext_lazy("单位"), coerce=int, required=False, empty_value=None
    )
    role = forms.ChoiceField(label=gettext_lazy("角色"), required=False)

    def __init__(self, *args, members: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        organization, role = self.fields["organization"], self.fields["role"]
        organization.choices = [("", CHOOSE), *members]
        role.choices = [("", CHOOSE)] + [
            (r.value, r.label) for r in Role if r in services.COUNCIL_ROLES
        ]
        organization.widget.attrs.update(
            {"class": "form-select form-select-sm", "aria-label": _("单位")}
        )
        role.widget.attrs.update({"class": "form-select form-select-sm", "aria-label": _("角色")})

    def clean(self):
        data = super().clean()
        if data.get("organization") and not data.get("role"):
            self.add_error("role", _("请选择角色"))
        if data.get("role") and not data.get("organization"):
            self.add_error("organization", _("请选择单位"))
        return data


SlateFormSet = forms.formset_factory(
    SlateLineForm, extra=EXTRA_LINES, max_num=500, validate_max=True
)


def _current_council(body: Body):
    return sorted(
        body.memberships.current().filter(role__in=services.COUNCIL_ROLES),
        key=lambda m: (ROLE_ORDER.get(m.role, 99), m.organization_name),
    )


@require_http_methods(["GET", "POST"])
def renewal(request, pk: int):
    """A body's terms and who held which council seat when; its secretariat prepares the next
    election here (the slate starts as the current council)."""
    body = body_detail(actor=request.user, pk=pk)
    may_run = can_edit_body(request.user, body)
    if request.method == "POST":
        require(may_run, services.RUN_DENIED)
    form = formset = None
    organ = ""
    if may_run:
        _rule, organ = services.rule_for(body, DecisionType.ELECTION)
        meetings = body.meetings.filter(
            organ=organ, status__in=(Meeting.Status.PLANNED, Meeting.Status.OPEN)
        ).order_by("date", "id")
        members = list(
            Organization.objects.filter(pk__in=body.memberships.current().values("organization_id"))
            .order_by("name")
            .values_list("pk", "name")
        )
        number = (body.terms.aggregate(n=Max("number"))["n"] or 0) + 1
        data = request.POST if request.method == "POST" else None
        form = ElectionForm(
            data, meetings=meetings, initial={"number": number, "meeting": meetings.first()}
        )
        formset = SlateFormSet(
            data,
            prefix="slate",
            # The form starts as the current council; a posted form is read as sent (an initial
            # line left as it was must still count).
            initial=None
            if data is not None
            else [
                {"organization": m.organization_id, "role": m.role} for m in _current_council(body)
            ],
            form_kwargs={"members": members},
        )
        if data is not None and form.is_valid() and formset.is_valid():
            chosen = [
                (line["organization"], line["role"])
                for line in formset.cleaned_data
                if line.get("organization")
            ]
            units = Organization.objects.in_bulk([pk for pk, _role in chosen])
            slate = [(units[pk], role) for pk, role in chosen]
            cleaned = form.cleaned_data
            motion = run_service(
                form,
                lambda: services.election_prepare(
                    actor=request.user,
                    meeting=cleaned["meeting"],
                    number=cleaned["number"],
                    starts_on=cleaned["starts_on"],
                    ends_on=cleaned["ends_on"],
                    slate=slate,
                    title=cleaned["title"] or None,
                    text=cleaned["text"],
                ),
            )
            if motion is not None:
                messages.success(request, _("选举议案已列入议程，请在会议上表决。"))
                return redirect("governance:meeting", pk=motion.meeting_id)
    pending = (
        Motion.objects.filter(
            meeting__body=body,
            decision_type=DecisionType.ELECTION,
            status__in=(Motion.Status.DRAFT, Motion.Status.VOTING),
        )
        .select_related("meeting", "term")
        .prefetch_related("slate__organization")
        if may_run
        else Motion.objects.none()
    )
    context = {
        "title": RENEWAL,
        "crumbs": body_crumbs(request, body),
        "body": body,
        "history": selectors.council_history(body),
        "pending": pending,
        "may_run": may_run,
        "form": form,
        "formset": formset,
        "organ_label": Organ(organ).label if organ else "",
    }
    return render(request, "governance/renewal.html", context)
