"""The membership lifecycle decided outside a vote: a unit leaving by written notice (退出) and
sanctions short of removal (处分) — recorded, and lifted early, by the secretariat.

A removal (除名) is a resolution's (:mod:`.voting`); a withdrawal needs none: the unit's notice
ends its memberships on the day it takes effect. Every membership is ended through the registry's
service, so the body's change log says who recorded it, when, and what changed.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from chanjiao.core.changelog import (
    Actor,
    create_object,
    given,
    update_object,
)
from chanjiao.registry.models import Body, Membership, Organization

from ..models import (
    Resolution,
    Sanction,
    Withdrawal,
)
from .organs import may_run

#: Largest written notice accepted (the request limit is 10 MB).
MAX_NOTICE_FILE = 8 * 1024 * 1024


def withdrawal_record(
    *,
    actor: Actor,
    body: Body,
    organization: Organization,
    notice_on: datetime.date,
    effective_on: datetime.date | None = None,
    reason: str = "",
    file=None,
) -> Withdrawal:
    """Record a member unit's written notice of withdrawal (书面通知退出): every membership of
    the unit in the body still running on ``effective_on`` (default: the notice's day) ends that
    day, with the notice noted on it, and the withdrawal is kept with the notice's file. The
    secretariat or an admin only; all or nothing."""
    may_run(actor, body)
    effective_on = effective_on or notice_on
    if effective_on < notice_on:
        raise ValidationError({"effective_on": _("退出日期不能早于通知日期")})
    if file and getattr(file, "size", 0) > MAX_NOTICE_FILE:
        raise ValidationError({"file": _("书面通知文件不能超过 8 MB")})
    note = _("书面通知退出（通知日期 %(day)s）") % {"day": notice_on.isoformat()}
    from chanjiao.registry import services as registry

    with transaction.atomic():
        running = list(
            Membership.objects.select_for_update()
            .filter(body=body, organization=organization)
            .filter(Q(until__isnull=True) | Q(until__gt=effective_on))
            .order_by("id")
        )
        if not running:
            raise ValidationError(
                {
                    "organization": _("%(unit)s 不是%(body)s的现任成员单位")
                    % {"unit": organization, "body": body}
                }
            )
        for membership in running:
            if membership.since is not None and membership.since > effective_on:
                raise ValidationError(
                    {
                        "effective_on": _("退出日期不能早于该单位的加入日期（%(day)s）")
                        % {"day": membership.since.isoformat()}
                    }
                )
        for membership in running:
            registry.membership_update(
                actor=actor,
                membership=membership,
                data={"until": effective_on, "notes": f"{membership.notes}\n{note}".strip()},
            )
        data = {
            "body": body,
            "organization": organization,
            "notice_on": notice_on,
            "effective_on": effective_on,
            "reason": reason,
        }
        if file:
            data["file"] = file
        return create_object(Withdrawal, actor=actor, data=data, related=body)


def sanction_create(
    *,
    actor: Actor,
    membership: Membership,
    kind: str,
    reason: str,
    since: datetime.date,
    until: datetime.date | None = None,
    resolution: Resolution | None = None,
) -> Sanction:
    """Record 通报批评, 警告 or 暂停权利 on a current membership (a suspended unit does not vote
    while the suspension lasts; ``until`` is its last day)."""
    fields = given(locals())
    may_run(actor, membership.body)
    if membership.ended:
        raise ValidationError(
            {"membership": _("该成员关系已于 %(day)s 结束") % {"day": membership.until.isoformat()}}
        )
    if membership.since is not None and since < membership.since:
        raise ValidationError(
            {
                "since": _("处分开始日期不能早于该单位的加入日期（%(day)s）")
                % {"day": membership.since.isoformat()}
            }
        )
    if until is not None and until < since:
        raise ValidationError({"until": _("结束日期不能早于开始日期")})
    if resolution is not None and resolution.motion.meeting.body_id != membership.body_id:
        raise ValidationError({"resolution": _("只能依据本产教融合体的决议")})
    return create_object(Sanction, actor=actor, data=fields, related=membership.body)


def sanction_end(*, actor: Actor, sanction: Sanction, until: datetime.date) -> Sanction:
    """End a sanction early (lift a suspension): ``until`` becomes its last day, so from the
    next day a suspended unit votes again. A sanction cannot be lengthened this way."""
    membership = sanction.membership
    may_run(actor, membership.body)
    if until < sanction.since:
        raise ValidationError(
            {
                "until": _("结束日期不能早于处分开始日期（%(day)s）")
                % {"day": sanction.since.isoformat()}
            }
        )
    if sanction.until is not None and sanction.until <= until:
        raise ValidationError(
            {"until": _("该处分已于 %(day)s 结束") % {"day": sanction.until.isoformat()}}
        )
    return update_object(sanction, actor=actor, data={"until": until}, related=membership.body)
