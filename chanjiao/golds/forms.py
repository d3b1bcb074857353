"""Forms of the five-golds pages (validation only): a programme with its categories'
committees, a category's committee, a nomination, a review decision."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chanjiao.core.forms import ModelForm
from chanjiao.registry.forms import OrganizationChoiceField
from chanjiao.registry.models import Committee, Organization

from .models import FIRST_YEAR, LAST_YEAR, GoldsCategory, GoldsNomination, GoldsProgramme, Kind

EVIDENCE_HELP = gettext_lazy("PDF、Word、图片等，不超过 10 MB；也可以只填佐证链接")


def _committees(body):
    return Committee.objects.filter(body=body).order_by("name")


class ProgrammeForm(ModelForm):
    """A programme; on creation also the committee running each of the five categories."""

    class Meta:
        model = GoldsProgramme
        fields = ["name", "started_on", "description"]

    def __init__(self, *args, body, with_committees: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.with_committees = with_committees
        if with_committees:
            committees = _committees(body)
            # The five fields offer the same committees: read them once.
            choices = [("", "---------"), *((c.pk, str(c)) for c in committees)]
            for value, label in Kind.choices:
                field = forms.ModelChoiceField(
                    label=_("%(kind)s负责委员会") % {"kind": label},
                    queryset=committees,
                    required=False,
                )
                field.choices = choices
                self.fields[f"committee_{value}"] = field

    def data_for_service(self) -> dict:
        data = {k: self.cleaned_data[k] for k in ("name", "started_on", "description")}
        if self.with_committees:
            data["committees"] = {k: self.cleaned_data.get(f"committee_{k}") for k in Kind.values}
        return data


class CategoryForm(ModelForm):
    class Meta:
        model = GoldsCategory
        fields = ["committee"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = _committees(self.instance.programme.body)


class NominationForm(ModelForm):
    """A nomination: the unit (among those the reader may nominate for), the year, the result,
    its evidence. ``body``: whose member units the unit's picker looks up."""

    class Meta:
        model = GoldsNomination
        fields = ["organization", "year", "name", "description", "carrier", "evidence", "link"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        field_classes = {"organization": OrganizationChoiceField}

    def __init__(self, *args, units, carriers, body=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = units
        if body is not None:  # the look-up offers the body's current member units
            self.fields["organization"].widget.params = {"member_of": body.pk}
        if units.count() == 1 and not self.instance.pk:
            self.fields["organization"].initial = units.first().pk
        if self.instance.pk:
            del self.fields["organization"]  # a nomination's unit stays
        self.fields["carrier"].queryset = carriers
        self.fields["year"] = forms.IntegerField(
            label=_("申报年度"),
            min_value=FIRST_YEAR,
            max_value=LAST_YEAR,
            initial=timezone.localdate().year,
        )
        self.fields["evidence"].help_text = EVIDENCE_HELP
        self.fields["evidence"].widget = forms.ClearableFileInput()


class ReviewForm(forms.Form):
    """A review decision: return for more, recognise (level, year) or not recognise."""

    RETURN, RECOGNISE, REJECT = "return", "recognise", "reject"
    decision = forms.ChoiceField(
        label=gettext_lazy("评审结论"),
        choices=[
            (RECOGNISE, gettext_lazy("认定")),
            (RETURN, gettext_lazy("退回补充")),
            (REJECT, gettext_lazy("不予认定")),
        ],
        widget=forms.RadioSelect,
    )
    level = forms.ChoiceField(
        label=gettext_lazy("认定级别"),
        choices=[("", "—"), *GoldsNomination.Level.choices],
        required=False,
    )
    year = forms.IntegerField(
        label=gettext_lazy("认定年度"), min_value=FIRST_YEAR, max_value=LAST_YEAR, required=False
    )
    note = forms.CharField(
        label=gettext_lazy("评审意见"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=gettext_lazy("退回补充和不予认定时必填"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year


def member_units(body, unit_ids=None):
    """The body's current member units (those among ``unit_ids`` when given)."""
    qs = Organization.objects.filter(pk__in=body.memberships.current().values("organization_id"))
    if unit_ids is not None:
        qs = qs.filter(pk__in=unit_ids)
    return qs.order_by("name")
