"""Forms of the cooperation pages (validation only)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from chanjiao.core.forms import DateInput, ModelForm
from chanjiao.events.models import Ceremony, Event
from chanjiao.registry.forms import OrganizationMultipleChoiceField
from chanjiao.registry.models import Organization

from .models import Agreement, Carrier, CarrierFigure, CarrierMilestone


class CeremonyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.event} · {obj.name}"


class _FiledUnderBody(ModelForm):
    """Agreements and carriers are filed under a body the user runs (admins may leave it out)."""

    def __init__(self, *args, bodies, body_required: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies
        self.fields["body"].required = body_required
        ceremonies = Ceremony.objects.select_related("event").order_by("-event__starts_on", "id")
        if body_required:
            # Only the body's own events, their ceremonies and its agreements are offered (the
            # services accept no others); admins may link anything.
            own_events = Event.objects.filter(bodies__in=bodies).values("pk")
            ceremonies = ceremonies.filter(event__in=own_events)
            if "event" in self.fields:
                self.fields["event"].queryset = Event.objects.filter(pk__in=own_events)
            if "agreement" in self.fields:
                self.fields["agreement"].queryset = Agreement.objects.filter(body__in=bodies)
        self.fields["ceremony"] = CeremonyChoiceField(
            label=self.fields["ceremony"].label,
            queryset=ceremonies,
            required=False,
            help_text=self.fields["ceremony"].help_text,
        )


class AgreementForm(_FiledUnderBody):
    class Meta:
        model = Agreement
        fields = [
            "title",
            "kind",
            "status",
            "parties",
            "body",
            "event",
            "ceremony",
            "signed_on",
            "starts_on",
            "ends_on",
            "reminder_days",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}
        field_classes = {"parties": OrganizationMultipleChoiceField}
        help_texts = {
            "parties": _("按住 Ctrl（Mac 为 ⌘）可多选"),
            "ceremony": _("在活动的签约仪式上签署时选择"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parties"].queryset = Organization.objects.order_by("name")
        # The dates move it on from here; 已续签 and 已终止 come from the acts.
        offered = {Agreement.Status.DRAFT, Agreement.Status.SIGNED, Agreement.Status.IN_FORCE}
        if self.instance.pk:
            offered.add(self.instance.status)
            if self.instance.status != Agreement.Status.DRAFT:
                offered.discard(Agreement.Status.DRAFT)  # once signed, never a draft again
        self.fields["status"].choices = [
            (value, label) for value, label in Agreement.Status.choices if value in offered
        ]
        self.fields["reminder_days"].required = False

    def clean_reminder_days(self):
        value = self.cleaned_data.get("reminder_days")
        return 60 if value is None else value


class CarrierForm(_FiledUnderBody):
    class Meta:
        model = Carrier
        fields = [
            "name",
            "kind",
            "owners",
            "body",
            "agreement",
            "ceremony",
            "founded_on",
            "city",
            "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        field_classes = {"owners": OrganizationMultipleChoiceField}
        help_texts = {
            "owners": _("按住 Ctrl（Mac 为 ⌘）可多选"),
            "ceremony": _("揭牌或授牌仪式"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owners"].queryset = Organization.objects.order_by("name")


class MilestoneForm(ModelForm):
    class Meta:
        model = CarrierMilestone
        fields = ["kind", "done_on", "due_on", "headcount", "level", "note", "evidence", "link"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "due_on": _("尚未完成的里程碑填写计划日期"),
            "headcount": _("首届招生时填写"),
            "level": _("认定时填写"),
            "evidence": _("如批文、照片、验收报告等"),
        }


class FigureForm(ModelForm):
    class Meta:
        model = CarrierFigure
        fields = ["year", "students", "courses", "teachers", "equipment_value"]


class SignForm(forms.Form):
    signed_on = forms.DateField(
        label=_("签约日期"), required=False, widget=DateInput(), help_text=_("留空为今天")
    )


class RenewForm(forms.Form):
    title = forms.CharField(
        label=_("新协议名称"), max_length=300, required=False, help_text=_("留空则沿用原名称")
    )
    starts_on = forms.DateField(label=_("生效日期"), widget=DateInput())
    ends_on = forms.DateField(label=_("到期日期"), widget=DateInput())
    signed_on = forms.DateField(
        label=_("签约日期"), required=False, widget=DateInput(), help_text=_("留空为今天")
    )

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("到期日期不能早于生效日期"))
        return data


class TerminateForm(forms.Form):
    reason = forms.CharField(label=_("终止原因"), widget=forms.Textarea(attrs={"rows": 3}))
    terminated_on = forms.DateField(
        label=_("终止日期"), required=False, widget=DateInput(), help_text=_("留空为今天")
    )


class DocumentForm(forms.Form):
    file = forms.FileField(
        label=_("协议文本"), help_text=_("签字盖章的扫描件等；上传后成为当前版本")
    )
    note = forms.CharField(label=_("说明"), max_length=500, required=False)
