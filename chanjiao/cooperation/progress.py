"""Every write to a carrier's milestones (里程碑) and yearly figures (年度数据), and the state
(建设状态) and level (认定级别) they give the carrier, kept on it in the same transaction.

Written by the carrier's body's secretariat, its owner units' contacts and admins
(:func:`chanjiao.cooperation.permissions.can_record_carrier_progress`).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.files import File
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chanjiao.accounts.permissions import require
from chanjiao.core.changelog import Actor, create_object, delete_object, given, update_object

from .models import LEVEL_RANK, Carrier, CarrierFigure, CarrierMilestone
from .permissions import can_record_carrier_progress

_DENIED = gettext_lazy("只有载体的共建单位联系人、所属产教融合体的秘书处或平台管理员可以登记")

Kind = CarrierMilestone.Kind
_RUNNING = (Kind.FIRST_INTAKE, Kind.BASE_BUILT, Kind.EQUIPMENT, Kind.REVIEWED)


def carrier_state(carrier: Carrier, today: datetime.date | None = None) -> tuple[str, str]:
    """(state, highest recognised level) that the carrier's done milestones give: 已撤销 once
    closed; 已认定 once recognised at some level; 运行中 once it took students, has its base or
    equipment or was reviewed; 已成立 once founded (a milestone, or its founding date); else
    筹建中."""
    today = today or timezone.localdate()
    done = [m for m in carrier.milestones.all() if m.done_on is not None]
    kinds = {m.kind for m in done}
    levels = [m.level for m in done if m.kind == Kind.RECOGNISED and m.level]
    level = max(levels, key=LEVEL_RANK.__getitem__, default="")
    if Kind.CLOSED in kinds:
        return Carrier.State.CLOSED, level
    if Kind.RECOGNISED in kinds:
        return Carrier.State.RECOGNISED, level
    if kinds & set(_RUNNING):
        return Carrier.State.RUNNING, level
    founded = carrier.founded_on is not None and carrier.founded_on <= today
    if Kind.FOUNDED in kinds or founded:
        return Carrier.State.FOUNDED, level
    return Carrier.State.PLANNING, level


def _refresh_carrier(actor: Actor, carrier: Carrier, today: datetime.date | None = None) -> None:
    """Store the state and level the milestones give (and the founding date a 成立 milestone
    gives a carrier that has none), logged as a change of the carrier."""
    fresh = Carrier.objects.select_for_update().get(pk=carrier.pk)
    state, level = carrier_state(fresh, today)
    data: dict = {}
    if (state, level) != (fresh.state, fresh.level):
        data.update(state=state, level=level)
    if fresh.founded_on is None:
        founded = [
            m.done_on for m in fresh.milestones.all() if m.kind == Kind.FOUNDED and m.done_on
        ]
        if founded:
            data["founded_on"] = min(founded)
    if data:
        update_object(fresh, actor=actor, data=data, related=fresh.body)
        for name, value in data.items():
            setattr(carrier, name, value)


def carriers_refresh(*, today: datetime.date | None = None) -> int:
    """Daily, like the agreements' refresh: a carrier 筹建中 whose founding date has come is
    已成立 (or what its milestones give) from that day, logged as the platform's change (no
    row for a carrier that does not move). Returns how many moved."""
    today = today or timezone.localdate()
    due = Carrier.objects.filter(state=Carrier.State.PLANNING, founded_on__lte=today)
    moved = 0
    for carrier in due.prefetch_related("milestones"):
        if carrier_state(carrier, today)[0] != carrier.state:
            with transaction.atomic():
                _refresh_carrier(None, carrier, today)
            moved += 1
    return moved


def _check(actor: Actor, carrier: Carrier) -> None:
    require(can_record_carrier_progress(actor, carrier), _DENIED)


def _file_name(file) -> str:
    return (getattr(file, "name", "") or "").rsplit("/", 1)[-1][:255] if file else ""


# --- milestones ---------------------------------------------------------------------------


def milestone_create(
    *,
    actor: Actor,
    carrier: Carrier,
    kind: str,
    due_on: datetime.date | None = None,
    done_on: datetime.date | None = None,
    headcount: int | None = None,
    level: str = "",
    note: str = "",
    evidence: File | None = None,
    link: str = "",
) -> CarrierMilestone:
    """Record a milestone of ``carrier``, planned (``due_on``) or done (``done_on``), with its
    evidence; the carrier's state follows."""
    _check(actor, carrier)
    fields = given(locals())
    fields["evidence"] = evidence or ""
    fields["evidence_name"] = _file_name(evidence)
    fields["recorded_by"] = actor if getattr(actor, "is_authenticated", False) else None
    _not_in_future(done_on)
    _not_before_founding(carrier, kind, done_on)
    with transaction.atomic():
        milestone = create_object(CarrierMilestone, actor=actor, data=fields, related=carrier)
        _refresh_carrier(actor, carrier)
    return milestone


