"""Meetings (会议) of a body's organs and the attendance of their voting units."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chanjiao.core.changelog import (
    Actor,
    create_object,
    delete_object,
    given,
    update_object,
)
from chanjiao.core.words import listed
from chanjiao.registry.models import Body, Organization, Term

from .. import notices
from ..models import Application, Attendance, Meeting, Motion, MotionAttachment, Resolution, Vote
from .organs import may_run
from .roll import attendance_voter_ids, check_proxy, meeting_roll


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
    _check_date(date)
    _check_deadline(mode, date, deadline)
    meeting = create_object(Meeting, actor=actor, data=fields, related=body)
    notices.meeting_notice(meeting, notices.CALLED)
    return meeting


#: The earliest meeting day the platform records (no body it holds is older), and how many
#: years ahead a meeting may be called.
FIRST_DAY = datetime.date(1990, 1, 1)
YEARS_AHEAD = 5


def _check_date(date) -> None:
    """A meeting's day lies from 1990 to five years from today."""
    day = Meeting._meta.get_field("date").to_python(date)
    today = timezone.localdate()
    try:
        last = today.replace(year=today.year + YEARS_AHEAD)
    except ValueError:  # 29 February: the 28th five years on
        last = today.replace(year=today.year + YEARS_AHEAD, day=28)
    if day is not None and not FIRST_DAY <= day <= last:
        raise ValidationError(
            {
                "date": _("会议日期须在 %(first)s 到 %(last)s 之间，请检查年份")
                % {"first": f"{FIRST_DAY:%Y-%m-%d}", "last": f"{last:%Y-%m-%d}"}
            }
        )


#: What decides who votes at a meeting (the organ's voting units on the day, the term): fixed
#: once any of its motions has been opened.
WHO_VOTES = ("date", "organ", "mode", "term")


def _check_deadline(mode: str, date, deadline) -> None:
    """A vote by correspondence has a deadline, and no deadline is before the meeting's day."""
    if mode == Meeting.Mode.CORRESPONDENCE and deadline is None:
        raise ValidationError({"deadline": _("通讯表决须设定表决截止时间")})
    if deadline is None or date is None:
        return
    day = Meeting._meta.get_field("date").to_python(date)
    deadline = Meeting._meta.get_field("deadline").to_python(deadline)
    if timezone.is_aware(deadline):
        deadline = timezone.localtime(deadline)
    if deadline.date() < day:
        raise ValidationError(
            {
                "deadline": _("表决截止时间（%(deadline)s）不能早于会议日期（%(date)s）")
                % {"deadline": f"{deadline:%Y-%m-%d %H:%M}", "date": f"{day:%Y-%m-%d}"}
            }
        )


#: Why a meeting cannot be deleted.
KEPT = gettext_lazy("会议已有议案开始表决或已有决议，不能删除：表决和决议须留有记录")


def has_opened(meeting: Meeting, *, lock: bool = False) -> bool:
    """Whether any motion of the meeting has been opened (or decided); ``lock`` (in a
    transaction): the motions' rows are locked, so that none opens until it ends."""
    motions = Motion.objects.filter(meeting=meeting)
    if lock:
        motions = motions.select_for_update()
    return any(status != Motion.Status.DRAFT for status in motions.values_list("status", flat=True))


def _stored(name: str, value):
    """``value`` of the meeting's field ``name`` as it compares with what is stored."""
    field = Meeting._meta.get_field(name)
    if field.is_relation:
        return getattr(value, "pk", value)
    return field.to_python(value)


def _check_deadline_change(meeting: Meeting, deadline) -> None:
    """While a motion of the meeting is voting, its deadline is only put later, and only
    before it has passed: a vote is never cut short, nor reopened once it has ended."""
    new = _stored("deadline", deadline)
    if new is not None and timezone.is_naive(new):
        new = timezone.make_aware(new)
    old = meeting.deadline
    if new == old or not meeting.motions.filter(status=Motion.Status.VOTING).exists():
        return
    if old is not None and old <= timezone.now():
        raise ValidationError(
            {
                "deadline": _("表决已于 %(deadline)s 截止，截止时间不能再更改：请结束表决")
                % {"deadline": f"{timezone.localtime(old):%Y-%m-%d %H:%M}"}
            }
        )
    if old is None:
        message = _("议案正在表决，不能再设定表决截止时间：请在表决结束后设定")
        raise ValidationError({"deadline": message})
    if new is not None and new < old:
        raise ValidationError(
            {
                "deadline": _(
                    "议案正在表决，表决截止时间只能延后，不能提前：请选择 %(deadline)s 之后的时间"
                )
                % {"deadline": f"{timezone.localtime(old):%Y-%m-%d %H:%M}"}
            }
        )


