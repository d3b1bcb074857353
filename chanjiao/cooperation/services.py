"""Every write to agreements (协议) and carriers (载体)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
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
    reminder_days: int = 60,
    notes: str = "",
) -> Agreement:
    """Record an agreement between parties, filed under a body the actor runs. Its status
    follows its dates (:meth:`Agreement.status_on`); 已续签 and 已终止 come only from the acts
    (:mod:`chanjiao.cooperation.lifecycle`)."""
    fields = given(locals())
    if status in Agreement.CLOSED:
        raise ValidationError({"status": _("“已续签”和“已终止”须通过续签或终止操作设定")})
    probe = Agreement(**{k: v for k, v in fields.items() if k != "parties"})
    fields["status"] = probe.status_on(timezone.localdate())
    return _filed_create(Agreement, actor, fields)


def dated_changes(agreement: Agreement, data: dict, today: datetime.date) -> dict:
    """``data`` with the status the dates give once it is applied (and the reminder cleared when
    the agreement leaves 即将到期, so that a new end date is reminded again)."""
    probe = Agreement(
        **{f.attname: getattr(agreement, f.attname) for f in Agreement._meta.concrete_fields}
    )
    for name, value in data.items():
        if name != "parties":
            setattr(probe, name, value)
    status = probe.status_on(today)
    data = dict(data)
    if status != agreement.status or "status" in data:
        data["status"] = status
    # Leaving 即将到期 for an earlier state (a later end date): the new end is reminded again.
    if agreement.reminder_sent_at is not None and status in (
        Agreement.Status.SIGNED,
        Agreement.Status.IN_FORCE,
    ):
        data["reminder_sent_at"] = None
    return data


def agreement_update(*, actor: Actor, agreement: Agreement, data: dict) -> Agreement:
    """Change an agreement; moving it to another body needs rights in that body too. The
    status follows the dates; an agreement renewed or terminated keeps that status."""
    Status = Agreement.Status
    wanted = data.get("status")
    if wanted is not None and wanted != agreement.status:
        if agreement.status in Agreement.CLOSED:
            raise ValidationError({"status": _("该协议已续签或已终止，状态不能再修改")})
        if wanted in Agreement.CLOSED:
            raise ValidationError({"status": _("“已续签”和“已终止”须通过续签或终止操作设定")})
        if wanted == Status.DRAFT:
            raise ValidationError({"status": _("已签约的协议不能改回“拟定”")})
    signing = agreement.status == Status.DRAFT and wanted not in (None, Status.DRAFT)
    if signing and data.get("signed_on", agreement.signed_on) is None:
        raise ValidationError({"signed_on": _("签约须填写签约日期")})
    return _filed_update(agreement, actor, dated_changes(agreement, data, timezone.localdate()))


def agreement_delete(*, actor: Actor, agreement: Agreement) -> None:
    """Delete an agreement and, once that is committed, the files of its text. An agreement
    that renewed another gives the other back the status its dates give today (it is no
    longer 已续签)."""
    files = [doc.file for doc in agreement.documents.all() if doc.file]
    with transaction.atomic():
        predecessor = agreement.renewed_from
        _filed_delete(agreement, actor)
        if predecessor is not None and predecessor.status == Agreement.Status.RENEWED:
            # The dates decide again, as if it had never been renewed.
            signed = {"status": Agreement.Status.SIGNED}
            data = dated_changes(predecessor, signed, timezone.localdate())
            update_object(predecessor, actor=actor, data=data, related=predecessor.body)
    for file in files:
        transaction.on_commit(lambda file=file: file.delete(save=False))


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
    """Record a carrier (产业学院, 实训基地 …), filed under a body the actor runs: 已成立 once
    it has a founding date, 筹建中 until then."""
    fields = given(locals())
    founded = founded_on is not None and founded_on <= timezone.localdate()
    fields["state"] = Carrier.State.FOUNDED if founded else Carrier.State.PLANNING
    return _filed_create(Carrier, actor, fields)


def carrier_update(*, actor: Actor, carrier: Carrier, data: dict) -> Carrier:
    """Change a carrier; moving it to another body needs rights in that body too. Its state
    follows its milestones and founding date."""
    from .progress import carrier_state, founding_fits_milestones

    if "founded_on" in data:
        require(can_edit_cooperation(actor, carrier.body_id), _DENIED)
        founding_fits_milestones(carrier, data["founded_on"])
    carrier = _filed_update(carrier, actor, data)
    if "founded_on" in data:
        state, level = carrier_state(carrier)
        if (state, level) != (carrier.state, carrier.level):
            carrier = update_object(
                carrier, actor=actor, data={"state": state, "level": level}, related=carrier.body
            )
    return carrier


def carrier_delete(*, actor: Actor, carrier: Carrier) -> None:
    _filed_delete(carrier, actor)