def milestone_update(*, actor: Actor, milestone: CarrierMilestone, data: dict) -> CarrierMilestone:
    """Change a milestone (a new evidence file replaces the old; ``evidence=None`` or ``""``
    removes it); the carrier's state follows."""
    carrier = milestone.carrier
    _check(actor, carrier)
    data = {k: v for k, v in data.items() if k != "carrier"}
    if isinstance(data.get("evidence"), FieldFile):
        del data["evidence"]  # the stored file, unchanged (a form sends it back)
    if "evidence" in data:
        data["evidence"] = data["evidence"] or ""
        data["evidence_name"] = _file_name(data["evidence"])
    if "done_on" in data:
        _not_in_future(data["done_on"])
    _not_before_founding(
        carrier, data.get("kind", milestone.kind), data.get("done_on", milestone.done_on)
    )
    for optional in ("level", "note", "link"):
        if optional in data and data[optional] is None:
            data[optional] = ""
    with transaction.atomic():
        milestone = update_object(milestone, actor=actor, data=data, related=carrier)
        _refresh_carrier(actor, carrier)
    return milestone


def milestone_evidence_set(
    *, actor: Actor, milestone: CarrierMilestone, file: File | None
) -> CarrierMilestone:
    """Upload a milestone's evidence file (佐证材料), replacing the one before."""
    _check(actor, milestone.carrier)
    if not file:
        from django.core.exceptions import ValidationError

        raise ValidationError({"file": _("请选择要上传的文件")})
    return milestone_update(actor=actor, milestone=milestone, data={"evidence": file})


def milestone_delete(*, actor: Actor, milestone: CarrierMilestone) -> None:
    carrier = milestone.carrier
    _check(actor, carrier)
    with transaction.atomic():
        delete_object(milestone, actor=actor, related=carrier)
        _refresh_carrier(actor, carrier)


def _not_in_future(done_on: datetime.date | None) -> None:
    from django.core.exceptions import ValidationError

    if done_on is not None and done_on > timezone.localdate():
        raise ValidationError({"done_on": _("完成日期不能晚于今天；尚未完成的请填写计划日期")})


#: Milestones that come only once a carrier is founded.
_AFTER_FOUNDING = (Kind.FIRST_INTAKE, Kind.RECOGNISED, Kind.REVIEWED, Kind.CLOSED)


def _not_before_founding(carrier: Carrier, kind: str, done_on: datetime.date | None) -> None:
    """A first intake, a recognition, a review or the closing is done no earlier than the
    carrier was founded (its founding date, or else its 成立 milestone)."""
    from django.core.exceptions import ValidationError

    if kind not in _AFTER_FOUNDING or done_on is None:
        return
    founded = carrier.founded_on or min(
        (m.done_on for m in carrier.milestones.all() if m.kind == Kind.FOUNDED and m.done_on),
        default=None,
    )
    if founded is not None and done_on < founded:
        raise ValidationError(
            {
                "done_on": _("%(kind)s的完成日期不能早于载体的成立日期（%(date)s）")
                % {"kind": Kind(kind).label, "date": founded.isoformat()}
            }
        )


def founding_fits_milestones(carrier: Carrier, founded_on: datetime.date | None) -> None:
    """A carrier's founding date moved is no later than the milestones done since it was
    founded (首届招生, 认定, 评估, 撤销): the one rule :func:`_not_before_founding` keeps from
    the milestones' side."""
    from django.core.exceptions import ValidationError

    after = [m for m in carrier.milestones.all() if m.kind in _AFTER_FOUNDING and m.done_on]
    first = min(after, key=lambda m: m.done_on, default=None)
    if founded_on is not None and first is not None and first.done_on < founded_on:
        raise ValidationError(
            {
                "founded_on": _("成立日期不能晚于已完成的里程碑：%(kind)s（%(date)s）")
                % {"kind": first.get_kind_display(), "date": first.done_on.isoformat()}
            }
        )


# --- yearly figures -----------------------------------------------------------------------


def figure_create(
    *,
    actor: Actor,
    carrier: Carrier,
    year: int,
    students: int = 0,
    courses: int = 0,
    teachers: int = 0,
    equipment_value: Decimal = Decimal(0),
) -> CarrierFigure:
    """Record a carrier's figures for one year (one row per year)."""
    _check(actor, carrier)
    return create_object(CarrierFigure, actor=actor, data=given(locals()), related=carrier)


def figure_update(*, actor: Actor, figure: CarrierFigure, data: dict) -> CarrierFigure:
    _check(actor, figure.carrier)
    data = {k: v for k, v in data.items() if k != "carrier"}
    return update_object(figure, actor=actor, data=data, related=figure.carrier)


def figure_delete(*, actor: Actor, figure: CarrierFigure) -> None:
    _check(actor, figure.carrier)
    delete_object(figure, actor=actor, related=figure.carrier)
