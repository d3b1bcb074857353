"""A searchable picker for choices from a table too large to list (单位, 人员).

A ``<select>`` of every organisation is megabytes at national scale (a million units). The
picker's select holds only the chosen values (the bound value, or the initial one) and a search
box beside it; typing queries a look-up endpoint (``chanjiao/forms.js`` fills the select with at
most a page of matches). The field keeps its queryset: a posted id is still validated against
it, so a unit the user may not pick is refused whatever the page offered. A queryset of only a
few rows (a contact's own units) is listed whole, as a plain select.

Without JavaScript the search box is a form field and its 查找 button submits the form: the
field then refuses to save (the reader has not picked yet) and the page comes back with the
matches in the select, narrowed on the server (``search``, the list's own search).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from urllib.parse import urlencode

from django import forms
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .forms import CHOOSE
from .selectors import search
from .validators import as_id

#: The search box's name is the field's with this suffix; its 查找 button's, with FIND.
QUERY = "__q"
FIND = "__find"


#: The search box's placeholder when the field names none.
BY_NAME = _("输入名称查找")


def _by_name(queryset: QuerySet, text: str) -> QuerySet:
    return search(queryset, text, ["name"])


class SearchSelect(forms.Select):
    """A select of a model choice field that renders only the chosen option(s) and a search box.

    ``lookup``: the URL name of the look-up endpoint (JSON: ``results`` of ``id`` and
    ``text``, ``more``); ``params``: query values that narrow it as the field's queryset is
    narrowed (``{"kind": [...]}``); ``search(queryset, text)``: the same search on the server,
    for the page sent back without JavaScript (by default, in the names); ``hint``: the search box's placeholder.
    """

    template_name = "core/widgets/search_select.html"
    #: A queryset of at most this many rows is rendered whole, as a plain select.
    list_whole_up_to = 50
    #: Matches the server offers when the search was submitted without JavaScript.
    matches_shown = 20

    def __init__(
        self,
        *,
        lookup: str,
        search: Callable[[QuerySet, str], QuerySet] | None = None,
        params: dict | None = None,
        hint=None,
        attrs=None,
    ):
        super().__init__(attrs)
        self.hint = hint or BY_NAME
        self.lookup = lookup
        self.search = search or _by_name
        self.params = dict(params or {})
        self.query = ""
        self.finding = False
        self.searching = False

    def __deepcopy__(self, memo):
        obj = super().__deepcopy__(memo)
        obj.params = copy.deepcopy(self.params, memo)
        return obj

    # --- reading the post -----------------------------------------------------------------

    def value_from_datadict(self, data, files, name):
        # Kept for the rendering (the matches of a search sent without JavaScript) and for
        # PickedChoice.clean (a search sent is not a choice made).
        self.query = str(data.get(name + QUERY) or "").strip()[:200]
        self.finding = bool(data.get(name + FIND))
        return super().value_from_datadict(data, files, name)

    def use_required_attribute(self, initial):
        # Select's own check reads the first choice, which for a model field without an empty
        # label would read the table.
        field = getattr(self.choices, "field", None)
        if self.allow_multiple_selected or field is None:
            return super().use_required_attribute(initial)
        return not self.is_hidden and field.empty_label is not None

    # --- rendering --------------------------------------------------------------------------

    def optgroups(self, name, value, attrs=None):
        iterator = self.choices
        queryset = getattr(iterator, "queryset", None)
        if queryset is None:  # plain choices: nothing to shrink
            self.searching = False
            return super().optgroups(name, value, attrs)
        head = list(queryset[: self.list_whole_up_to + 1])
        self.searching = len(head) > self.list_whole_up_to
        if self.searching:
            rows = self._chosen(queryset, iterator.field, value)
            if self.query:
                matches = self.search(queryset, self.query)[: self.matches_shown]
                rows += [row for row in matches if row not in rows]
        else:
            rows = head
        field = iterator.field
        empty = CHOOSE if field.empty_label == "---------" else field.empty_label
        choices = [("", empty)] if field.empty_label is not None else []
        choices += [iterator.choice(row) for row in rows]
        whole, self.choices = self.choices, choices
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = whole

    @staticmethod
    def _chosen(queryset: QuerySet, field, value) -> list:
        """The rows of ``value`` (ids as posted or initial) that ``queryset`` holds."""
        key = field.to_field_name or "pk"
        ids = [as_id(str(v)) for v in value if v not in (None, "")]
        ids = [i for i in ids if i is not None]
        return list(queryset.filter(**{f"{key}__in": ids})) if ids else []

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)  # runs optgroups: sets searching
        attrs = context["widget"]["attrs"]
        classes = ["form-select"]
        if attrs.get("aria-invalid"):
            classes.append("is-invalid")
        attrs["class"] = " ".join([*classes, attrs.get("class", "")]).strip()
        params = urlencode(self.params, doseq=True)
        context["widget"].update(
            searching=self.searching,
            lookup_url=reverse(self.lookup) + (f"?{params}" if params else ""),
            hint=self.hint,
            query_name=name + QUERY,
            find_name=name + FIND,
            # The box comes back empty, the words it held named above the matches: Enter in
            # another field (which presses the first 查找 button) then saves the pick.
            searched=self.query if self.finding else "",
        )
        return context


class SearchSelectMultiple(SearchSelect, forms.SelectMultiple):
    """:class:`SearchSelect` for several choices (parties, owners, recipients)."""

    allow_multiple_selected = True


class PickedChoice:
    """A model choice field whose widget is a :class:`SearchSelect` (mix in before the field).

    A search sent without JavaScript (the 查找 button, with words in the box) is not a choice:
    the form is refused once and comes back with the matches to pick from.
    """

    def clean(self, value):
        widget = self.widget
        if getattr(widget, "finding", False) and getattr(widget, "query", ""):
            raise forms.ValidationError(
                _("请在下拉列表的查找结果中选择，然后保存"), code="pick_from_matches"
            )
        return super().clean(value)
