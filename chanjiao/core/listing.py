"""One declaration per list (列表): its columns, how each sorts, and what each exports.

A list page declares a :class:`ListSpec` once, next to its view::

    ORGANIZATIONS = ListSpec(
        name="organizations",
        title=pgettext_lazy("list", "单位"),
        default_sort="name",
        columns=(
            Column("name", _("名称"), "name", sort="name"),
            Column("kind", _("类型"), lambda o: o.get_kind_display(), sort="kind"),
        ),
    )

and hands it to :func:`chanjiao.core.views.list_page`, which then

* sorts the selector's queryset by ``?sort=<key>`` or ``?sort=-<key>`` — only keys the spec
  declares sortable, anything else falls back to the default, so a URL cannot order by an
  arbitrary (or private) field;
* answers ``?format=xlsx`` with the same rows (same filters, same sort, every page) as an
  .xlsx file written by :func:`chanjiao.core.xlsx.table_xlsx` (formulas neutralised);
* gives the templates ``list_spec``, so ``{% sort_th "name" %}`` (``core_tags``) renders a
  clickable header that keeps the filters, and ``core/_list_footer.html`` the export link.

A column holding a personal field (个人信息: a membership's contact, notes …) names it in
``personal``; its value is exported only to readers :mod:`chanjiao.accounts.privacy` allows,
and left empty for everyone else.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.db.models import F, QuerySet
from django.http import HttpResponse
from django.utils import timezone

from . import privacy
from .words import listed
from .xlsx import XLSX_CONTENT_TYPE, table_xlsx

Accessor = str | Callable[[Any], Any]


def _resolve(obj: Any, accessor: Accessor) -> Any:
    if callable(accessor):
        return accessor(obj)
    value = obj
    for part in accessor.split("."):
        if value is None:
            return None
        value = getattr(value, part)
    return value() if callable(value) else value


@dataclass(frozen=True)
class Column:
    """One column of a list.

    ``key`` names it in ``?sort=``; ``label`` is its header (page and export); ``value`` is an
    attribute path (``"organization.name"``) or a function of the row giving the exported
    value (the attribute ``key`` when not given); ``sort`` is the ORM path (or paths) to order
    by, ``True`` for the path of ``value`` itself (``"organization.name"`` sorts by
    ``organization__name``, ``"get_kind_display"`` by ``kind``), ``None`` when the column does
    not sort; ``personal`` names the row's personal field the column shows (see the module doc);
    ``export`` False keeps a column (e.g. actions) off the file.
    """

    key: str
    label: Any
    value: Accessor | None = None
    sort: str | tuple[str, ...] | bool | None = None
    personal: str | None = None
    export: bool = True
    # The object whose privacy rule governs ``personal`` when it is not the row itself
    # (e.g. a placement's student): an attribute path or a function of the row.
    personal_of: Accessor | None = None

    def __post_init__(self) -> None:
        if self.sort is True:
            path = self.value if self.value is not None else self.key
            if not isinstance(path, str):
                raise ValueError(f"column {self.key!r}: sort=True needs an attribute path")
            display = re.fullmatch(r"(.*\.)?get_(\w+)_display", path)
            if display:
                path = (display.group(1) or "") + display.group(2)
            object.__setattr__(self, "sort", path.replace(".", "__"))

    def export_value(self, obj: Any) -> Any:
        value = _resolve(obj, self.value if self.value is not None else self.key)
        if isinstance(value, list | tuple | set):
            return listed(value)
        return value


@dataclass(frozen=True)
class ListSpec:
    """A list's columns, its default sort and its export name (see the module doc)."""

    name: str
    title: Any
    columns: tuple[Column, ...]
    default_sort: str = ""
    # Orders rows that tie on the sort key, so pages and exports are stable.
    tiebreak: tuple[str, ...] = ("pk",)
    extra: dict = field(default_factory=dict)
    # What the export's columns read beyond the page (an event's units), read with the rows.
    export_prefetch: tuple[str, ...] = ()

    def column(self, key: str) -> Column | None:
        return next((c for c in self.columns if c.key == key), None)

    def sort_param(self, request) -> str:
        """The validated ``?sort=`` value: a declared sortable key, optionally with ``-``."""
        raw = (request.GET.get("sort") or "").strip()
        col = self.column(raw.removeprefix("-"))
        if col is not None and col.sort:
            return raw
        return self.default_sort

    def sort_keys(self) -> list[str]:
        """Every value ``?sort=`` takes: each sortable column's key, ascending and ``-`` first."""
        keys = [c.key for c in self.columns if c.sort]
        return [*keys, *(f"-{k}" for k in keys)]

    def sort(self, queryset: QuerySet, request) -> QuerySet:
        """``queryset`` ordered by the request's sort key (empty values last either way)."""
        return self.order(queryset, self.sort_param(request))

    def order(self, queryset: QuerySet, key: str | None) -> QuerySet:
        """``queryset`` ordered by ``key`` (a :meth:`sort_keys` value), ties by ``tiebreak``."""
        if not key:
            return queryset
        col = self.column(key.removeprefix("-"))
        if col is None or not col.sort:
            return queryset
        paths = (col.sort,) if isinstance(col.sort, str) else col.sort
        desc = key.startswith("-")
        order = [F(p).desc(nulls_last=True) if desc else F(p).asc(nulls_last=True) for p in paths]
        return queryset.order_by(*order, *self.tiebreak)

    def export_columns(self) -> list[Column]:
        return [c for c in self.columns if c.export]

    def rows(self, queryset: QuerySet, actor) -> Iterable[list[Any]]:
        """The export's rows: every column's value, personal values only where allowed."""
        columns = self.export_columns()
        own = any(c.personal and c.personal_of is None for c in columns)
        if own:
            queryset = privacy.annotate_personal(queryset, actor)
        limit = int(getattr(settings, "CHANJIAO_EXPORT_MAX_ROWS", 100_000))
        if self.export_prefetch:
            queryset = queryset.prefetch_related(*self.export_prefetch)
        for obj in queryset[:limit]:
            allowed = privacy.may_read_personal(actor, obj) if own else False
            row = []
            for c in columns:
                if c.personal and c.personal_of is not None:
                    owner = _resolve(obj, c.personal_of)
                    ok = owner is not None and privacy.may_read_personal(actor, owner)
                else:
                    ok = allowed or not c.personal
                row.append(c.export_value(obj) if ok else None)
            yield row

    def export_response(self, request, queryset: QuerySet) -> HttpResponse:
        """The rows of ``queryset`` (already filtered and sorted) as an .xlsx download."""
        data = table_xlsx(
            title=str(self.title),
            headers=[str(c.label) for c in self.export_columns()],
            rows=self.rows(queryset, request.user),
        )
        today = timezone.localdate().isoformat()
        return xlsx_response(
            data, filename=f"{self.title}-{today}.xlsx", fallback=f"{self.name}-{today}.xlsx"
        )


def download_response(
    data: bytes, *, content_type: str, filename: str, fallback: str
) -> HttpResponse:
    """A file download; the Chinese file name goes in RFC 5987 ``filename*``, with an ASCII
    ``filename`` for old clients."""
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = (
        f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"
    )
    return response


def xlsx_response(data: bytes, *, filename: str, fallback: str) -> HttpResponse:
    """An .xlsx download (:func:`download_response`)."""
    return download_response(
        data, content_type=XLSX_CONTENT_TYPE, filename=filename, fallback=fallback
    )


def wants_export(request) -> bool:
    """Whether the request asks for the list as a file (``?format=xlsx``)."""
    return request.GET.get("format") == "xlsx"


def list_response(request, spec: ListSpec, queryset: QuerySet):
    """Sort ``queryset`` for ``request``; returns ``(queryset, export_response_or_None)``."""
    queryset = spec.sort(queryset, request)
    if wants_export(request):
        return queryset, spec.export_response(request, queryset)
    return queryset, None
