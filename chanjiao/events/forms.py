"""Forms of the event pages (validation only)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from chanjiao.core.forms import ModelForm
from chanjiao.registry.forms import OrganizationChoiceField, OrganizationPickMixin
from chanjiao.registry.models import Organization

from .models import AgendaItem, Ceremony, Event, EventOrganization


class EventForm(ModelForm):
    class Meta:
        model = Event
        fields = [
            "name",
            "kind",
            "theme",
            "bodies",
            "starts_on",
            "ends_on",
            "city",
            "venue",
            "attendance",
            "attendance_approx",
            "description",
            "source_url",
            "is_published",
        ]
        widgets = {
            "bodies": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bodies"].queryset = bodies
        self.fields["bodies"].help_text = _(
            "可选择您负责的产教融合体；多个产教融合体联合举办时一并勾选"
        )


class EventOrganizationForm(OrganizationPickMixin):
    role = forms.ChoiceField(label=_("角色"), choices=EventOrganization.Role.choices)

    field_order = ["role", "organization", "new_name", "new_kind"]


class AgendaItemForm(ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["order", "kind", "title", "speaker", "speaker_title", "speaker_organization"]
        field_classes = {"speaker_organization": OrganizationChoiceField}
        help_texts = {
            "speaker_title": _("发言时的职务，如“党委书记、院长”"),
            "order": _("议程中的先后顺序"),
        }


class CeremonyForm(ModelForm):
    class Meta:
        model = Ceremony
        fields = ["kind", "name", "description", "recipients"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "recipients": forms.SelectMultiple(attrs={"size": 8}),
        }
        help_texts = {
            "recipients": _("授牌、签约、颁发聘书等涉及的单位（按住 Ctrl 多选）"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipients"].queryset = Organization.objects.order_by("name")
