"""Forms of the registration pages (validation only; the services decide)."""

from __future__ import annotations

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from chanjiao.core.forms import CHOOSE, DateTimeInput, ModelForm
from chanjiao.registry.forms import OrganizationChoiceField
from chanjiao.registry.models import Organization

from .models import RegistrationSettings


class RegistrationSettingsForm(ModelForm):
    asked_fields = forms.MultipleChoiceField(
        label=_("报名时填写"),
        choices=RegistrationSettings.Asked.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("姓名总是必填；只收集用得上的个人信息"),
    )

    class Meta:
        model = RegistrationSettings
        fields = [
            "opens_at",
            "closes_at",
            "capacity",
            "unit_quota",
            "asked_fields",
            "needs_approval",
        ]
        widgets = {"opens_at": DateTimeInput(), "closes_at": DateTimeInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("capacity", "unit_quota"):
            self.fields[name].validators.append(MinValueValidator(1))
            self.fields[name].widget.attrs["min"] = 1


class RegistrationForm(forms.Form):
    """One person's registration; only the fields the event asks for are shown."""

    name = forms.CharField(label=_("姓名"), max_length=100)
    organization = OrganizationChoiceField(
        label=_("单位"), queryset=Organization.objects.none(), required=False
    )
    title = forms.CharField(label=_("职务"), max_length=100, required=False)
    phone = forms.CharField(
        label=_("手机号码"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    needs = forms.CharField(
        label=_("特殊需求"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("如饮食禁忌、无障碍需要"),
    )

    def __init__(self, *args, settings: RegistrationSettings, units, organiser: bool, **kwargs):
        """``units``: the units the person may be registered for (a contact's own units, or
        every unit for the organisers)."""
        super().__init__(*args, **kwargs)
        for name in ("title", "phone", "email", "needs"):
            if not settings.asks(name):
                del self.fields[name]
        field = self.fields["organization"]
        field.queryset = units
        if organiser:
            if not settings.asks(RegistrationSettings.Asked.UNIT):
                del self.fields["organization"]
            else:
                field.empty_label = _("— 无 —")
        elif units.count() == 1:
            del self.fields["organization"]  # a unit's contact registers for its one unit
        else:
            field.required = True
            field.empty_label = CHOOSE


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("票号"),
        max_length=200,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "autofocus": True,
                "inputmode": "text",
            }
        ),
    )
