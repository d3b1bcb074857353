"""Reading the change log (变更记录) as people do: sentences, names, labels, pages, filters.

The log stores facts for machines: field names, ids, choice values, ISO dates
(:mod:`chanjiao.core.changelog`). This module turns a page of rows into what a secretariat reads,
in the reader's language, at the time it is read:

    张三 于 2026-12-01 14:03 修改了 成员关系「XX学院 · 理事单位 · YY集团」：角色 从「成员单位」改为「理事单位」

- **Labels** are the model fields' ``verbose_name`` (translated when rendered, so the log keeps
  field names and a renamed label shows everywhere at once).
- **Related objects** are named from their ids when rendered (a renamed unit reads under its new
  name) and linked to their page. A related object that was deleted since is named from the log
  itself: the last row written about it holds its name (``object_repr``), so nothing extra is
  stored. Only rows never written through the services (none in practice) fall back to “#id”.
- **Names** of changed objects are stored in the site's language (``LANGUAGE_CODE``), whoever
  wrote them (:func:`chanjiao.core.changelog.stored_repr`): a deleted object reads the same to
  every reader, never in the language of the editor who happened to delete it. A change the
  platform made itself (no user) reads as 系统 in the reader's language.
- **Choices** read as their labels, booleans as 是/否, empty values as 「空」, dates as
  ``YYYY-MM-DD`` and times in the site's time zone.
- **Personal data** (the rule of :mod:`chanjiao.accounts.privacy`, asked through
  :mod:`chanjiao.core.privacy`) is hidden from readers the privacy rule
  does not allow: their values read “（不公开）”; that such a field changed stays visible. The
  name of a record that is itself personal (a student) is hidden the same way, wherever it
  appears (the changed object or a related one). So are the fields an app withholds from some
  readers of a row (:func:`private_fields`: a meeting's draft notes).

Who reads a history at all: a history belongs to an object (a body, unit, person, event …); a
signed-in user who may read that object may read its history, personal fields redacted as above.
Anonymous visitors read none (it names the staff who wrote it). Admins may also read the whole
log without naming an object (the API's ``/history`` without ``object_type``).

Everything on one page is resolved with one query per related model, not one per row.
"""

from __future__ import annotations

import datetime
import json
import os
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import InvalidOperation
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from chanjiao.core.validators import ascii_digits
from chanjiao.core.words import plain_number

from . import privacy
from .changelog import SYSTEM_ACTOR
from .history_filters import HistoryFilterForm, filter_history, history_scope, type_key
from .models import ObjectChange

#: Detail pages of models that have one (a model's own ``get_absolute_url`` wins).
DETAIL_URLS: dict[str, str] = {
    "registry.Body": "registry:body_detail",
    "registry.Organization": "registry:organization_detail",
    "registry.Person": "registry:person_detail",
    "events.Event": "events:event_detail",
    "cooperation.Agreement": "cooperation:agreement_detail",
    "cooperation.Carrier": "cooperation:carrier_detail",
    "talent.Cohort": "talent:cohort_detail",
    "talent.Posting": "talent:posting_detail",
    "talent.MatchRun": "talent:run_detail",
}

#: Longest text shown in a sentence; the structured value (API, tooltip) keeps all of it.
SENTENCE_TEXT_LIMIT = 80

# Never worth a line: the row's own id and bookkeeping times.
_SKIPPED_KEYS = frozenset({"id", "created_at", "updated_at"})


# --- rendered shapes ---------------------------------------------------------------------


@dataclass(frozen=True)
class Ref:
    """One shown value: its text and, for a related object with a page, the page's URL."""

    text: str
    url: str | None = None
    #: the object no longer exists (named from the log)
    deleted: bool = False

    def html(self, limit: int | None = None) -> SafeString:
        text = self.text
        short = _truncate(text, limit) if limit else text
        if short == text:
            if self.url:
                return format_html('<a href="{}">{}</a>', self.url, short)
            return conditional_escape(short)
        # Shortened: the whole text shows on hover.
        if self.url:
            return format_html('<a href="{}" title="{}">{}</a>', self.url, text, short)
        return format_html('<span title="{}">{}</span>', text, short)


