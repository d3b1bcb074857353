"""Every write to agreements (协议) and carriers (载体)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from chanjiao.accounts.permissions import can_edit_cooperation, require
from chanjiao.core.changelog import create_object, delete_object, update_object

from .models import Agreement, Carrier

_DENIED = _(
    "只有所属产教融合体的秘书处或平台管理员可以修改 / only the secretariat of the body "
    "it is filed under, or an admin, may change this"
)


def _body_id(value) -> int | None:
    return getattr(value, "pk", value)


def agreement_create(*, actor, **fields: Any) -> Agreement:
    """Record an agreement between parties, filed under a body the actor runs."""
    require(can_edit_cooperation(actor, _body_id(fields.get("body"))), _DENIED)
    return create_object(Agreement, actor=actor, data=fields, related=fields.get("body"))


def agreement_update(*, actor, agreement: Agreement, data: dict) -> Agreement:
    """Change an agreement; moving it to another body needs rights in that body too."""
    require(can_edit_cooperation(actor, agreement.body_id), _DENIED)
    if "body" in data:
        require(can_edit_cooperation(actor, _body_id(data["body"])), _DENIED)
    return update_object(agreement, actor=actor, data=data, related=agreement.body)


def agreement_delete(*, actor, agreement: Agreement) -> None:
    require(can_edit_cooperation(actor, agreement.body_id), _DENIED)
    delete_object(agreement, actor=actor, related=agreement.body)


def carrier_create(*, actor, **fields: Any) -> Carrier:
    """Record a carrier (产业学院, 实训基地 …), filed under a body the actor runs."""
    require(can_edit_cooperation(actor, _body_id(fields.get("body"))), _DENIED)
    return create_object(Carrier, actor=actor, data=fields, related=fields.get("body"))


def carrier_update(*, actor, carrier: Carrier, data: dict) -> Carrier:
    require(can_edit_cooperation(actor, carrier.body_id), _DENIED)
    if "body" in data:
        require(can_edit_cooperation(actor, _body_id(data["body"])), _DENIED)
    return update_object(carrier, actor=actor, data=data, related=carrier.body)


def carrier_delete(*, actor, carrier: Carrier) -> None:
    require(can_edit_cooperation(actor, carrier.body_id), _DENIED)
    delete_object(carrier, actor=actor, related=carrier.body)
