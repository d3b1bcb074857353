"""Forms of the yearly cycle's pages: they validate input only; the views hand it to services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from chanjiao.core.forms import DateInput, SpreadsheetField, VersionedForm
from chanjiao.core.words import plain_number


class RoundOpenForm(forms.Form):
    """Open a round: the body (one the user runs) and the year."""

    body = forms.ModelChoiceField(label=_("产教融合体"), queryset=None)
    year = forms.IntegerField(label=_("年度"), min_value=1990, max_value=2100)
    deadline = forms.DateField(label=_("截止日期"), required=False, widget=DateInput)

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies


class FormValuesForm(VersionedForm, forms.Form):
    """One text box per indicator of a collection form (named by the indicator's code); the
    service reads the numbers, so "1,200" and "85%" are accepted as people write them. Saved
    over values a colleague entered since the page was opened, it is refused once
    (:class:`~chanjiao.core.forms.VersionedForm`): the page sends every box, so it would undo
    their values unseen."""

    version_parts = True

    def __init__(self, *args, rows, instance, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance = instance
        for indicator, value in rows:
            self.fields[indicator.code] = forms.CharField(
                label=indicator.label,
                required=False,
                max_length=40,
                initial=plain_number(value.value) if value else "",
                help_text=indicator.get_unit_display(),
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            )
        self.carry_version()


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("退回原因"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class FormFileForm(forms.Form):
    file = SpreadsheetField(label=_("填好的填报表（.xlsx）"))
