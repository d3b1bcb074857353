"""Council renewal (换届) and the other decisions that act on another domain's record: an
election's slate (候选单位名单), the hand-over of the council's seats when it passes, and the
approval of a development plan or an annual report.

An election names the term it fills (第N届理事会) and its slate: each line a current member
unit and the council role it is to hold. When the election passes, in the same transaction as
the close, every council seat of the body ends on the day of the decision and the slate's units
take theirs in the new term from that day; a unit that held a seat and is not on the slate stays
in the body as a plain member (成员单位); an initiator (牵头发起单位) keeps its membership. The
seats are memberships of the registry, written by its services, so the body's history and the
change log show who held what, when.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from chanjiao.core.changelog import Actor, create_object, delete_object, update_object
from chanjiao.registry import services as registry
from chanjiao.registry.models import Body, Membership, Organization, Role, Term
from chanjiao.reports.plan_services import plan_approve
from chanjiao.reports.services import report_approve

from ..models import ORGAN_ROLES, Candidate, DecisionType, Meeting, Motion, Organ, Resolution
from .organs import may_run
from .voting import motion_create

#: The council seats (理事会) an election hands over and a slate may assign: every council role
#: but the initiators' (牵头发起单位), who founded the body and are not elected: their
#: memberships outlast every election.
COUNCIL_ROLES: tuple[str, ...] = tuple(r for r in ORGAN_ROLES[Organ.COUNCIL] if r != Role.INITIATOR)

#: One line of a slate: the unit and the council role it is to hold.
SlateLine = tuple[Organization, str]


# --- the slate (候选单位名单) -----------------------------------------------------------------


def _checked_slate(body: Body, slate: Iterable[SlateLine], day: datetime.date) -> list[SlateLine]:
    """The slate, if every line is a current member unit in a council role, no unit is named
    twice and at most one is the chair unit; else every problem at once, under ``slate``."""
    lines = [(organization, role) for organization, role in slate]
    if not lines:
        raise ValidationError({"slate": _("候选单位名单不能为空")})
    members = set(body.memberships.current(day).values_list("organization_id", flat=True))
    errors: list[str] = []
    seen: set[int] = set()
    for organization, role in lines:
        if role not in COUNCIL_ROLES:
            label = Role(role).label if role in Role.values else role
            errors.append(
                _("%(unit)s：“%(role)s”不是理事会的角色")
                % {"unit": organization.name, "role": label}
            )
        if organization.pk in seen:
            errors.append(_("%(unit)s 在名单中出现了不止一次") % {"unit": organization.name})
        seen.add(organization.pk)
        if organization.pk not in members:
            errors.append(
                _("%(unit)s 不是本产教融合体的现任成员单位，不能列入候选单位名单")
                % {"unit": organization.name}
            )
    if sum(role == Role.CHAIR for _organization, role in lines) > 1:
        errors.append(_("名单中只能有一个理事长单位"))
    if errors:
        raise ValidationError({"slate": errors})
    return lines


def _write_slate(actor: Actor, motion: Motion, lines: Sequence[SlateLine]) -> None:
    """Make the motion's candidates the slate's lines: lines gone are deleted, a changed role
    updated, new lines added (an unchanged line writes nothing)."""
    existing = {c.organization_id: c for c in motion.slate.all()}
    wanted = {organization.pk: (organization, role) for organization, role in lines}
    for organization_id, candidate in existing.items():
        if organization_id not in wanted:
            delete_object(candidate, actor=actor, related=motion.meeting)
    for organization_id, (organization, role) in wanted.items():
        candidate = existing.get(organization_id)
        if candidate is None:
            create_object(
                Candidate,
                actor=actor,
                data={"motion": motion, "organization": organization, "role": role},
                related=motion.meeting,
            )
        elif candidate.role != role:
            update_object(candidate, actor=actor, data={"role": role}, related=motion.meeting)


def _term_for(body: Body, number: int) -> Term | None:
    """The term ``number`` of the body if one may still be filled by an election (none yet:
    None); refused when it already has members or an election not failed, or a later term
    has members."""
    if number < 1:
        raise ValidationError({"number": _("届次须为正整数")})
    later = (
        body.terms.filter(number__gt=number, memberships__isnull=False).order_by("-number").first()
    )
    if later is not None:
        raise ValidationError(
            {"number": _("已有第 %(n)d 届的成员，新的届次须大于它") % {"n": later.number}}
        )
    term = body.terms.filter(number=number).first()
    if term is None:
        return None
    elected = Motion.objects.filter(term=term, decision_type=DecisionType.ELECTION).exclude(
        status=Motion.Status.FAILED
    )
    if term.memberships.exists() or elected.exists():
        raise ValidationError(
            {"number": _("第 %(n)d 届已有成员或选举议案，请填写新的届次") % {"n": number}}
        )
    return term


def election_prepare(
    *,
    actor: Actor,
    meeting: Meeting,
    number: int,
    starts_on: datetime.date | None,
    ends_on: datetime.date | None = None,
    slate: Sequence[SlateLine],
    title: str | None = None,
    text: str = "",
) -> Motion:
    """Put the election of the ``number``-th council (换届选举) on a meeting's agenda: the term
    (created when the body has none of that number yet) and the slate, each line a current
    member unit and its council role (at most one 理事长单位). The meeting's organ must be the
    one that elects under the body's rules."""
    body = meeting.body
    may_run(actor, body)
    if meeting.status == Meeting.Status.CLOSED:
        raise ValidationError({"meeting": _("会议已结束，不能再列入议案")})
    lines = _checked_slate(body, slate, meeting.date)
    term = _term_for(body, number)
    if title is None or not title.strip():
        title = _("关于选举第%(n)d届理事会的议案") % {"n": number}
    with transaction.atomic():
        if term is None:
            term = registry.term_create(
                actor=actor, body=body, number=number, starts_on=starts_on, ends_on=ends_on
            )
        else:
            dates = {"starts_on": starts_on or term.starts_on, "ends_on": ends_on or term.ends_on}
            term = registry.term_update(actor=actor, term=term, data=dates)
        motion = motion_create(
            actor=actor,
            meeting=meeting,
            decision_type=DecisionType.ELECTION,
            title=title,
            text=text,
            term=term,
        )
        _write_slate(actor, motion, lines)
    return motion


