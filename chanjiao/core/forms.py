"""Form pieces every app's forms build on: date and date-time pickers, a model form, the search box every
list has. They validate input only; views hand the cleaned data to services."""

from __future__ import annotations

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from .versions import changed_since, version_of
from .xlsx import XLSX_CONTENT_TYPE, UnsafeSpreadsheet, check_xlsx

#: A select's empty choice (Django's own reads "---------"; core/_form.html writes this too).
CHOOSE = _("— 请选择 —")


class DateInput(forms.DateInput):
    """A native date picker (the browser sends ISO dates)."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):
        super().__init__(attrs, format=format)


class DateTimeInput(forms.DateTimeInput):
    """A native date-and-time picker (the browser sends ``2025-06-18T09:30``, the site's time)."""

    input_type = "datetime-local"

    def __init__(self, attrs=None, format="%Y-%m-%dT%H:%M"):
        super().__init__(attrs, format=format)


def formfield(model_field, **kwargs):
    """Model form fields as Django makes them, with web addresses assumed to be https."""
    if isinstance(model_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return model_field.formfield(**kwargs)


class SpreadsheetField(forms.FileField):
    """An uploaded .xlsx (or .csv, with ``csv``), refused at the door — sizes, zip ratio, rows
    (:func:`chanjiao.core.xlsx.check_xlsx`) — before anything parses it."""

    def __init__(self, *, csv: bool = False, **kwargs):
        self.csv = csv
        accept = (
            ".xlsx,.csv," + XLSX_CONTENT_TYPE + ",text/csv" if csv else ".xlsx," + XLSX_CONTENT_TYPE
        )
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": accept}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload:
            return upload
        name = upload.name.lower()
        if not name.endswith((".xlsx", ".csv") if self.csv else ".xlsx"):
            raise forms.ValidationError(_("请上传 .xlsx 格式的 Excel 文件"))
        if name.endswith(".xlsx"):
            try:
                check_xlsx(upload)  # rows: CHANJIAO_XLSX_MAX_ROWS
            except UnsafeSpreadsheet as exc:
                raise forms.ValidationError(str(exc)) from exc
        return upload


class _ModelFormMetaclass(forms.models.ModelFormMetaclass):
    def __new__(mcs, name, bases, attrs):
        meta = attrs.get("Meta")
        if meta is not None and not hasattr(meta, "formfield_callback"):
            meta.formfield_callback = formfield
        return super().__new__(mcs, name, bases, attrs)


#: The hidden field that carries the version of the record a form was opened on.
SEEN_VERSION = "seen_version"


class VersionedForm:
    """A form of ``self.instance`` that carries the version the reader opened (the hidden
    ``seen_version``: the record's ``updated_at``). Saved after someone else changed the record,
    it is refused once, saying who changed what when, and keeps what the reader typed: one
    colleague no longer overwrites another's edit unseen. Saving again, the reader having read
    it, overwrites. A post without the field (a script) is not checked. ``version_parts``: the
    record's version moves with its parts too (a form's values), so their changes are named."""

    version_parts = False

    def carry_version(self) -> None:
        self._stored_version = version_of(self.instance)
        if self._stored_version:
            self.fields[SEEN_VERSION] = forms.CharField(
                widget=forms.HiddenInput, required=False, initial=self._stored_version
            )

    def full_clean(self):
        super().full_clean()
        seen = getattr(self, "cleaned_data", {}).pop(SEEN_VERSION, "")
        if seen and self._stored_version and seen != self._stored_version:
            self.add_error(None, changed_since(self.instance, seen=seen, parts=self.version_parts))
            # The page shown again carries the version now stored: saving it overwrites.
            self.data = self.data.copy()
            self.data[self.add_prefix(SEEN_VERSION)] = self._stored_version


class ModelForm(VersionedForm, forms.ModelForm, metaclass=_ModelFormMetaclass):
    """A model form whose fields :func:`formfield` makes, with date pickers for every date
    field, that refuses once a save over a change made since it was opened
    (:class:`VersionedForm`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateField) and not isinstance(field.widget, DateInput):
                field.widget = DateInput()
        self.carry_version()


class SearchForm(forms.Form):
    """The search box every list has."""

    q = forms.CharField(label=_("搜索"), required=False, max_length=200)

    def filters(self) -> dict:
        """The valid, non-empty filters as selector keyword arguments: a value that fails its
        field (``?year=abc``, a NUL byte) is left out and the others still filter."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
