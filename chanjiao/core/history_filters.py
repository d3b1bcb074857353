"""Choosing the rows of a history: the scope (an object and what is filed under it) and the
filters of a history page and of the history API (who, what, when)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy

from .forms import DateInput
from .models import ObjectChange
from .selectors import search


def type_key(model: type[models.Model]) -> str:
    """``app_label.model`` (lower case), the name a filter uses for a kind of object."""
    return model._meta.label_lower


def _content_type(key: str) -> ContentType | None:
    app_label, _sep, model = (key or "").lower().partition(".")
    if not app_label or not model:
        return None
    return ContentType.objects.filter(app_label=app_label, model=model).first()


def filter_history(
    qs: QuerySet[ObjectChange],
    *,
    actor: int | None = None,
    action: str | None = None,
    type: str | None = None,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
    q: str | None = None,
) -> QuerySet[ObjectChange]:
    """Narrow a history to who (``actor`` user id), what (``action``, ``type`` as
    ``app_label.model`` of the changed object, ``q`` in its name) and when (``since``/``until``,
    dates inclusive, in the site's time zone)."""
    if actor:
        qs = qs.filter(actor_id=actor)
    if action:
        qs = qs.filter(action=action)
    if type:
        ct = _content_type(type)
        qs = qs.filter(content_type=ct) if ct is not None else qs.none()
    # Dates at the ends of the calendar bound nothing (and would overflow in UTC).
    if since and since > _EARLIEST:
        qs = qs.filter(time__gte=_start_of(since))
    if until and until < _LATEST:
        qs = qs.filter(time__lt=_start_of(until + datetime.timedelta(days=1)))
    qs = search(qs, q, ["object_repr"])
    return qs


_EARLIEST = datetime.date(1900, 1, 1)
_LATEST = datetime.date(9999, 1, 1)


def _start_of(day: datetime.date) -> datetime.datetime:
    # A range on the indexed column (not ``time__date``) so the database can use the index.
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class HistoryFilterForm(forms.Form):
    """The filter bar of a history page: who, what and when."""

    q = forms.CharField(label=gettext_lazy("对象名称"), required=False, max_length=200)
    actor = forms.TypedChoiceField(
        label=gettext_lazy("操作人"), required=False, coerce=int, empty_value=None
    )
    action = forms.ChoiceField(label=gettext_lazy("操作"), required=False)
    type = forms.ChoiceField(label=gettext_lazy("对象类型"), required=False)
    since = forms.DateField(label=gettext_lazy("开始日期"), required=False, widget=DateInput())
    until = forms.DateField(label=gettext_lazy("结束日期"), required=False, widget=DateInput())

    def __init__(self, data=None, *, history: QuerySet[ObjectChange]) -> None:
        super().__init__(data)
        everyone = format_lazy("{}", gettext_lazy("全部"))
        # Offer only who and what occur in this history: a short list, never an empty result.
        actors = (
            history.filter(actor__isnull=False)
            .order_by()
            .values_list("actor_id", "actor__username")
            .distinct()
        )
        self.fields["actor"].choices = [("", everyone)] + sorted(
            ((pk, name) for pk, name in actors), key=lambda c: c[1]
        )
        self.fields["action"].choices = [("", everyone), *ObjectChange.Action.choices]
        types = []
        for ct_id in history.order_by().values_list("content_type_id", flat=True).distinct():
            model = ContentType.objects.get_for_id(ct_id).model_class()
            if model is not None:
                types.append((type_key(model), capfirst(str(model._meta.verbose_name))))
        self.fields["type"].choices = [("", everyone), *sorted(types, key=lambda c: str(c[1]))]

    def filters(self) -> dict[str, Any]:
        """The valid filters (an invalid one is ignored rather than emptying the page)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {k: data.get(k) for k in ("actor", "action", "type", "since", "until", "q")}


#: ``app_label.model`` → which rows of that kind a reader sees where they are filed under
#: another object: see :func:`private_rows`.
_PRIVATE_ROWS: dict[str, Callable[[Any, models.Model], bool | QuerySet]] = {}


def private_rows(label: str, rule: Callable[[Any, models.Model], bool | QuerySet]) -> None:
    """Say who reads the rows of a kind of record (``app_label.Model``) that are filed under
    another object's history: a booking under its resource, a sanction under its body.

    Whoever may read an object reads its history, and so by default every row filed under it.
    A kind whose records are narrower than what they are filed under names a ``rule(viewer,
    scope)`` (``scope``: the object whose history is read) answering True (every row of that
    kind there), False (none) or the queryset of the records whose rows the viewer reads (a
    row of a record that no longer exists is then left out). Apps call it when they load.
    """
    _PRIVATE_ROWS[label.lower()] = rule


def history_scope(obj: models.Model | None, *, viewer) -> QuerySet[ObjectChange]:
    """The rows of ``obj``'s history (itself and what is filed under it) that ``viewer`` reads
    (see :func:`private_rows`); all rows for None (the whole log, read by admins only)."""
    from .changelog import history_for

    if obj is None:
        return ObjectChange.objects.select_related("actor", "content_type")
    qs = history_for(obj).select_related("actor", "content_type")
    kinds = set(qs.order_by().values_list("content_type_id", flat=True).distinct())
    for ct_id in kinds - {ContentType.objects.get_for_model(obj).pk}:
        model = ContentType.objects.get_for_id(ct_id).model_class()
        rule = _PRIVATE_ROWS.get(model._meta.label_lower) if model is not None else None
        if rule is None:
            continue
        allowed = rule(viewer, obj)
        if allowed is True:
            continue
        rows = models.Q(content_type_id=ct_id)
        if allowed is not False:
            rows &= ~models.Q(object_id__in=allowed.order_by().values("pk"))
        qs = qs.exclude(rows)
    return qs
