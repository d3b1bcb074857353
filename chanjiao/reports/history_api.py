"""The history API (变更记录): ``GET /api/v1/history`` and ``GET /api/v1/bodies/{id}/history``.

It answers for every kind of object (bodies, people, events, agreements, match runs …), so it
lives in the reports layer, above the apps whose selectors decide who may read what.

The same rows, sentences and redaction as the history pages (:mod:`chanjiao.core.history`):
each item has the rendered ``sentence`` and structured ``changes`` (field, label, raw and
displayed values before and after).

Who may read: a signed-in user (token or session; 401 otherwise) reads the history of an object
it may read (404 otherwise, as for the object itself), personal values hidden per
:mod:`chanjiao.accounts.privacy`. Only admins read the whole log without naming an object.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from chanjiao.accounts.permissions import is_platform_admin, require
from chanjiao.cooperation.selectors import agreement_list, carrier_list
from chanjiao.core.api import MAX_OFFSET, READ_ERRORS, actor
from chanjiao.core.api import _unknown as unknown_ids
from chanjiao.core.history import (
    Entry,
    filter_history,
    history_scope,
    render_changes,
)
from chanjiao.core.models import ObjectChange
from chanjiao.core.schemas import ErrorOut, Id, OutSchema, Text, choice
from chanjiao.events.selectors import visible_events
from chanjiao.registry.selectors import organization_list, person_list, visible_bodies
from chanjiao.talent.selectors import cohort_list, match_run_list, posting_list

router = Router(tags=["history"])


# --- which objects have a history, and who may read it --------------------------------------


def _readable() -> dict[str, Callable[[Any], models.QuerySet]]:
    """``app_label.model`` → the objects of that kind a user may read."""
    return {
        "registry.body": visible_bodies,
        "registry.organization": lambda a: organization_list(actor=a),
        "registry.person": lambda a: person_list(actor=a),
        "events.event": visible_events,
        "cooperation.agreement": lambda a: agreement_list(actor=a),
        "cooperation.carrier": lambda a: carrier_list(actor=a),
        "talent.cohort": lambda a: cohort_list(actor=a),
        "talent.posting": lambda a: posting_list(actor=a),
        "talent.matchrun": lambda a: match_run_list(actor=a),
    }


OBJECT_TYPES = (
    "registry.body",
    "registry.organization",
    "registry.person",
    "events.event",
    "cooperation.agreement",
    "cooperation.carrier",
    "talent.cohort",
    "talent.posting",
    "talent.matchrun",
)


def _object(user, object_type: str, object_id: int) -> models.Model:
    rows = _readable()[object_type](user)
    obj = rows.filter(pk=object_id).first()
    if obj is None:  # 没有编号为 7 的产教融合体（或您无权查看）
        raise Http404(unknown_ids(rows, [object_id]))
    return obj


# --- schemas -----------------------------------------------------------------------------


class FieldChangeOut(OutSchema):
    """One field of a change."""

    field: str = Field(description="The field's name in the API/model (`role`, `body_id`).")
    label: str = Field(description="The field's label in the reader's language.")
    before: Any = Field(None, description="The stored value before (ids for related objects).")
    after: Any = Field(None, description="The stored value after.")
    before_display: str = Field(description="The value before as a reader sees it.")
    after_display: str = Field(description="The value after as a reader sees it.")
    hidden: bool = Field(False, description="Personal data the reader may not see.")


class HistoryItemOut(OutSchema):
    """One change: who did what to which object, when, as a sentence and field by field."""

    id: int
    time: datetime.datetime
    actor: str = Field(
        description="Who made the change (a user's name, or 系统 — System — in the reader's language)."
    )
    actor_id: int | None
    action: choice(ObjectChange.Action)
    action_label: str
    object_type: str = Field(description="`app_label.model` of the changed object.")
    object_type_label: str
    object_id: int
    object: str = Field(description="The changed object's name when it was changed.")
    object_url: str | None = Field(description="Its page, if it has one and still exists.")
    source: str = Field(description="ui, api, cli, job, import or ingest:<article id>.")
    source_label: str
    sentence: str = Field(description="The whole change as one sentence.")
    changes: list[FieldChangeOut]


class PagedHistoryItemOut(OutSchema):
    items: list[HistoryItemOut]
    count: int


class HistoryQuery(Schema):
    """Whose history, and which of its changes."""

    object_type: Literal[OBJECT_TYPES] | None = Field(  # type: ignore[valid-type]
        None, description="Whose history: the kind of object (required unless you are an admin)."
    )
    object_id: Id | None = Field(None, description="Whose history: the object's id.")
    actor: Id | None = Field(None, description="Only changes made by this user id.")
    action: choice(ObjectChange.Action) | None = Field(None, description="Only this action.")
    type: Text | None = Field(
        None,
        max_length=100,
        description="Only changes to this kind of object, as `app_label.model` "
        "(e.g. `registry.membership`).",
    )
    since: datetime.date | None = Field(None, description="Changes on or after this day.")
    until: datetime.date | None = Field(None, description="Changes on or before this day.")
    q: Text | None = Field(None, max_length=200, description="Words in the changed object's name.")
    limit: int = Field(50, ge=1, le=500, description="Rows per page (1–500).")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Rows to skip.")


def _item(entry: Entry) -> dict[str, Any]:
    change = entry.change
    return {
        "id": change.pk,
        "time": change.time,
        "actor": entry.actor,
        "actor_id": change.actor_id,
        "action": change.action,
        "action_label": entry.action_label,
        "object_type": entry.object_type,
        "object_type_label": entry.object_type_label,
        "object_id": change.object_id,
        "object": entry.object.text,
        "object_url": entry.object.url,
        "source": change.source,
        "source_label": entry.source_label,
        "sentence": entry.sentence,
        "changes": [
            {
                "field": fc.field,
                "label": fc.label,
                "before": fc.before,
                "after": fc.after,
                "before_display": fc.before_display,
                "after_display": fc.after_display,
                "hidden": fc.hidden,
            }
            for fc in entry.fields
        ],
    }


def _page(request, obj: models.Model | None, query: HistoryQuery) -> dict[str, Any]:
    user = actor(request)
    qs = filter_history(
        history_scope(obj, viewer=user),
        actor=query.actor,
        action=query.action,
        type=query.type,
        since=query.since,
        until=query.until,
        q=query.q,
    )
    count = qs.count()
    rows = list(qs[query.offset : query.offset + query.limit])
    return {"items": [_item(e) for e in render_changes(rows, viewer=user)], "count": count}


HISTORY_ERRORS: dict[int, Any] = {**READ_ERRORS, 403: ErrorOut}


@router.get(
    "/history",
    response={200: PagedHistoryItemOut, **HISTORY_ERRORS},
    summary="Changes to an object and what is filed under it, as sentences and field by field",
    # The id it had while this module lived in chanjiao.core: clients generated from the schema
    # keep their method names.
    operation_id="chanjiao_core_history_api_history",
)
def history(request, query: Query[HistoryQuery]):
    """The change log of one object (``object_type`` and ``object_id``): its own changes and
    those of the records filed under it (a body's members, terms, committees …), newest first.

    Signed-in users read the history of objects they may read; personal values they may not
    read are hidden. Without ``object_type``/``object_id``: the whole log, for admins only.
    """
    user = actor(request)
    if (query.object_type is None) != (query.object_id is None):
        missing = "object_id" if query.object_id is None else "object_type"
        raise ValidationError({missing: [_("请同时给出 object_type 和 object_id")]})
    if query.object_type is None:
        require(
            is_platform_admin(user),
            _("只有管理员可以读取全部变更记录：请用 object_type 和 object_id 指定一条记录"),
        )
        return _page(request, None, query)
    return _page(request, _object(user, query.object_type, query.object_id), query)


def _object_history_endpoint(object_type: str, plural: str) -> None:
    def endpoint(request, id: Id, query: Query[HistoryQuery]):
        return _page(request, _object(actor(request), object_type, id), query)

    endpoint.__name__ = f"{object_type.replace('.', '_')}_history"
    router.get(
        f"/{plural}/{{id}}/history",
        response={200: PagedHistoryItemOut, **READ_ERRORS},
        summary=f"History of one {object_type.split('.')[1]} (same as /history?object_type="
        f"{object_type}&object_id=…)",
        operation_id=f"{object_type.replace('.', '_')}_history",
    )(endpoint)


# A body's history is what a secretariat asks for most (its members, terms, committees …);
# every other object's is ``/history?object_type=…&object_id=…``.
_object_history_endpoint("registry.body", "bodies")
