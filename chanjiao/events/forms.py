"""Forms of the event pages (validation only)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from chanjiao.accounts.permissions import can_change_event_bodies, secretariat_body_ids
from chanjiao.core.forms import ModelForm
from chanjiao.core.words import listed, sentences
from chanjiao.registry.forms import (
    OrganizationChoiceField,
    OrganizationMultipleChoiceField,
    OrganizationPickMixin,
    PersonChoiceField,
)
from chanjiao.registry.models import Body, Organization

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

    def __init__(self, *args, bodies, hidden_holders=(), user=None, **kwargs):
        """``bodies``: the holders offered; ``hidden_holders``: ids of holding bodies the user
        may not see, kept on save but not shown; ``user``: whose change of holders is checked
        here, so a refusal is a field error (the service refuses it too)."""
        super().__init__(*args, **kwargs)
        self.hidden_holders = set(hidden_holders)
        self.user = user
        field = self.fields["bodies"]
        field.queryset = bodies
        help_text = [_("可选择您负责的产教融合体；多个产教融合体联合举办时一并勾选")]
        if self.hidden_holders:
            hidden = len(self.hidden_holders)
            help_text.append(
                ngettext(
                    "另有 %(n)d 个主办方您无权查看，保存时保持不变",
                    "另有 %(n)d 个主办方您无权查看，保存时保持不变",
                    hidden,
                )
                % {"n": hidden}
            )
        field.help_text = sentences(help_text)

    def clean_bodies(self):
        chosen = list(self.cleaned_data.get("bodies") or [])
        ids = {b.pk for b in chosen} | self.hidden_holders
        if self.instance.pk is not None and self.user is not None:
            old = set(self.instance.bodies.values_list("pk", flat=True))
            if not can_change_event_bodies(self.user, old, ids):
                if not ids:
                    raise forms.ValidationError(_("请至少选择一个主办的产教融合体"))
                removed = old - ids - secretariat_body_ids(self.user)
                others = Body.objects.filter(pk__in=removed).order_by("name")
                raise forms.ValidationError(
                    _(
                        "不能移除%(bodies)s：秘书处只能增减自己负责的产教融合体，"
                        "其他主办方须由其秘书处或平台管理员移除"
                    )
                    % {"bodies": listed(b.name for b in others)}
                )
        return Body.objects.filter(pk__in=ids).order_by("name")


class EventOrganizationForm(OrganizationPickMixin):
    role = forms.ChoiceField(label=_("角色"), choices=EventOrganization.Role.choices)

    field_order = ["role", "organization", "new_name", "new_kind"]


class AgendaItemForm(ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["order", "kind", "title", "speaker", "speaker_title", "speaker_organization"]
        field_classes = {
            "speaker": PersonChoiceField,
            "speaker_organization": OrganizationChoiceField,
        }
        help_texts = {
            "speaker_title": _("发言时的职务，如“党委书记、院长”"),
            "order": _("议程中的先后顺序"),
        }


class CeremonyForm(ModelForm):
    class Meta:
        model = Ceremony
        fields = ["kind", "name", "description", "recipients"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"recipients": OrganizationMultipleChoiceField}
        help_texts = {
            "recipients": _("授牌、签约、颁发聘书等涉及的单位（按住 Ctrl 多选）"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipients"].queryset = Organization.objects.order_by("name")