def slate_set(*, actor: Actor, motion: Motion, slate: Sequence[SlateLine]) -> Motion:
    """Replace the slate of an election not yet put to the vote. While the vote runs, the only
    change is striking off units that are no longer current members (退出, 除名): the others
    keep their lines and roles, and the votes cast stand."""
    meeting = motion.meeting
    may_run(actor, meeting.body)
    if motion.decision_type != DecisionType.ELECTION:
        raise ValidationError({"slate": _("只有选举议案有候选单位名单")})
    lines = _checked_slate(meeting.body, slate, meeting.date)
    with transaction.atomic():
        locked = Motion.objects.select_for_update().select_related("meeting").get(pk=motion.pk)
        if locked.status == Motion.Status.VOTING:
            _only_departed_struck(locked, lines)
        elif locked.status != Motion.Status.DRAFT:
            raise ValidationError(_("该议案已表决或正在表决，候选单位名单不能再修改"))
        _write_slate(actor, locked, lines)
    return locked


def _only_departed_struck(motion: Motion, lines: Sequence[SlateLine]) -> None:
    """Refuse a change to the slate of an election being voted on, unless it only strikes off
    units that are no longer current members of the body."""
    existing = {c.organization_id: c for c in motion.slate.select_related("organization")}
    if any(existing.get(o.pk) is None or existing[o.pk].role != role for o, role in lines):
        raise ValidationError(
            {"slate": _("表决已开始，候选单位名单不能再修改：只能移除已不是成员单位的单位")}
        )
    members = set(
        motion.meeting.body.memberships.current(timezone.localdate()).values_list(
            "organization_id", flat=True
        )
    )
    kept = {o.pk for o, _role in lines}
    staying = [
        c.organization.name for unit, c in existing.items() if unit not in kept and unit in members
    ]
    if staying:
        raise ValidationError(
            {
                "slate": _("%(units)s 仍是现任成员单位，表决开始后不能从候选单位名单中移除")
                % {"units": "、".join(staying)}
            }
        )


