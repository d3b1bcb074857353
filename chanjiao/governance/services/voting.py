"""Motions (议案), votes, paper totals, and closing a motion into a resolution (决议) that
takes effect in the same transaction."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from chanjiao.accounts.permissions import contact_organization_ids, require
from chanjiao.core.changelog import (
    Actor,
    create_object,
    delete_object,
    given,
    record_change,
    snapshot,
    update_object,
)
from chanjiao.core.exceptions import Conflict
from chanjiao.registry.models import Body, Charter, Membership, Organization, Role, Term
from chanjiao.reports.models import Plan

from .. import notices, rules
from ..models import (
    Application,
    DecisionType,
    Meeting,
    Motion,
    Organ,
    Resolution,
    Vote,
)
from .applications import applications_decided, applications_put_on
from .meetings import applications_returned
from .organs import VOTE_DENIED, attending_ids, may_run, roll_ids, rule_for
from .roll import check_voter, next_roll, proxied_ids
from .tally import figures_now


def motion_create(
    *,
    actor: Actor,
    meeting: Meeting,
    decision_type: str,
    title: str,
    text: str = "",
    order: int = 0,
    admits: Sequence[Organization] = (),
    admit_role: str = Role.MEMBER,
    removes: Sequence[Membership] = (),
    charter: Charter | None = None,
    applications: Sequence[Application] = (),
    term: Term | None = None,
    plan: Plan | None = None,
    report_year: int | None = None,
) -> Motion:
    """Put a motion on a meeting's agenda; the decision must be the meeting's organ's to take
    under the rules (and allowed by correspondence when the meeting is one). An admission may
    admit registered units (``admits``) and complete applications to join (``applications``);
    an election names the term it fills (``term``, its slate is set by
    :func:`~chanjiao.governance.services.renewal.slate_set`), a plan's approval the plan, an
    annual report's approval the report's year. A removal names memberships not ended, an
    admission units not already on the body's roll (by the meeting's day or today)."""
    fields = given(locals(), "applications")
    may_run(actor, meeting.body)
    rule, organ = rule_for(meeting.body, decision_type)
    if organ != meeting.organ:
        raise ValidationError(
            {"decision_type": _("这类事项须由%(organ)s表决") % {"organ": Organ(organ).label}}
        )
    if meeting.mode == Meeting.Mode.CORRESPONDENCE and not rule.correspondence:
        raise ValidationError({"decision_type": _("按章程，这类事项不能通讯表决")})
    if any(m.body_id != meeting.body_id for m in removes):
        raise ValidationError({"removes": _("只能除名本产教融合体的成员")})
    _check_roll(meeting, admits, removes)
    if charter is not None and charter.body_id != meeting.body_id:
        raise ValidationError({"charter": _("只能选择本产教融合体的章程")})
    if applications and decision_type != DecisionType.ADMISSION:
        raise ValidationError({"applications": _("只有吸收成员的议案可以列入入会申请")})
    if term is not None and term.body_id != meeting.body_id:
        raise ValidationError({"term": _("只能选择本产教融合体的届次")})
    if term is not None and decision_type != DecisionType.ELECTION:
        raise ValidationError({"term": _("只有选举议案可以指定选举的届次")})
    if plan is not None and plan.body_id != meeting.body_id:
        raise ValidationError({"plan": _("只能选择本产教融合体的发展规划")})
    if plan is not None and decision_type != DecisionType.PLAN:
        raise ValidationError({"plan": _("只有审议发展规划的议案可以指定规划")})
    if report_year is not None and decision_type != DecisionType.ANNUAL_REPORT:
        raise ValidationError({"report_year": _("只有审议年度工作报告的议案可以指定报告年度")})
    if report_year is not None and not 1990 <= report_year <= 2100:
        raise ValidationError({"report_year": _("报告年度须在 1990 到 2100 之间")})
    with transaction.atomic():
        motion = create_object(Motion, actor=actor, data=fields, related=meeting)
        applications_put_on(actor=actor, motion=motion, applications=applications)
    return motion


def _check_roll(
    meeting: Meeting, admits: Sequence[Organization], removes: Sequence[Membership]
) -> None:
    """Refuse a removal of a membership that has ended, or an admission of a unit already on
    the body's roll (a membership not ended), by the meeting's day or today, whichever is
    later."""
    day = max(timezone.localdate(), meeting.date)
    ended = [m for m in removes if m.until is not None and m.until <= day]
    if ended:
        raise ValidationError(
            {
                "removes": [
                    _("%(unit)s 的成员关系已于 %(day)s 结束，不能再除名")
                    % {"unit": m.organization, "day": m.until.isoformat()}
                    for m in ended
                ]
            }
        )
    members = (
        Membership.objects.not_ended(day)
        .filter(body_id=meeting.body_id, organization__in=list(admits))
        .values_list("organization_id", flat=True)
    )
    already = [o for o in admits if o.pk in set(members)]
    if already:
        raise ValidationError(
            {
                "admits": [
                    _("%(unit)s 已是本产教融合体的成员单位，不能再吸收") % {"unit": o}
                    for o in already
                ]
            }
        )


#: What correcting a draft motion may change; what it decides and acts on stays as it was put.
MOTION_EDITABLE = ("title", "text", "order")


def _locked_draft(motion: Motion, refused: str) -> Motion:
    """The motion's row, locked until the transaction ends (an open waits for it), refused
    with ``refused`` unless it is still a draft (待表决)."""
    locked = Motion.objects.select_for_update().filter(pk=motion.pk).first()
    if locked is None:
        raise ValidationError(_("该议案已被删除"))
    if locked.status != Motion.Status.DRAFT:
        raise ValidationError(refused)
    return locked


def motion_update(*, actor: Actor, motion: Motion, data: dict) -> Motion:
    """Correct a motion still to be voted on (待表决): its title, text and order only. Its
    decision type and what it acts on (the units it admits and their role, the memberships it
    ends, its charter, term, plan, report year and applications) stay as they were put: any
    other key is refused, naming it (delete the motion and put a new one instead). Once
    opened, the motion is what was voted on and does not change."""
    may_run(actor, motion.meeting.body)
    fixed = sorted(set(data) - set(MOTION_EDITABLE))
    if fixed:
        message = _("议案只能修改标题、内容和顺序；如需更改事项或所涉对象，请删除后重新列入议程")
        raise ValidationError({name: message for name in fixed})
    with transaction.atomic():
        _locked_draft(motion, _("该议案正在表决或已表决，不能再修改"))
        return update_object(motion, actor=actor, data=data, related=motion.meeting)


def motion_delete(*, actor: Actor, motion: Motion) -> None:
    """Take a motion put on the agenda by mistake off it, while it is a draft (待表决); the
    applications on it go back to the complete ones (材料齐全), to be put on another motion."""
    meeting = motion.meeting
    may_run(actor, meeting.body)
    with transaction.atomic():
        _locked_draft(motion, _("该议案正在表决或已表决，不能删除：表决和决议须留有记录"))
        applications_returned(actor=actor, applications=motion.applications.all(), related=meeting)
        delete_object(motion, actor=actor, related=meeting)


def motion_open(*, actor: Actor, motion: Motion) -> Motion:
    """Open the vote on a motion (and the meeting, if it was still being prepared), not before
    the meeting's day, and fix its voting roll (表决名单): the units with a vote in the meeting's
    organ on its day, now — of a meeting whose first motion opened already, those of its roll
    (:func:`~.roll.next_roll`: a unit admitted at the meeting does not vote at it). The
    motion's members, quorum and who may vote on it come from that roll until it closes: a
    unit admitted afterwards (at another meeting the same day) does not vote on it, and a unit
    removed, withdrawn or suspended afterwards stays on it (its vote cast stands, and it still
    counts among the members) — the roll is the one the vote was put to."""
    may_run(actor, motion.meeting.body)
    with transaction.atomic():
        # Locked: a concurrent open, correction or deletion waits for this one.
        _locked_draft(motion, _("该议案已表决或正在表决"))
        meeting = motion.meeting
        if meeting.date > timezone.localdate():
            raise ValidationError(
                _("会议日期（%(date)s）还没到：请在会议当天或之后开始表决，或更正会议日期")
                % {"date": f"{meeting.date:%Y-%m-%d}"}
            )
        if meeting.status == Meeting.Status.PLANNED:
            update_object(
                meeting, actor=actor, data={"status": Meeting.Status.OPEN}, related=meeting.body
            )
        roll = list(next_roll(meeting))
        opened = update_object(
            motion,
            actor=actor,
            data={"status": Motion.Status.VOTING, "opened_at": timezone.now(), "roll": roll},
            related=meeting,
        )
        notices.meeting_notice(meeting, notices.OPENED, opened)
        return opened


def _voting_motion(motion_id: int) -> Motion:
    """The motion, its row locked until the transaction ends (votes and the close queue here)."""
    return Motion.objects.select_for_update().select_related("meeting__body").get(pk=motion_id)


def vote_cast(
    *, actor: Actor, motion: Motion, choice: str, organization: Organization | None = None
) -> Vote:
    """A unit's vote, cast by its representative (a contact of the unit) or, for a unit
    represented by proxy at a meeting (委托出席), by the holder's representative — then never
    by its own. ``organization`` says which unit when the user votes for several; it must be
    on the motion's voting roll (表决名单, fixed when the vote opened) and, at a meeting,
    present or represented. One vote per unit and motion: a second one raises
    :class:`Conflict` and changes nothing."""
    own = contact_organization_ids(actor)
    if organization is None and len(own) == 1:
        organization = Organization.objects.get(pk=next(iter(own)))
    require(
        organization is not None
        and (organization.pk in own or organization.pk in proxied_ids(actor, motion.meeting)),
        VOTE_DENIED,
    )
    if choice not in Vote.Choice.values:
        raise ValidationError({"choice": _("表决意见须为赞成、反对或弃权")})
    try:
        with transaction.atomic():
            locked = _voting_motion(motion.pk)
            meeting = locked.meeting
            if locked.status != Motion.Status.VOTING:
                raise ValidationError(_("该议案不在表决中"))
            if locked.counted_on_paper:
                raise ValidationError(_("该议案已按纸质票或举手计票"))
            if meeting.deadline is not None and timezone.now() > meeting.deadline:
                raise ValidationError(_("表决已截止"))
            if organization.pk not in roll_ids(locked):
                raise ValidationError(
                    _("%(unit)s 在本次表决中没有表决权（不是该机构成员，或权利已暂停）")
                    % {"unit": organization}
                )
            check_voter(actor, meeting, organization)
            if Vote.objects.filter(motion=locked, organization=organization).exists():
                raise Conflict(_("%(unit)s 已就此议案投票，不能再投") % {"unit": organization})
            vote = Vote(motion=locked, organization=organization, choice=choice, cast_by=actor)
            vote.save()
            record_change(
                actor=actor,
                action="create",
                obj=vote,
                before=None,
                after=snapshot(vote),
                related=locked,
            )
            return vote
    except IntegrityError as exc:  # a second device won the race: the database refused it
        raise Conflict(_("%(unit)s 已就此议案投票，不能再投") % {"unit": organization}) from exc


def paper_count(*, actor: Actor, motion: Motion, yes: int, no: int, abstain: int) -> Motion:
    """Enter the totals of a paper ballot or a show of hands (the secretariat); only for a
    motion no unit has voted on online."""
    may_run(actor, motion.meeting.body)
    with transaction.atomic():
        locked = _voting_motion(motion.pk)
        if locked.status != Motion.Status.VOTING:
            raise ValidationError(_("该议案不在表决中"))
        if locked.votes.exists():
            raise ValidationError(_("已有单位在线投票，不能再录入纸质票总数"))
        if min(yes, no, abstain) < 0:
            raise ValidationError(_("票数不能为负数"))
        roll = roll_ids(locked)
        if locked.meeting.mode == Meeting.Mode.CORRESPONDENCE:
            present = len(roll)
        else:
            present = len(roll & attending_ids(locked.meeting))
        if yes + no + abstain > present:
            raise ValidationError(
                ngettext(
                    "票数合计 %(n)d 超过出席单位数 %(present)d",
                    "票数合计 %(n)d 超过出席单位数 %(present)d",
                    present,
                )
                % {"n": yes + no + abstain, "present": present}
            )
        return update_object(
            locked,
            actor=actor,
            data={"paper_yes": yes, "paper_no": no, "paper_abstain": abstain},
            related=locked.meeting,
        )


def motion_close(*, actor: Actor, motion: Motion) -> Resolution:
    """Close the vote: compute the result under the rule, record the resolution with its
    figures (published at once when its meeting's minutes are), and — when it passed — carry
    it out in the same transaction. A vote by correspondence closes once its deadline has
    passed, or before when every unit on the roll has voted. A meeting's motion closed after
    the meeting's day is decided on that day (an admitted unit is a member from it)."""
    may_run(actor, motion.meeting.body)
    with transaction.atomic():
        locked = _voting_motion(motion.pk)
        if locked.status != Motion.Status.VOTING:
            raise ValidationError(_("该议案不在表决中"))
        meeting = locked.meeting
        rule, organ = rule_for(meeting.body, locked.decision_type)
        figures = figures_now(locked)
        result = rules.outcome(rule, figures)
        now = timezone.now()
        _check_close(meeting, figures, now)
        decided_at = now
        if meeting.mode == Meeting.Mode.IN_PERSON and timezone.localdate(now) > meeting.date:
            decided_at = timezone.make_aware(datetime.datetime.combine(meeting.date, NOON))
            if timezone.localdate(locked.opened_at) == meeting.date:
                decided_at = max(decided_at, locked.opened_at)
        status = Motion.Status.PASSED if result.passed else Motion.Status.FAILED
        update_object(
            locked, actor=actor, data={"status": status, "closed_at": now}, related=locked.meeting
        )
        number = _next_number(locked.meeting.body)
        resolution = create_object(
            Resolution,
            actor=actor,
            data={
                "motion": locked,
                "number": number,
                "passed": result.passed,
                "decided_at": decided_at,
                "is_published": meeting.is_published,
                "figures": {
                    "organ": organ,
                    "members": figures.members,
                    "present": figures.present,
                    "yes": figures.yes,
                    "no": figures.no,
                    "abstain": figures.abstain,
                    "on_paper": locked.counted_on_paper,
                    "rule": {
                        "quorum": str(rule.quorum),
                        "threshold": str(rule.threshold),
                        "base": rule.base,
                        "strict": rule.strict,
                        "abstentions_count": rule.abstentions_count,
                    },
                    **result.as_dict(),
                },
            },
            related=locked.meeting,
        )
        if result.passed:
            _carry_out(actor, locked, resolution)
        applications_decided(actor=actor, motion=locked, resolution=resolution)
        return resolution


#: The time of day of a decision known only by its day (a meeting's, entered afterwards).
NOON = datetime.time(12)


def _check_close(meeting: Meeting, figures: rules.Tally, now: datetime.datetime) -> None:
    """Refuse closing a vote by correspondence before its deadline while units on the roll
    have not voted: each is to have its chance until then."""
    if meeting.mode != Meeting.Mode.CORRESPONDENCE or meeting.deadline is None:
        return
    waiting = figures.members - figures.present
    if now < meeting.deadline and waiting > 0:
        raise ValidationError(
            ngettext(
                "通讯表决截止于 %(deadline)s，还有 %(n)d 个单位未投票：请在全部单位投票后"
                "或截止后再结束表决",
                "通讯表决截止于 %(deadline)s，还有 %(n)d 个单位未投票：请在全部单位投票后"
                "或截止后再结束表决",
                waiting,
            )
            % {"deadline": f"{timezone.localtime(meeting.deadline):%Y-%m-%d %H:%M}", "n": waiting}
        )


def resolution_record(
    *, actor: Actor, motion: Motion, passed: bool, source: str, published: bool = False
) -> Resolution:
    """Record a decision known from a document (an article, old minutes) whose votes were not
    counted here: the resolution says where it is recorded and carries no figures; a passed one
    takes effect as a counted one does."""
    may_run(actor, motion.meeting.body)
    with transaction.atomic():
        locked = _voting_motion(motion.pk)
        if locked.status not in (Motion.Status.DRAFT, Motion.Status.VOTING):
            raise ValidationError(_("该议案已有决议"))
        decided_at = timezone.make_aware(datetime.datetime.combine(locked.meeting.date, NOON))
        status = Motion.Status.PASSED if passed else Motion.Status.FAILED
        update_object(
            locked,
            actor=actor,
            data={"status": status, "closed_at": decided_at},
            related=locked.meeting,
        )
        resolution = create_object(
            Resolution,
            actor=actor,
            data={
                "motion": locked,
                "number": _next_number(locked.meeting.body),
                "passed": passed,
                "decided_at": decided_at,
                "is_published": published or locked.meeting.is_published,
                "figures": {"recorded": True, "source": source, "passed": passed},
            },
            related=locked.meeting,
        )
        if passed:
            _carry_out(actor, locked, resolution)
        applications_decided(actor=actor, motion=locked, resolution=resolution)
        return resolution


def _next_number(body: Body) -> int:
    """The next resolution number of a body (第 N 号决议)."""
    last = Resolution.objects.filter(motion__meeting__body=body).aggregate(n=Max("number"))["n"]
    return (last or 0) + 1


def _carry_out(actor: Actor, motion: Motion, resolution: Resolution) -> None:
    """A passed resolution takes effect: admitted units become members, removed members get
    their end date, an adopted charter becomes current, an elected slate takes the council's
    seats (换届), an approved plan or annual report records its approval.

    It never lengthens a membership nor adds a second one: a unit that became a member after
    the motion was put (at another meeting, by an application) is not admitted again, and a
    membership ended meanwhile (退出, another removal) keeps its end; the resolution's figures
    list them under ``skipped``, so the close always completes."""
    from chanjiao.registry import services as registry

    from . import renewal

    day = timezone.localdate(resolution.decided_at)
    meeting = motion.meeting
    skipped: list[str] = []
    if motion.decision_type == DecisionType.ADMISSION:
        members = set(
            Membership.objects.not_ended(day)
            .filter(body=meeting.body)
            .values_list("organization_id", flat=True)
        )
        for organization in motion.admits.all():
            if organization.pk in members:
                skipped.append(_("%(unit)s 已是成员单位，未重复吸收") % {"unit": organization})
                continue
            registry.membership_create(
                actor=actor,
                body=meeting.body,
                organization=organization,
                role=motion.admit_role,
                term=meeting.term,
                since=day,
            )
    elif motion.decision_type == DecisionType.REMOVAL:
        reason = _("依第 %(n)d 号决议除名") % {"n": resolution.number}
        for membership in motion.removes.select_related("organization"):
            if membership.until is not None and membership.until <= day:
                skipped.append(
                    _("%(unit)s 的成员关系已于 %(day)s 结束，未再变更")
                    % {"unit": membership.organization, "day": membership.until.isoformat()}
                )
                continue
            notes = f"{membership.notes}\n{reason}".strip()
            registry.membership_update(
                actor=actor, membership=membership, data={"until": day, "notes": notes}
            )
    elif motion.decision_type == DecisionType.CHARTER and motion.charter is not None:
        registry.charter_update(
            actor=actor,
            charter=motion.charter,
            data={"adopted_on": day, "adopted_at": meeting.title},
        )
    elif motion.decision_type == DecisionType.ELECTION and motion.slate.exists():
        renewal.elect(actor=actor, motion=motion, resolution=resolution)
    elif motion.decision_type == DecisionType.PLAN and motion.plan is not None:
        renewal.approve_plan(actor=actor, motion=motion, resolution=resolution)
    elif motion.decision_type == DecisionType.ANNUAL_REPORT and motion.report_year is not None:
        renewal.approve_report(actor=actor, motion=motion, resolution=resolution)
    if skipped:
        figures = {**resolution.figures, "skipped": skipped}
        update_object(resolution, actor=actor, data={"figures": figures}, related=meeting)
