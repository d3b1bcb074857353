"""Every write to agreements (协议) and carriers (载体)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.files import File
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chanjiao.accounts.permissions import (
    can_edit_cooperation,
    event_held_by,
    is_platform_admin,
    require,
)
from chanjiao.core.changelog import Actor, create_object, delete_object, given, update_object
from chanjiao.events.models import Ceremony, Event
from chanjiao.registry.models import Body, Organization

from .models import Agreement, Carrier

_DENIED = gettext_lazy("只有所属产教融合体的秘书处或平台管理员可以修改")


def _body_id(value) -> int | None:
    return getattr(value, "pk", value)


def _require_own_links(actor: Actor, *, body, event=None, ceremony=None, agreement=None) -> None:
    """A secretariat links only its own body's records: the event (and the ceremony's event)
    must be held by the body the record is filed under, the agreement filed under it."""
    if is_platform_admin(actor):
        return
    body_id = _body_id(body)
    for linked in (event, getattr(ceremony, "event", None)):
        if linked is not None:
            require(
                body_id is not None and event_held_by(linked, body_id),
                _("只能关联本产教融合体主办的活动和仪式：“%(event)s”不是其活动")
                % {"event": linked},
            )
    if agreement is not None:
        require(
            body_id is not None and agreement.body_id == body_id,
            _("只能关联本产教融合体的协议：“%(agreement)s”归属其他产教融合体")
            % {"agreement": agreement},
        )


_LINKS = ("body", "event", "ceremony", "agreement")


def _links(obj, data: dict) -> dict:
    """The body, event, ceremony and agreement ``obj`` will have once ``data`` is applied."""
    return {k: data[k] if k in data else getattr(obj, k, None) for k in _LINKS if hasattr(obj, k)}


def _filed_create(model, actor: Actor, fields: dict):
    """Create a record filed under a body the actor runs, linking only that body's records."""
    require(can_edit_cooperation(actor, _body_id(fields.get("body"))), _DENIED)
    _require_own_links(actor, **{k: v for k, v in fields.items() if k in _LINKS})
    return create_object(model, actor=actor, data=fields, related=fields.get("body"))


def _filed_update(obj, actor: Actor, data: dict):
    """Change a filed record; moving it to another body needs rights in that body too."""
    require(can_edit_cooperation(actor, obj.body_id), _DENIED)
    if "body" in data:
        require(can_edit_cooperation(actor, _body_id(data["body"])), _DENIED)
    _require_own_links(actor, **_links(obj, data))
    return update_object(obj, actor=actor, data=data, related=obj.body)


def _filed_delete(obj, actor: Actor) -> None:
    require(can_edit_cooperation(actor, obj.body_id), _DENIED)
    delete_object(obj, actor=actor, related=obj.body)


def agreement_create(
    *,
    actor: Actor,
    title: str,
    kind: str = Agreement.Kind.OTHER,
    parties: Iterable[Organization] = (),
    body: Body | None = None,
    event: Event | None = None,
    ceremony: Ceremony | None = None,
    signed_on: datetime.date | None = None,
    status: str = Agreement.Status.SIGNED,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    document: File | str = "",
    notes: str = "",
) -> Agreement:
    """Record an agreement between parties, filed under a body the actor runs."""
    return _filed_create(Agreement, actor, given(locals()))


def agreement_update(*, actor: Actor, agreement: Agreement, data: dict) -> Agreement:
    """Change an agreement; moving it to another body needs rights in that body too."""
    return _filed_update(agreement, actor, data)


def agreement_delete(*, actor: Actor, agreement: Agreement) -> None:
    _filed_delete(agreement, actor)


def carrier_create(
    *,
    actor: Actor,
    name: str,
    kind: str = Carrier.Kind.OTHER,
    owners: Iterable[Organization] = (),
    body: Body | None = None,
    agreement: Agreement | None = None,
    ceremony: Ceremony | None = None,
    founded_on: datetime.date | None = None,
    city: str = "",
    description: str = "",
) -> Carrier:
    """Record a carrier (产业学院, 实训基地 …), filed under a body the actor runs."""
    return _filed_create(Carrier, actor, given(locals()))


def carrier_update(*, actor: Actor, carrier: Carrier, data: dict) -> Carrier:
    """Change a carrier; moving it to another body needs rights in that body too."""
    return _filed_update(carrier, actor, data)


def carrier_delete(*, actor: Actor, carrier: Carrier) -> None:
    _filed_delete(carrier, actor)