# --- the effects of passed resolutions -----------------------------------------------------


def _end(actor: Actor, membership: Membership, day: datetime.date, reason: str) -> None:
    notes = f"{membership.notes}\n{reason}".strip()
    registry.membership_update(
        actor=actor, membership=membership, data={"until": day, "notes": notes}
    )


def _begin(
    actor: Actor,
    body: Body,
    organization: Organization,
    role: str,
    day: datetime.date,
    notes: str,
    term: Term | None = None,
) -> None:
    registry.membership_create(
        actor=actor,
        body=body,
        organization=organization,
        role=role,
        term=term,
        since=day,
        notes=notes,
    )


def _term_on(body: Body, day: datetime.date) -> Term | None:
    """The body's term running on ``day`` (the latest, when dates are missing)."""
    return (
        body.terms.filter(
            Q(starts_on__isnull=True) | Q(starts_on__lte=day),
            Q(ends_on__isnull=True) | Q(ends_on__gte=day),
        )
        .order_by("-number")
        .first()
    )


def elect(*, actor: Actor, motion: Motion, resolution: Resolution) -> None:
    """A passed election takes effect on the day of the decision (换届).

    With a term: every current council seat of the body ends that day (its notes say by which
    resolution), each unit of the slate takes its role in the new term from that day (leaving
    a plain membership it held), and a unit that held a seat and is not on the slate stays a
    plain member. The previous term ends the day before and the new one starts that day, when
    their dates are not known yet. A unit of the slate that is no longer a current member that
    day (退出, 除名 while the vote ran) cannot take a seat: the close is refused naming it (the
    whole close rolls back), and the secretariat strikes it off the slate (:func:`slate_set`)
    and closes again. Without a term (an election of leaders only) the slate's
    units take their roles within the term running, the others keep their seats; a chair unit
    replaced keeps a seat as 理事单位."""
    slate = list(motion.slate.select_related("organization"))
    if not slate:
        return
    body = motion.meeting.body
    day = timezone.localdate(resolution.decided_at)
    members = set(body.memberships.current(day).values_list("organization_id", flat=True))
    # Decided on the meeting's day (a late close): a unit that has left since is not seated.
    today = timezone.localdate()
    members &= set(body.memberships.not_ended(today).values_list("organization_id", flat=True))
    gone = [c.organization.name for c in slate if c.organization_id not in members]
    if gone:
        raise ValidationError(
            {
                "slate": _(
                    "%(units)s 已不是本产教融合体的现任成员单位，不能当选："
                    "请先将其从候选单位名单中移除，再结束表决"
                )
                % {"units": "、".join(gone)}
            }
        )
    handed_over = _("依第 %(n)d 号决议换届") % {"n": resolution.number}
    elected = _("依第 %(n)d 号决议当选") % {"n": resolution.number}
    if motion.term is None:
        _elect_leaders(actor, motion, slate, day, handed_over, elected)
        return
    term = motion.term
    on_slate = {c.organization_id for c in slate}
    seats = list(
        body.memberships.current(day)
        .filter(role__in=COUNCIL_ROLES)
        .select_related("organization", "term")
    )
    plain = body.memberships.current(day).filter(role=Role.MEMBER, organization_id__in=on_slate)
    # End before creating: the new seats must not meet the old ones in a unique constraint.
    for membership in [*seats, *plain]:
        _end(actor, membership, day, handed_over)
    for candidate in slate:
        _begin(actor, body, candidate.organization, candidate.role, day, elected, term)
    dropped = {
        m.organization_id: m.organization for m in seats if m.organization_id not in on_slate
    }
    # Still in the body (a plain member, an initiator): no plain membership to add.
    still_members = set(
        body.memberships.current(day)
        .filter(organization_id__in=dropped)
        .values_list("organization_id", flat=True)
    )
    for organization_id, organization in dropped.items():
        if organization_id not in still_members:
            _begin(actor, body, organization, Role.MEMBER, day, handed_over)
    _date_terms(actor, body, term, seats, day)


