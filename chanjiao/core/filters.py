"""One filter declaration per list (筛选): the API's query schema and the page's filter bar.

A list's filters are declared once, as a :class:`FilterSet` of :class:`Filter` entries named as
the selector's keyword arguments. :meth:`FilterSet.schema` is the pydantic model the API reads
with ``Query[...]``; :meth:`FilterSet.form` is the filter bar's Django form, whose
``filters()`` gives the same keyword arguments. So the page offers every filter the API has,
and a filter added to the declaration reaches the selector, the API and the page together
(``core/tests/test_filters.py`` checks each declaration against its selector's signature).

An ``id`` filter is a select of the rows a view passes for it (``form(data, choices={...})``:
bodies the reader may see, units that hold posts …); without rows it is left off the page
(it stays in the API).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema
from pydantic import create_model

from .forms import SearchForm
from .schemas import Id, QueryBool, Text, Year, choice

Kind = Literal["text", "choice", "id", "year", "bool"]

#: The first option of a filter's select: no filter.
ALL = _("全部")


@dataclass(frozen=True)
class Filter:
    """One filter: its keyword name, what it takes, its label on the page and, for the API, an
    English description (none: the field is documented by its type alone)."""

    name: str
    kind: Kind
    label: Any
    description: str = ""
    choices: type[models.Choices] | None = None
    default: Any = None
    max_length: int = 100

    def annotation(self) -> Any:
        if self.kind == "text":
            return Text | None
        if self.kind == "choice":
            return choice(self.choices) | None
        if self.kind == "id":
            return Id | None
        if self.kind == "year":
            return Year | None
        return QueryBool

    def schema_field(self) -> tuple[Any, Any]:
        if self.description:
            return self.annotation(), Field(self.default, description=self.description)
        return self.annotation(), self.default

    def form_field(self, rows=None) -> forms.Field | None:
        if self.kind == "text":
            return forms.CharField(label=self.label, required=False, max_length=self.max_length)
        if self.kind == "choice":
            return forms.ChoiceField(
                label=self.label, choices=[("", ALL), *self.choices.choices], required=False
            )
        if self.kind == "year":
            return forms.IntegerField(label=self.label, required=False, min_value=1, max_value=9999)
        if self.kind == "bool":
            return forms.TypedChoiceField(
                label=self.label,
                choices=[("true", _("是")), ("false", _("否"))],
                coerce=lambda value: value == "true",
                required=False,
                empty_value=self.default,
            )
        if rows is None:
            return None
        return forms.ModelChoiceField(
            label=self.label, queryset=rows, required=False, empty_label=ALL
        )


class FilterForm(SearchForm):
    """A filter bar's form: ``filters()`` gives the selector's keyword arguments (a chosen row
    as its id, as the API passes it)."""

    def filters(self) -> dict:
        return {
            name: value.pk if isinstance(value, models.Model) else value
            for name, value in super().filters().items()
        }


class FilterSet:
    """A list's filters, declared once (see the module docstring)."""

    def __init__(self, name: str, *filters: Filter, search: Any = None):
        self.name = name
        self.filters = filters
        #: The search box's description in the API (``q``; "" for none), or None when the list
        #: has no search box.
        self.search = search
        self._schema: type[Schema] | None = None

    @property
    def names(self) -> list[str]:
        return (["q"] if self.search is not None else []) + [f.name for f in self.filters]

    def schema(self) -> type[Schema]:
        """The API's query schema (``Query[BODY_FILTERS.schema()]``), made once."""
        if self._schema is None:
            fields: dict[str, Any] = {}
            if self.search is not None:
                described = Field(None, description=self.search) if self.search else None
                fields["q"] = (Text | None, described)
            for f in self.filters:
                fields[f.name] = f.schema_field()
            self._schema = create_model(self.name, __base__=Schema, **fields)
        return self._schema

    def form(self, data=None, *, choices: dict[str, Any] | None = None) -> FilterForm:
        """The filter bar's form bound to ``data`` (the request's GET); ``choices`` gives the
        rows of each ``id`` filter shown on the page."""
        form = FilterForm(data or None)
        if self.search is None:
            del form.fields["q"]
        for f in self.filters:
            field = f.form_field((choices or {}).get(f.name))
            if field is not None:
                form.fields[f.name] = field
        return form
