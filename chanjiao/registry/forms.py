"""Forms of the registry pages: they validate input only; the views hand it to services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from chanjiao.core.forms import CHOOSE, DateInput, ModelForm
from chanjiao.core.selectors import search
from chanjiao.core.widgets import PickedChoice, SearchSelect, SearchSelectMultiple

from .models import (
    Body,
    Charter,
    Committee,
    CommitteeSeat,
    DeclaredCount,
    Membership,
    Organization,
    Person,
    Position,
    Role,
    Term,
)
from .selectors import ORGANIZATION_SEARCH

#: The widgets of a record that has aliases (one per line) and a description.
DESCRIBED = {
    "aliases": forms.Textarea(attrs={"rows": 3}),
    "description": forms.Textarea(attrs={"rows": 5}),
}


def _organizations_matching(queryset, text):
    return search(queryset, text, list(ORGANIZATION_SEARCH))


def _people_matching(queryset, text):
    return search(queryset, text, ["name", "english_name"])


def organization_picker(*, multiple: bool = False, params: dict | None = None) -> SearchSelect:
    """The picker of units: searched as the organisations list searches them. ``params``
    narrow the look-up as the field's queryset is narrowed (``{"member_of": body.pk}``)."""
    widget = SearchSelectMultiple if multiple else SearchSelect
    return widget(
        lookup="registry:organization_lookup",
        search=_organizations_matching,
        params=params,
        hint=_("输入单位名称、简称、别名或信用代码查找"),
        attrs={"size": 8} if multiple else None,
    )


class OrganizationChoiceField(PickedChoice, forms.ModelChoiceField):
    """An organisation picked by id; labelled with its name. The page holds only the chosen
    unit and a search box (:func:`organization_picker`); the queryset still validates."""

    def __init__(self, *args, params: dict | None = None, **kwargs):
        kwargs["widget"] = organization_picker(params=params)
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        return obj.name


class OrganizationMultipleChoiceField(PickedChoice, forms.ModelMultipleChoiceField):
    """Several organisations (parties, owners, recipients), picked like one."""

    def __init__(self, *args, params: dict | None = None, **kwargs):
        kwargs["widget"] = organization_picker(multiple=True, params=params)
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        return obj.name


class PersonChoiceField(PickedChoice, forms.ModelChoiceField):
    """A person picked by id, from a search by name (people are too many to list)."""

    def __init__(self, *args, **kwargs):
        kwargs["widget"] = SearchSelect(
            lookup="registry:person_lookup",
            search=_people_matching,
            hint=_("输入姓名查找"),
        )
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        return obj.name


class OrganizationPickMixin(forms.Form):
    """Pick an existing unit, or name a new one (registered when the form is saved).

    The select holds only the chosen unit; its search box asks the look-up for the others.
    """

    organization = OrganizationChoiceField(
        label=_("已登记单位"),
        queryset=Organization.objects.all(),
        required=False,
        empty_label=CHOOSE,
    )
    new_name = forms.CharField(
        label=_("或新单位名称"),
        max_length=200,
        required=False,
        help_text=_("单位尚未登记时填写全称，保存时一并登记"),
    )
    new_kind = forms.ChoiceField(
        label=_("新单位类型"),
        choices=Organization.Kind.choices,
        initial=Organization.Kind.ENTERPRISE,
        required=False,
    )

    def clean(self):
        data = super().clean()
        if self.has_error("organization"):  # an unknown unit, or a search sent: said there
            return data
        org, name = data.get("organization"), (data.get("new_name") or "").strip()
        if not org and not name:
            raise forms.ValidationError(_("请选择已登记单位，或填写新单位名称"))
        if org and name:
            raise forms.ValidationError(_("已登记单位和新单位名称只能填一项"))
        data["new_name"] = name
        return data


# --- lists ------------------------------------------------------------------------------


ALL = _("全部")


def _blank(choices):
    return [("", ALL), *choices]


# --- bodies -------------------------------------------------------------------------------


class BodyForm(ModelForm):
    class Meta:
        model = Body
        fields = [
            "name",
            "short_name",
            "english_name",
            "kind",
            "level",
            "industry",
            "region",
            "region_code",
            "founded_on",
            "status",
            "approval_document",
            "approved_by",
            "parent",
            "website",
            "aliases",
            "description",
            "is_published",
        ]
        widgets = DESCRIBED

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["parent"].queryset = Body.objects.exclude(pk=self.instance.pk)


class DeclaredCountForm(ModelForm):
    class Meta:
        model = DeclaredCount
        fields = ["role", "label", "value", "as_of", "source"]
        help_texts = {
            "label": _("如“成员单位”“参会企业”"),
            "source": _("公布该数字的文件或报道"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].help_text = _("选择角色后，机构页面会将公布数量与已登记数量对比")


class TermForm(ModelForm):
    class Meta:
        model = Term
        fields = ["number", "name", "starts_on", "ends_on"]
        help_texts = {"name": _("留空则显示为“第N届理事会”")}


class MembershipForm(OrganizationPickMixin, ModelForm):
    """Admit a unit: an existing one or a new one named here."""

    class Meta:
        model = Membership
        fields = ["role", "term", "since", "contact", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    field_order = ["organization", "new_name", "new_kind", "role", "term", "since", "contact"]

    def __init__(self, *args, body: Body, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].queryset = Term.objects.filter(body=body)
        self.fields["role"].initial = Role.MEMBER


class MembershipEditForm(ModelForm):
    class Meta:
        model = Membership
        fields = ["role", "term", "since", "until", "contact", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].queryset = Term.objects.filter(body_id=self.instance.body_id)


class MembershipEndForm(forms.Form):
    """Record that a unit left (退出) on a date; the membership stays in the record."""

    until = forms.DateField(label=_("退出日期"), widget=DateInput())


class CommitteeForm(ModelForm):
    class Meta:
        model = Committee
        fields = ["name", "kind", "term", "founded_on", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, body: Body, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].queryset = Term.objects.filter(body=body)


class CommitteeSeatForm(ModelForm):
    class Meta:
        model = CommitteeSeat
        fields = ["role", "person", "organization", "since", "until"]
        field_classes = {"person": PersonChoiceField, "organization": OrganizationChoiceField}
        help_texts = {"organization": _("由单位担任时选择单位")}


class CharterForm(ModelForm):
    class Meta:
        model = Charter
        fields = ["version", "title", "adopted_on", "adopted_at", "file", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 8})}


# --- organisations and people ------------------------------------------------------------


class OrganizationForm(ModelForm):
    class Meta:
        model = Organization
        fields = [
            "name",
            "short_name",
            "english_name",
            "kind",
            "credit_code",
            "region",
            "region_code",
            "industry",
            "industry_code",
            "website",
            "aliases",
            "description",
        ]
        widgets = DESCRIBED
        help_texts = {
            "credit_code": _("18 位，含校验位"),
            "region_code": _("6 位行政区划代码，如 510100"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A code pasted with spaces around it is trimmed on saving: the browser must not cut it.
        self.fields["credit_code"].widget.attrs.pop("maxlength", None)


class PersonForm(ModelForm):
    class Meta:
        model = Person
        fields = ["name", "english_name", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class PositionForm(ModelForm):
    class Meta:
        model = Position
        fields = ["organization", "title", "since", "until", "source"]
        field_classes = {"organization": OrganizationChoiceField}
        help_texts = {"source": _("如新闻报道链接")}
