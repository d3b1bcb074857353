"""Forms of the cooperation pages (validation only)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from chanjiao.core.forms import ModelForm
from chanjiao.events.models import Ceremony, Event
from chanjiao.registry.models import Organization

from .models import Agreement, Carrier


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
            "document",
            "notes",
        ]
        widgets = {
            "parties": forms.SelectMultiple(attrs={"size": 8}),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "parties": _("按住 Ctrl（Mac 为 ⌘）可多选"),
            "ceremony": _("在活动的签约仪式上签署时选择"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parties"].queryset = Organization.objects.order_by("name")


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
        widgets = {
            "owners": forms.SelectMultiple(attrs={"size": 8}),
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "owners": _("按住 Ctrl（Mac 为 ⌘）可多选"),
            "ceremony": _("揭牌或授牌仪式"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owners"].queryset = Organization.objects.order_by("name")