@dataclass
class FieldChange:
    """One field of one change: raw values as stored and as a reader sees them."""

    field: str
    label: str
    before: Any
    after: Any
    before_refs: list[Ref]
    after_refs: list[Ref]
    hidden: bool = False
    act: bool = False  # a non-field key that reads as an act (describe_key): label only

    @property
    def before_display(self) -> str:
        return _join(self.before_refs)

    @property
    def after_display(self) -> str:
        return _join(self.after_refs)


@dataclass
class Entry:
    """One change log row as a reader sees it."""

    change: ObjectChange
    actor: str
    time: datetime.datetime
    action: str
    action_label: str
    object_type: str
    #: the kind of object as a label (Membership) …
    object_type_label: str
    #: … and as it reads inside a sentence ("changed membership “…”")
    object_type_name: str
    object: Ref
    source: str
    source_label: str
    source_url: str | None
    fields: list[FieldChange] = field(default_factory=list)

    # -- sentences --

    def _summary(self, *, html: bool) -> str:
        esc = conditional_escape if html else str
        values = {
            "actor": esc(self.actor),
            "time": esc(timezone.localtime(self.time).strftime("%Y-%m-%d %H:%M")),
            "type": esc(self.object_type_name),
            "object": self.object.html() if html else self.object.text,
        }
        templates = {
            "create": _("%(actor)s 于 %(time)s 创建了 %(type)s「%(object)s」"),
            "update": _("%(actor)s 于 %(time)s 修改了 %(type)s「%(object)s」"),
            "delete": _("%(actor)s 于 %(time)s 删除了 %(type)s「%(object)s」"),
        }
        text = templates.get(self.action, templates["update"]) % values
        return mark_safe(text) if html else text

    def _detail(self, fc: FieldChange, *, html: bool, limit: int | None) -> str:
        esc = conditional_escape if html else str
        label = esc(fc.label)

        def show(refs: list[Ref]) -> str:
            if not refs:
                return esc(_("空"))
            if html:
                return conditional_escape(_("、")).join(r.html(limit) for r in refs)
            return _truncate(_join(refs), limit) if limit else _join(refs)

        if fc.act:
            text = label
        elif fc.hidden:
            text = (
                _("%(label)s 已修改（内容不公开）") % {"label": label}
                if self.action == "update"
                else _("%(label)s（内容不公开）") % {"label": label}
            )
        elif self.action == "update":
            text = _("%(label)s 从「%(before)s」改为「%(after)s」") % {
                "label": label,
                "before": show(fc.before_refs),
                "after": show(fc.after_refs),
            }
        else:
            refs = fc.after_refs if self.action == "create" else fc.before_refs
            text = _("%(label)s「%(value)s」") % {"label": label, "value": show(refs)}
        return mark_safe(text) if html else text

    @property
    def summary_html(self) -> SafeString:
        """“张三 于 … 修改了 成员关系「…」” with links to the objects' pages."""
        return self._summary(html=True)

    @property
    def details_html(self) -> list[SafeString]:
        """One “角色 从「成员单位」改为「理事单位」” per field, with links."""
        return [self._detail(fc, html=True, limit=SENTENCE_TEXT_LIMIT) for fc in self.fields]

    @property
    def details(self) -> list[str]:
        return [self._detail(fc, html=False, limit=SENTENCE_TEXT_LIMIT) for fc in self.fields]

    @property
    def sentence(self) -> str:
        """The whole change as one plain sentence (long texts shortened)."""
        summary = self._summary(html=False)
        if not self.fields:
            return summary
        return _("%(summary)s：%(details)s") % {
            "summary": summary,
            "details": _("；").join(self.details),
        }


# --- values ------------------------------------------------------------------------------


def _truncate(text: str, limit: int | None) -> str:
    if not limit or len(text) <= limit:
        return text
    return text[: limit - 1] + "…"


def _join(refs: list[Ref]) -> str:
    return _("、").join(r.text for r in refs) if refs else _("空")


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _fields_by_key(model: type[models.Model]) -> dict[str, models.Field]:
    """The model's fields under the keys snapshots use (attname for foreign keys)."""
    found: dict[str, models.Field] = {}
    for f in model._meta.concrete_fields:
        found[f.attname if f.is_relation else f.name] = f
    for f in model._meta.many_to_many:
        found[f.name] = f
    return found