def meeting_update(*, actor: Actor, meeting: Meeting, data: dict) -> Meeting:
    """Correct a meeting (its title, place, agenda, its organ, day, mode and term), write its
    notes (会议记录), or change its status or publication. Once a motion has been opened, the
    day, organ, mode and term stay as they are: they decide who votes on it; while one is
    voting, its deadline may only be put later, before it has passed."""
    may_run(actor, meeting.body)
    data = {k: v for k, v in data.items() if k != "body"}
    with transaction.atomic():
        changed = [
            name
            for name in WHO_VOTES
            if name in data
            and _stored(name, data[name]) != getattr(meeting, "term_id" if name == "term" else name)
        ]
        if changed and has_opened(meeting, lock=True):
            message = _(
                "已有议案开始表决，会议的日期、机构、方式和届次不能再更改：它们决定由谁表决"
            )
            raise ValidationError({name: message for name in changed})
        term = data.get("term")
        if term is not None and term.body_id != meeting.body_id:
            raise ValidationError({"term": _("只能选择本产教融合体的届次")})
        if "date" in data:
            _check_date(data["date"])
        if "deadline" in data:
            _check_deadline_change(meeting, data["deadline"])
        if {"mode", "date", "deadline"} & data.keys():
            _check_deadline(
                data.get("mode", meeting.mode),
                data.get("date", meeting.date),
                data.get("deadline", meeting.deadline),
            )
        return update_object(meeting, actor=actor, data=data, related=meeting.body)


def meeting_delete(*, actor: Actor, meeting: Meeting) -> None:
    """Delete a meeting no motion of which has been opened, with its attendance and its draft
    motions; the applications on a draft admission motion go back to the complete ones
    (材料齐全), to be put on another motion."""
    may_run(actor, meeting.body)
    with transaction.atomic():
        if has_opened(meeting, lock=True):
            raise ValidationError(str(KEPT))
        applications_returned(
            actor=actor,
            applications=Application.objects.filter(motion__meeting=meeting),
            related=meeting.body,
        )
        delete_object(meeting, actor=actor, related=meeting.body)


def applications_returned(*, actor: Actor, applications, related) -> None:
    """Before draft motions are deleted (a motion, or a meeting with its motions): the
    ``applications`` on them (已列入议程) go back to the complete ones (材料齐全), on no motion,
    to be put on another; each change is logged under ``related``."""
    for application in applications.filter(status=Application.Status.ON_AGENDA):
        update_object(
            application,
            actor=actor,
            data={"status": Application.Status.COMPLETE, "motion": None},
            related=related,
        )


def attendance_set(
    *,
    actor: Actor,
    meeting: Meeting,
    organization: Organization,
    status: str,
    proxy: Organization | None = None,
) -> Attendance:
    """Record whether a voting unit of the meeting (:func:`~.roll.attendance_voter_ids`: on
    its roll, or on the roll of a motion of it still voting) is present, represented by proxy
    (by another voting unit of the meeting that is present, :func:`~.roll.check_proxy`), or
    absent. A unit that has voted on a motion still in voting cannot be marked absent: its
    vote would stop counting mid-vote; nor can one holding another's proxy."""
    may_run(actor, meeting.body)
    if meeting.mode == Meeting.Mode.CORRESPONDENCE:
        raise ValidationError(_("通讯表决不登记出席：以寄回的表决票计"))
    units = attendance_voter_ids(meeting)
    if organization.pk not in units:
        raise ValidationError(
            {"organization": _("%(unit)s 在本次会议没有表决权") % {"unit": organization}}
        )
    if status == Attendance.Status.PROXY and proxy is None:
        raise ValidationError({"proxy": _("委托出席须写明受托单位")})
    if status == Attendance.Status.PROXY and proxy.pk == organization.pk:
        raise ValidationError(
            {"proxy": _("受托单位不能是委托单位本身，请选择另一家有表决权的单位")}
        )
    if status == Attendance.Status.PROXY and proxy.pk not in units:
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
    check_proxy(meeting, organization, status, proxy)
    existing = Attendance.objects.filter(meeting=meeting, organization=organization).first()
    data = {"status": status, "proxy": proxy if status == Attendance.Status.PROXY else None}
    if existing is not None:
        return update_object(existing, actor=actor, data=data, related=meeting)
    data.update(meeting=meeting, organization=organization)
    return create_object(Attendance, actor=actor, data=data, related=meeting)


def taking_part(meeting: Meeting, *, units: Iterable[Organization] | None = None) -> int:
    """How many voting units take part: present or by proxy at a meeting (``units``: its
    roll, :func:`~.roll.meeting_roll`, when it was looked up already)."""
    if units is None:
        units = meeting_roll(meeting)
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
    public, on a published body): before this only the secretariat reads the minutes. Not
    while a motion of it is voting (its resolution is published when the vote closes, the
    minutes being published by then); again, it publishes resolutions left unpublished."""
    may_run(actor, meeting.body)
    with transaction.atomic():
        voting = list(
            Motion.objects.select_for_update()
            .filter(meeting=meeting, status=Motion.Status.VOTING)
            .values_list("title", flat=True)
        )
        if voting:
            raise ValidationError(
                _("议案“%(titles)s”仍在表决中：请先结束表决，再公布纪要和决议")
                % {"titles": listed(voting)}
            )
        for resolution in Resolution.objects.filter(motion__meeting=meeting, is_published=False):
            update_object(resolution, actor=actor, data={"is_published": True}, related=meeting)
        published = update_object(
            meeting, actor=actor, data={"is_published": True}, related=meeting.body
        )
        notices.meeting_notice(meeting, notices.PUBLISHED)
        return published


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