def _date_terms(
    actor: Actor, body: Body, term: Term, seats: list[Membership], day: datetime.date
) -> None:
    """The terms before ``term`` end the day before ``day``, and ``term`` starts on it, where
    their dates are not recorded yet."""
    before = day - datetime.timedelta(days=1)
    earlier = {m.term_id: m.term for m in seats if m.term_id and m.term_id != term.pk}
    previous = body.terms.filter(number__lt=term.number).order_by("-number").first()
    if previous is not None:
        earlier.setdefault(previous.pk, previous)
    for old in earlier.values():
        if old.ends_on is None and (old.starts_on is None or old.starts_on <= before):
            registry.term_update(actor=actor, term=old, data={"ends_on": before})
    term.refresh_from_db()
    if term.starts_on is None and (term.ends_on is None or term.ends_on >= day):
        registry.term_update(actor=actor, term=term, data={"starts_on": day})


def _elect_leaders(
    actor: Actor,
    motion: Motion,
    slate: list[Candidate],
    day: datetime.date,
    handed_over: str,
    elected: str,
) -> None:
    """An election without a term: the slate's units change roles within the running term."""
    meeting = motion.meeting
    body = meeting.body
    term = meeting.term or _term_on(body, day)
    on_slate = {c.organization_id for c in slate}
    seats = list(
        body.memberships.current(day)
        .filter(role__in=COUNCIL_ROLES)
        .select_related("organization", "term")
    )
    # A chair unit replaced first (one chair per term): it keeps a seat as 理事单位.
    if any(c.role == Role.CHAIR for c in slate):
        for seat in [
            s for s in seats if s.role == Role.CHAIR and s.organization_id not in on_slate
        ]:
            _end(actor, seat, day, handed_over)
            seats.remove(seat)
            if not any(s.organization_id == seat.organization_id for s in seats):
                _begin(
                    actor,
                    body,
                    seat.organization,
                    Role.DIRECTOR,
                    day,
                    handed_over,
                    seat.term or term,
                )
    for candidate in slate:
        held = [s for s in seats if s.organization_id == candidate.organization_id]
        if any(s.role == candidate.role for s in held):
            continue  # re-elected to the seat it holds
        plain = body.memberships.current(day).filter(
            role=Role.MEMBER, organization_id=candidate.organization_id
        )
        for membership in [*held, *plain]:
            _end(actor, membership, day, handed_over)
        _begin(actor, body, candidate.organization, candidate.role, day, elected, term)


def approve_plan(*, actor: Actor, motion: Motion, resolution: Resolution) -> None:
    """A passed plan motion: the plan records the day and the meeting that approved it."""
    plan_approve(
        actor=actor,
        plan=motion.plan,
        approved_on=timezone.localdate(resolution.decided_at),
        approved_at=motion.meeting.title,
    )


def approve_report(*, actor: Actor, motion: Motion, resolution: Resolution) -> None:
    """A passed annual-report motion: the body's report of that year records its approval."""
    report_approve(
        actor=actor,
        body=motion.meeting.body,
        year=motion.report_year,
        approved_on=timezone.localdate(resolution.decided_at),
        approved_at=motion.meeting.title,
    )
