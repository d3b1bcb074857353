"""Meetings (会议) of a body's organs and the attendance of their voting units."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chanjiao.core.changelog import (
    Actor,
    create_object,
    delete_object,
    given,
    update_object,
)
from chanjiao.registry.models import Body, Organization, Term

from ..models import Attendance, Meeting, Motion, MotionAttachment, Resolution, Vote
from .organs import may_run, voting_units


def meeting_create(
    *,
    actor: Actor,
    body: Body,
    organ: str,
    title: str,
    date: datetime.date,
    mode: str = Meeting.Mode.IN_PERSON,
    place: str = "",
    deadline: datetime.datetime | None = None,
    term: Term | None = None,
    agenda: str = "",
) -> Meeting:
    """A meeting of one of the body's organs (or a vote by correspondence, with a deadline)."""
    fields = given(locals())
    may_run(actor, body)
    if term is not None and term.body_id != body.pk:
        raise ValidationError({"term": _("只能选择本产教融合体的届次")})
    if mode == Meeting.Mode.CORRESPONDENCE and deadline is None:
        raise ValidationError({"deadline": _("通讯表决须设定表决截止时间")})
    return create_object(Meeting, actor=actor, data=fields, related=body)


def meeting_update(*, actor: Actor, meeting: Meeting, data: dict) -> Meeting:
    """Change a meeting's record: its notes (会议记录), status, place, publication."""
    may_run(actor, meeting.body)
    data = {k: v for k, v in data.items() if k != "body"}
    return update_object(meeting, actor=actor, data=data, related=meeting.body)


def attendance_set(
    *,
    actor: Actor,
    meeting: Meeting,
    organization: Organization,
    status: str,
    proxy: Organization | None = None,
) -> Attendance:
    """Record whether a voting unit is present, represented by proxy (by another voting unit
    of the meeting), or absent. A unit that has voted on a motion still in voting cannot be
    marked absent: its vote would stop counting mid-vote."""
    may_run(actor, meeting.body)
    if meeting.mode == Meeting.Mode.CORRESPONDENCE:
        raise ValidationError(_("通讯表决不登记出席：以寄回的表决票计"))
    units = voting_units(meeting.body, meeting.organ, meeting.date)
    if not units.filter(pk=organization.pk).exists():
        raise ValidationError(
            {"organization": _("%(unit)s 在本次会议没有表决权") % {"unit": organization}}
        )
    if status == Attendance.Status.PROXY and proxy is None:
        raise ValidationError({"proxy": _("委托出席须写明受托单位")})
    if status == Attendance.Status.PROXY and proxy.pk == organization.pk:
        raise ValidationError(
            {"proxy": _("受托单位不能是委托单位本身，请选择另一家有表决权的单位")}
        )
    if status == Attendance.Status.PROXY and not units.filter(pk=proxy.pk).exists():
        raise ValidationError(
            {
                "proxy": _("受托单位 %(unit)s 在本次会议没有表决权，请选择有表决权的单位")
                % {"unit": proxy}
            }
        )
    if (
        status not in (Attendance.Status.PRESENT, Attendance.Status.PROXY)
        and Vote.objects.filter(
            motion__meeting=meeting, motion__status=Motion.Status.VOTING, organization=organization
        ).exists()
    ):
        raise ValidationError(
            {
                "status": _(
                    "%(unit)s 已就正在表决的议案投票，不能登记为缺席：请在该议案表决结束后再更改"
                )
                % {"unit": organization}
            }
        )
    existing = Attendance.objects.filter(meeting=meeting, organization=organization).first()
    data = {"status": status, "proxy": proxy if status == Attendance.Status.PROXY else None}
    if existing is not None:
        return update_object(existing, actor=actor, data=data, related=meeting)
    data.update(meeting=meeting, organization=organization)
    return create_object(Attendance, actor=actor, data=data, related=meeting)


def taking_part(meeting: Meeting, *, units: Iterable[Organization] | None = None) -> int:
    """How many voting units take part: present or by proxy at a meeting (``units``: its
    voting units, when they were looked up already)."""
    if units is None:
        units = voting_units(meeting.body, meeting.organ, meeting.date)
    return (
        meeting.attendance.filter(
            status__in=(Attendance.Status.PRESENT, Attendance.Status.PROXY),
            organization__in=units,
        )
        .values("organization")
        .count()
    )


def meeting_publish(*, actor: Actor, meeting: Meeting) -> Meeting:
    """Publish a meeting's minutes to the body's members (and its decided resolutions to the
    public, on a published body): before this only the secretariat reads the minutes."""
    may_run(actor, meeting.body)
    with transaction.atomic():
        for resolution in Resolution.objects.filter(motion__meeting=meeting, is_published=False):
            update_object(resolution, actor=actor, data={"is_published": True}, related=meeting)
        return update_object(
            meeting, actor=actor, data={"is_published": True}, related=meeting.body
        )


#: Largest motion attachment (the request limit is 10 MB).
MAX_ATTACHMENT = 8 * 1024 * 1024


def attachment_add(*, actor: Actor, motion: Motion, title: str, file) -> MotionAttachment:
    """Put a document with a motion still to be voted on (the draft charter, the plan, the
    list of applicants): once the vote opens, what it was put on cannot change."""
    may_run(actor, motion.meeting.body)
    if motion.status != Motion.Status.DRAFT:
        raise ValidationError(
            _("议案已表决或正在表决，不能再添加附件：表决所依据的文件须在开始表决前备齐")
        )
    if not file:
        raise ValidationError({"file": _("请选择文件")})
    if getattr(file, "size", 0) > MAX_ATTACHMENT:
        raise ValidationError({"file": _("附件不能超过 8 MB")})
    title = (title or "").strip() or (getattr(file, "name", "") or "")[:200]
    return create_object(
        MotionAttachment,
        actor=actor,
        data={"motion": motion, "title": title, "file": file},
        related=motion.meeting,
    )


def attachment_delete(*, actor: Actor, attachment: MotionAttachment) -> None:
    """Take a document off a motion still to be voted on."""
    motion = attachment.motion
    may_run(actor, motion.meeting.body)
    if motion.status != Motion.Status.DRAFT:
        raise ValidationError(_("议案已表决或正在表决，附件不能再删除"))
    delete_object(attachment, actor=actor, related=motion.meeting)