def _format_date(value: Any, *, with_time: bool) -> str:
    try:
        if with_time:
            moment = datetime.datetime.fromisoformat(str(value))
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return moment.strftime("%Y-%m-%d %H:%M")
        return datetime.date.fromisoformat(str(value)[:10]).isoformat()
    except ValueError:
        return str(value)


#: How the stored value of a structured field reads in a sentence (a resource's opening hours,
#: what a registration asks for), by ``(app_label.model, field)``: registered by the app that
#: owns the field (:func:`describe_value`), where it would otherwise show as JSON or codes.
_VALUE_TEXT: dict[tuple[str, str], Callable[[Any], str]] = {}


def describe_value(model: str, field: str, text: Callable[[Any], str]) -> None:
    """Let the change log write ``model``'s ``field`` (``"sharing.resource"``, a field name)
    as ``text(value)`` says."""
    _VALUE_TEXT[(model.lower(), field)] = text


_PRIVATE_FIELDS: dict[str, tuple[frozenset[str], Callable[[Any, Any, dict], bool]]] = {}
_ACTOR_TEXT: dict[str, Callable[[], str]] = {}
_KEY_TEXT: dict[tuple[str, str], Callable[[], str]] = {}


def private_fields(model: str, fields: Iterable[str], rule: Callable[[Any, Any, dict], bool]):
    """Hide ``model``'s ``fields`` (``"governance.meeting"``, names) as personal values are
    hidden, from the readers of its rows for whom ``rule(viewer, obj, data)`` is False (``obj``:
    the live object or None, ``data``: the row's snapshot). Registered by the owning app."""
    _PRIVATE_FIELDS[model.lower()] = (frozenset(fields), rule)


def describe_key(model: str, key: str, text: Callable[[], str]) -> None:
    """A change of ``model``'s non-field ``key`` (a reset link made, a feed given a new address)
    reads as the act ``text()`` in the reader's language, not as a raw before/after."""
    _KEY_TEXT[(model.lower(), key)] = text


def describe_actor(marker: str, text: Callable[[], str]) -> None:
    """A change written with no user and ``marker`` as its ``actor_name`` (an applicant not
    signed in) reads as ``text()`` in the reader's language, not as 系统."""
    _ACTOR_TEXT[marker] = text


