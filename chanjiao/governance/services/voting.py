"""Motions (议案), votes, paper totals, and closing a motion into a resolution (决议) that
takes effect in the same transaction."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

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

from .. import rules
from ..models import (
    Application,
    Attendance,
    DecisionType,
    Meeting,
    Motion,
    Organ,
    Resolution,
    Vote,
)
from .applications import applications_decided, applications_put_on
from .meetings import applications_returned
from .organs import VOTE_DENIED, may_run, rule_for, voting_units


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
    """Open the vote on a motion (and the meeting, if it was still being prepared) and fix its
    voting roll (表决名单): the units with a vote in the meeting's organ on its day, now. The
    motion's members, quorum and who may vote on it come from that roll until it closes: a
    unit admitted afterwards (at another meeting the same day) does not vote on it, and a unit
    removed, withdrawn or suspended afterwards stays on it (its vote cast stands, and it still
    counts among the members) — the roll is the one the vote was put to."""
    may_run(actor, motion.meeting.body)
    with transaction.atomic():
        # Locked: a concurrent open, correction or deletion waits for this one.
        _locked_draft(motion, _("该议案已表决或正在表决"))
        meeting = motion.meeting
        if meeting.status == Meeting.Status.PLANNED:
            update_object(
                meeting, actor=actor, data={"status": Meeting.Status.OPEN}, related=meeting.body
            )
        roll = list(voting_units(meeting.body, meeting.organ, meeting.date))
        return update_object(
            motion,
            actor=actor,
            data={"status": Motion.Status.VOTING, "opened_at": timezone.now(), "roll": roll},
            related=meeting,
        )


def _voting_motion(motion_id: int) -> Motion:
    """The motion, its row locked until the transaction ends (votes and the close queue here)."""
    return Motion.objects.select_for_update().select_related("meeting__body").get(pk=motion_id)


def vote_cast(
    *, actor: Actor, motion: Motion, choice: str, organization: Organization | None = None
) -> Vote:
    """A unit's vote, cast by its representative (a contact of the unit). ``organization``
    says which unit when the user represents several; it must be on the motion's voting roll
    (表决名单, fixed when the vote opened) and, at a meeting, present or represented. One vote
    per unit and motion: a second one raises :class:`Conflict` and changes nothing."""
    own = contact_organization_ids(actor)
    if organization is None and len(own) == 1:
        organization = Organization.objects.get(pk=next(iter(own)))
    require(organization is not None and organization.pk in own, VOTE_DENIED)
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
            if (
                meeting.mode == Meeting.Mode.IN_PERSON
                and not meeting.attendance.filter(
                    organization=organization,
                    status__in=(Attendance.Status.PRESENT, Attendance.Status.PROXY),
                ).exists()
            ):
                raise ValidationError(_("%(unit)s 未登记出席本次会议") % {"unit": organization})
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
            present = len(roll & _attending(locked.meeting))
        if yes + no + abstain > present:
            raise ValidationError(
                _("票数合计 %(n)d 超过出席单位数 %(present)d")
                % {"n": yes + no + abstain, "present": present}
            )
        return update_object(
            locked,
            actor=actor,
            data={"paper_yes": yes, "paper_no": no, "paper_abstain": abstain},
            related=locked.meeting,
        )


def roll_ids(motion: Motion) -> set[int]:
    """The ids of the units on a motion's voting roll (表决名单): fixed when it was opened
    (:func:`motion_open`); a draft's (or one opened before rolls were kept) is its meeting's
    voting units now."""
    if motion.opened_at is not None:
        return set(motion.roll.values_list("pk", flat=True))
    meeting = motion.meeting
    return set(voting_units(meeting.body, meeting.organ, meeting.date).values_list("pk", flat=True))


def _attending(meeting: Meeting) -> set[int]:
    """The units present or represented by proxy at a meeting."""
    return set(
        meeting.attendance.filter(
            status__in=(Attendance.Status.PRESENT, Attendance.Status.PROXY)
        ).values_list("organization_id", flat=True)
    )


def _tally(
    motion: Motion,
    *,
    roll: set[int] | None = None,
    attending: set[int] | None = None,
    ballots: Sequence[tuple[int, str]] | None = None,
    **paper: int,
) -> rules.Tally:
    """The figures of a motion now: the units on its roll, those of them taking part (present
    or by proxy at a meeting; by correspondence, those whose ballot is in), and the votes of
    those taking part (online, or the paper totals). ``roll``, ``attending`` and ``ballots``
    (unit id, choice) are given when they were read already.

    Never raises: a ballot of a unit no longer taking part (or not on the roll) is left out,
    and paper totals entered within those taking part count as taking part themselves."""
    meeting = motion.meeting
    if roll is None:
        roll = roll_ids(motion)
    if ballots is None:
        ballots = list(motion.votes.values_list("organization_id", "choice"))
    correspondence = meeting.mode == Meeting.Mode.CORRESPONDENCE
    if correspondence:
        taking = {unit for unit, _choice in ballots if unit in roll}
    else:
        taking = roll & (_attending(meeting) if attending is None else attending)
    votes = {c: 0 for c in Vote.Choice.values}
    if paper or motion.counted_on_paper:
        votes.update(
            yes=paper.get("yes", motion.paper_yes or 0),
            no=paper.get("no", motion.paper_no or 0),
            abstain=paper.get("abstain", motion.paper_abstain or 0),
        )
    else:
        for unit, choice in ballots:
            if unit in taking and choice in votes:
                votes[choice] += 1
    cast = sum(votes.values())
    present = max(len(taking), cast)
    return rules.Tally(
        members=max(len(roll), present),
        present=present,
        yes=votes["yes"],
        no=votes["no"],
        abstain=votes["abstain"],
    )


def _decided(motion: Motion, resolution: dict | None) -> tuple[rules.Tally, rules.Outcome] | None:
    """The figures a decided motion's resolution stored when it was closed (None when it has
    none: a decision recorded from a document, or a motion still open)."""
    figures = (resolution or {}).get("figures")
    if motion.status not in (Motion.Status.PASSED, Motion.Status.FAILED):
        return None
    if not isinstance(figures, dict) or "members" not in figures:
        return None
    try:
        counts = {k: int(figures.get(k) or 0) for k in ("members", "present", "yes", "no")}
        counts["abstain"] = int(figures.get("abstain") or 0)
        stored = rules.Tally(**counts)
    except (TypeError, ValueError):  # rules.RuleError is a ValueError
        return None
    outcome = rules.Outcome(
        quorum_reached=bool(figures.get("quorum_reached")),
        quorum_needed=int(figures.get("quorum_needed") or 0),
        base=int(figures.get("base") or 0),
        needed=int(figures.get("needed") or 0),
        passed=bool(resolution["passed"]),
    )
    return stored, outcome


def tally(motion: Motion) -> tuple[rules.Tally, rules.Outcome]:
    """The tally of a motion and what the rule says of it: live while it is open (on its
    roll), the figures its resolution recorded once it is decided."""
    return tallies([motion])[motion.pk]


def tallies(motions: Sequence[Motion]) -> dict[int, tuple[rules.Tally, rules.Outcome]]:
    """:func:`tally` of each motion, by its id, reading the resolutions, the rolls, each
    meeting's attendance, each decision type's rule and all the online votes once (a meeting
    page shows every motion)."""
    ids = [m.pk for m in motions]
    ballots: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for motion_id, unit, choice in Vote.objects.filter(motion__in=ids).values_list(
        "motion_id", "organization_id", "choice"
    ):
        ballots[motion_id].append((unit, choice))
    rolls: dict[int, set[int]] = defaultdict(set)
    for motion_id, unit in Motion.roll.through.objects.filter(motion__in=ids).values_list(
        "motion_id", "organization_id"
    ):
        rolls[motion_id].add(unit)
    resolutions = {
        r["motion_id"]: r
        for r in Resolution.objects.filter(motion__in=ids).values("motion_id", "passed", "figures")
    }
    attending: dict[int, set[int]] = {}
    live: dict[int, set[int]] = {}
    rule_of: dict[tuple[int, str], rules.Rule] = {}
    result = {}
    for motion in motions:
        decided = _decided(motion, resolutions.get(motion.pk))
        if decided is not None:
            result[motion.pk] = decided
            continue
        meeting = motion.meeting
        if meeting.pk not in attending:
            attending[meeting.pk] = _attending(meeting)
        if motion.opened_at is not None:
            roll = rolls[motion.pk]
        else:
            if meeting.pk not in live:
                live[meeting.pk] = roll_ids(motion)
            roll = live[meeting.pk]
        key = (meeting.body_id, motion.decision_type)
        if key not in rule_of:
            rule_of[key] = rule_for(meeting.body, motion.decision_type)[0]
        figures = _tally(
            motion, roll=roll, attending=attending[meeting.pk], ballots=ballots[motion.pk]
        )
        result[motion.pk] = (figures, rules.outcome(rule_of[key], figures))
    return result


def motion_close(*, actor: Actor, motion: Motion) -> Resolution:
    """Close the vote: compute the result under the rule, record the resolution with its
    figures, and — when it passed — carry it out in the same transaction."""
    may_run(actor, motion.meeting.body)
    with transaction.atomic():
        locked = _voting_motion(motion.pk)
        if locked.status != Motion.Status.VOTING:
            raise ValidationError(_("该议案不在表决中"))
        rule, organ = rule_for(locked.meeting.body, locked.decision_type)
        figures = _tally(locked)
        result = rules.outcome(rule, figures)
        now = timezone.now()
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
                "decided_at": now,
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
        decided_at = timezone.make_aware(
            datetime.datetime.combine(locked.meeting.date, datetime.time(12))
        )
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
                "is_published": published,
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