def _scalar_text(f: models.Field | None, value: Any) -> str:
    text = _VALUE_TEXT.get((f.model._meta.label_lower, f.name)) if f is not None else None
    if text is not None:
        return text(value)
    if f is not None and f.choices:
        labels = {str(k): v for k, v in f.flatchoices}
        return str(labels.get(str(value), value))
    if isinstance(value, bool) or isinstance(f, models.BooleanField):
        return _("是") if value else _("否")
    if isinstance(f, models.DateTimeField):
        return _format_date(value, with_time=True)
    if isinstance(f, models.DateField):
        return _format_date(value, with_time=False)
    if isinstance(f, models.FileField):
        return os.path.basename(str(value))
    if isinstance(f, models.FloatField | models.DecimalField) and value not in (None, ""):
        try:
            return plain_number(value)  # 96, not 96.0; 1200, not 1200.00
        except InvalidOperation:
            return str(value)
    if isinstance(value, list):
        return _("、").join(_scalar_text(None, v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _ids(value: Any) -> list[int]:
    values = value if isinstance(value, list | tuple) else [value]
    return [v for v in values if isinstance(v, int) and not isinstance(v, bool)]


# --- names of related objects, resolved for a whole page at once ---------------------------


def _forward(model: type[models.Model]) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if f.is_relation and f.many_to_one]


class _Names:
    """Live objects (for names, links and privacy) and, for deleted ones, their logged names."""

    def __init__(self, viewer) -> None:
        self.viewer = viewer
        self.wanted: dict[type[models.Model], set[int]] = defaultdict(set)
        self.live: dict[type[models.Model], dict[int, models.Model]] = {}
        self.logged: dict[type[models.Model], dict[int, str]] = {}

    def want(self, model: type[models.Model] | None, ids: Iterable[int]) -> None:
        if model is not None:
            self.wanted[model].update(ids)

    def load(self) -> None:
        for model, ids in self.wanted.items():
            # Names (``str()``) are often built from foreign keys (a membership's unit and body):
            # join them here instead of one query per row.
            forward = _forward(model)
            forward += [
                f"{name}__{deeper}"
                for name in forward
                for deeper in _forward(model._meta.get_field(name).related_model)
            ]
            qs = model._default_manager.filter(pk__in=ids).select_related(*forward)
            # One query tells, per row, whether the viewer may read its personal fields.
            qs = privacy.annotate_personal(qs, self.viewer)
            self.live[model] = {obj.pk: obj for obj in qs}
            missing = ids - self.live[model].keys()
            self.logged[model] = {}
            if missing:
                ct = ContentType.objects.get_for_model(model, for_concrete_model=True)
                # Newest row first: the last name the object had.
                rows = (
                    ObjectChange.objects.filter(content_type=ct, object_id__in=missing)
                    .order_by("object_id", "-time", "-id")
                    .values_list("object_id", "object_repr")
                )
                for pk, name in rows:
                    self.logged[model].setdefault(pk, name)

    def obj(self, model: type[models.Model] | None, pk: int) -> models.Model | None:
        return self.live.get(model, {}).get(pk) if model is not None else None

    def ref(self, model: type[models.Model], pk: int) -> Ref:
        obj = self.obj(model, pk)
        label = model._meta.label
        personal = privacy.personal_repr(label)
        if obj is not None:
            if personal and not privacy.may_read_personal(self.viewer, obj):
                return Ref(privacy.hidden_text())
            return Ref(str(obj), url=object_url(obj))
        if personal and not privacy.is_platform_admin(self.viewer):
            return Ref(privacy.hidden_text(), deleted=True)
        name = self.logged.get(model, {}).get(pk)
        if name:
            return Ref(_("%(name)s（已删除）") % {"name": name}, deleted=True)
        return Ref(_("#%(id)s（已删除）") % {"id": pk}, deleted=True)


def object_url(obj: models.Model) -> str | None:
    """The page of ``obj``: its ``get_absolute_url``, or its known detail page, or None."""
    get_url = getattr(obj, "get_absolute_url", None)
    if callable(get_url):
        try:
            return get_url()
        except NoReverseMatch:
            return None
    name = DETAIL_URLS.get(obj._meta.label)
    if name is None:
        return None
    try:
        return reverse(name, args=[obj.pk])
    except NoReverseMatch:
        return None


def source_label(source: str) -> tuple[str, str | None]:
    """Where a change came from, in words, and a link for a news article (``ingest:<id>``)."""
    words = {
        "": _("网页"),
        "ui": _("网页"),
        "api": "API",
        "cli": _("命令行"),
        "job": _("后台任务"),
        "import": _("导入"),
    }
    if source in words:
        return words[source], None
    if source.startswith("ingest:"):
        article = source.removeprefix("ingest:")
        url = None
        if ascii_digits(article):
            try:
                url = reverse("ingest:article_review", args=[int(article)])
            except NoReverseMatch:
                url = None
        return _("新闻入库 #%(id)s") % {"id": article}, url
    return source, None


# --- rendering a page of rows ------------------------------------------------------------


def _model_of(change: ObjectChange) -> type[models.Model] | None:
    return change.content_type.model_class() if change.content_type_id else None


def render_changes(changes: Iterable[ObjectChange], *, viewer) -> list[Entry]:
    """Turn change log rows into :class:`Entry` objects for ``viewer`` (the reading user).

    Field labels, choice labels and related names come out in the active language; personal
    values the viewer may not read are hidden (see the module docstring).
    """
    changes = list(changes)
    names = _Names(viewer)
    plans: list[tuple[ObjectChange, type[models.Model] | None, dict[str, models.Field]]] = []
    for change in changes:
        model = _model_of(change)
        fields = _fields_by_key(model) if model is not None else {}
        plans.append((change, model, fields))
        names.want(model, [change.object_id])
        for data in (change.before or {}, change.after or {}):
            for key, value in data.items():
                f = fields.get(key)
                if f is not None and f.is_relation and f.related_model is not None:
                    names.want(f.related_model, _ids(value))
    names.load()
    return [_entry(change, model, fields, names, viewer) for change, model, fields in plans]


def _entry(change, model, fields, names: _Names, viewer) -> Entry:
    obj = names.obj(model, change.object_id)
    before, after = change.before or {}, change.after or {}
    personal = privacy.personal_fields(model) if model is not None else frozenset()
    may_read = model is None or privacy.may_read_personal_snapshot(
        viewer, model, obj, change.after or change.before
    )
    restricted = _PRIVATE_FIELDS.get(model._meta.label_lower) if model is not None else None
    withheld: frozenset[str] = frozenset()
    if restricted is not None and not restricted[1](viewer, obj, change.after or change.before):
        withheld = restricted[0]

    if model is not None and privacy.personal_repr(model._meta.label) and not may_read:
        object_ref = Ref(privacy.hidden_text())
    elif obj is not None:
        # Named as it is now, in the reader's language (a membership's role label); the stored
        # name is for objects that no longer exist.
        object_ref = Ref(str(obj), url=object_url(obj))
    else:
        object_ref = Ref(change.object_repr, deleted=change.action != "delete")

    if change.action == "update":
        keys = [k for k in dict.fromkeys([*before, *after]) if before.get(k) != after.get(k)]
    elif change.action == "create":
        keys = [k for k, v in after.items() if not _is_empty(v)]
    else:
        keys = [k for k, v in before.items() if not _is_empty(v)]

    rows: list[FieldChange] = []
    for key in keys:
        if key in _SKIPPED_KEYS:
            continue
        act = _KEY_TEXT.get((model._meta.label_lower, key)) if model is not None else None
        if act is not None:
            rows.append(FieldChange(key, act(), None, None, [], [], act=True))
            continue
        f = fields.get(key)
        label = _label(f) if f is not None else key
        hidden = (key in personal and not may_read) or key in withheld
        b, a = before.get(key), after.get(key)
        if hidden:
            shown = privacy.hidden_text()
            rows.append(
                FieldChange(
                    field=key,
                    label=label,
                    before=shown if not _is_empty(b) else None,
                    after=shown if not _is_empty(a) else None,
                    before_refs=[Ref(shown)] if not _is_empty(b) else [],
                    after_refs=[Ref(shown)] if not _is_empty(a) else [],
                    hidden=True,
                )
            )
            continue
        rows.append(
            FieldChange(
                field=key,
                label=label,
                before=b,
                after=a,
                before_refs=_refs(f, b, names),
                after_refs=_refs(f, a, names),
            )
        )

    source, source_url = source_label(change.source or "")
    actor = change.actor_name
    if change.actor is not None:
        actor = change.actor.get_full_name() or change.actor.get_username()
    elif actor in _ACTOR_TEXT:  # someone not signed in (an applicant), in the reader's language
        actor = _ACTOR_TEXT[actor]()
    elif actor in ("", SYSTEM_ACTOR):  # the platform's own write, in the reader's language
        actor = _("系统")
    type_name = (
        str(model._meta.verbose_name)
        if model is not None
        else change.content_type.model
        if change.content_type_id
        else ""
    )
    return Entry(
        change=change,
        actor=actor,
        time=change.time,
        action=change.action,
        action_label=str(change.get_action_display()),
        object_type=model._meta.label_lower if model is not None else "",
        object_type_label=capfirst(type_name),
        object_type_name=type_name,
        object=object_ref,
        source=change.source,
        source_label=source,
        source_url=source_url,
        fields=rows,
    )


def _label(f: models.Field) -> str:
    """A field's label; a relation left with Django's default label (its name) is named after
    the model it points at (``user`` → 用户)."""
    label = f.verbose_name
    if f.is_relation and f.related_model is not None and label == f.name.replace("_", " "):
        label = f.related_model._meta.verbose_name
    return capfirst(str(label))


def _refs(f: models.Field | None, value: Any, names: _Names) -> list[Ref]:
    if _is_empty(value):
        return []
    if f is not None and f.is_relation and f.related_model is not None:
        return [names.ref(f.related_model, pk) for pk in _ids(value)]
    return [Ref(_scalar_text(f, value))]


__all__ = [
    "DETAIL_URLS",
    "Entry",
    "FieldChange",
    "HistoryFilterForm",
    "Ref",
    "describe_actor",
    "describe_key",
    "describe_value",
    "filter_history",
    "history_scope",
    "object_url",
    "private_fields",
    "render_changes",
    "source_label",
    "type_key",
]
