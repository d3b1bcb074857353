"""Every governance read, scoped to the reader.

A body's meetings, their motions and votes are read by its secretariat, its supervising
department, admins, and the contacts of its current member units (the representatives who
vote). Resolutions are the same, and a published resolution of a published body is public.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy

from chanjiao.accounts.models import OrganizationContact
from chanjiao.accounts.permissions import (
    contact_organization_ids,
    is_platform_admin,
    role_body_ids,
    secretariat_body_ids,
)
from chanjiao.accounts.privacy import redacted
from chanjiao.core.words import listed
from chanjiao.registry.models import ROLE_ORDER, Body, Membership, Organization, Term
from chanjiao.registry.selectors import member_body_ids, visible_bodies

from . import rules
from .models import (
    ORGAN_ROLES,
    Application,
    Attendance,
    DecisionRule,
    DecisionType,
    Meeting,
    Motion,
    Organ,
    Resolution,
    Sanction,
    Withdrawal,
)
from .services.organs import current_charter, default_rule, suspended_ids


def governed_body_ids(actor) -> set[int] | None:
    """The bodies whose meetings the actor reads (None: every body, for an admin)."""
    if is_platform_admin(actor):
        return None
    return set(role_body_ids(actor)) | member_body_ids(actor)


def meeting_list(*, actor, body: int | None = None) -> QuerySet[Meeting]:
    """The meetings of the bodies the actor reads (:func:`governed_body_ids`), and those with
    a motion still voting on whose roll is a unit the actor represents: a unit that withdrew
    or was suspended while the vote runs still reads it and votes (its roll was fixed when
    the vote opened)."""
    qs = Meeting.objects.select_related("body", "term")
    ids = governed_body_ids(actor)
    if ids is not None:
        own = contact_organization_ids(actor)
        on_roll = Motion.objects.filter(status=Motion.Status.VOTING, roll__in=own)
        qs = qs.filter(Q(body_id__in=ids) | Q(pk__in=on_roll.values("meeting_id")))
    return qs.filter(body_id=body) if body else qs


def motion_list(*, actor, meeting: int | None = None) -> QuerySet[Motion]:
    qs = Motion.objects.select_related("meeting__body", "charter").filter(
        meeting__in=meeting_list(actor=actor)
    )
    return qs.filter(meeting_id=meeting) if meeting else qs


def resolution_list(*, actor, body: int | None = None) -> QuerySet[Resolution]:
    """Resolutions of the meetings the actor reads, and published ones of published bodies."""
    qs = Resolution.objects.select_related("motion__meeting__body")
    ids = governed_body_ids(actor)
    if ids is not None:
        qs = qs.filter(
            Q(motion__meeting__body_id__in=ids)
            | Q(is_published=True, motion__meeting__body__in=visible_bodies(actor))
        )
    return qs.filter(motion__meeting__body_id=body) if body else qs


def rule_list(*, actor, body: int | None = None) -> QuerySet[DecisionRule]:
    """The decision rules of the bodies the actor may see (a charter's rules are public)."""
    qs = DecisionRule.objects.select_related("body", "charter").filter(
        body__in=visible_bodies(actor)
    )
    return qs.filter(body_id=body) if body else qs


def represented_units(
    actor, voters: Iterable[Organization], attendance: dict[int, Attendance]
) -> list[Organization]:
    """The units among a meeting's ``voters`` the actor votes for: those they represent (as
    their contact) — unless the unit gave its proxy (委托出席) to a unit the actor does not
    represent — and those whose proxy a unit of theirs holds. ``attendance``: the meeting's
    attendance records by unit id."""
    own = contact_organization_ids(actor)
    units = []
    for unit in voters:
        record = attendance.get(unit.pk)
        if record is not None and record.status == Attendance.Status.PROXY:
            if record.proxy_id in own:
                units.append(unit)
        elif unit.pk in own:
            units.append(unit)
    return units


def application_list(*, actor, body: int | None = None, status: str = "") -> QuerySet[Application]:
    """Applications to join, for the secretariats of the bodies applied to and admins only
    (they carry the applicant's contact)."""
    qs = Application.objects.select_related("body", "motion__meeting", "organization")
    if not is_platform_admin(actor):
        qs = qs.filter(body_id__in=secretariat_body_ids(actor))
    if body:
        qs = qs.filter(body_id=body)
    if status:
        qs = qs.filter(status=status)
    return redacted(qs, actor)


def may_read_minutes(actor, meeting: Meeting) -> bool:
    """The minutes of a meeting are read by the body's secretariat, supervising department and
    viewers and by admins; the members' representatives read them once they are published."""
    return (
        meeting.is_published or is_platform_admin(actor) or meeting.body_id in role_body_ids(actor)
    )


@dataclass
class TermSeats:
    """One term of a body's council (届) and the council seats held in it, each a membership
    with its role, since and until; ``term`` is None for seats of no known term."""

    term: Term | None
    seats: list[Membership] = field(default_factory=list)


def council_history(body: Body) -> list[TermSeats]:
    """Who held which council seat when (换届历史): the body's terms, latest first, each with
    its seats by role and date. A seat recorded without a term goes with the term that was
    running when it began (by the term's dates), else last, under no term. The caller checks
    that the reader may see the body; seats are public where the body is."""
    terms = list(body.terms.order_by("-number"))
    groups = {term.pk: TermSeats(term=term) for term in terms}
    loose = TermSeats(term=None)
    seats = Membership.objects.filter(
        body=body, role__in=ORGAN_ROLES[Organ.COUNCIL]
    ).select_related("organization", "term")
    for seat in seats:
        if seat.term_id is not None:
            groups[seat.term_id].seats.append(seat)
            continue
        running = next(
            (
                term
                for term in terms
                if seat.since is not None
                and term.starts_on is not None
                and term.starts_on <= seat.since
                and (term.ends_on is None or seat.since <= term.ends_on)
            ),
            None,
        )
        (groups[running.pk] if running else loose).seats.append(seat)
    history = [*groups.values(), *([loose] if loose.seats else [])]
    for group in history:
        group.seats.sort(
            key=lambda m: (
                ROLE_ORDER.get(m.role, 99),
                m.since or timezone.localdate(m.created_at),
                m.organization_name,
            )
        )
    return history


# --- the membership lifecycle (成员变动与处分) and the rules in force (表决规则) --------------


MEMBERS_DENIED = gettext_lazy(
    "只有该产教融合体的秘书处、主管部门、查看者和成员单位可以查看成员变动与处分"
)


def may_read_members(actor, body: Body) -> bool:
    """Whether the actor reads the body's membership events and sanctions: those who read its
    meetings (its secretariat, supervising department, viewers, member units' contacts, admins)."""
    ids = governed_body_ids(actor)
    return ids is None or body.pk in ids


#: What happened to a membership, as the history names it.
MEMBER_EVENTS = {
    "joined": gettext_lazy("加入"),
    "withdrew": gettext_lazy("书面通知退出"),
    "removed": gettext_lazy("依决议除名"),
    "ended": gettext_lazy("成员关系结束"),
    "sanctioned": gettext_lazy("处分"),
}
#: On one day, what happened first: a unit joins, is sanctioned, then leaves.
_DAY_ORDER = {"joined": 0, "sanctioned": 1, "ended": 2, "removed": 2, "withdrew": 2}


@dataclass
class MemberEvent:
    """One event of a body's membership (成员变动): a unit joined in a role (with the admitting
    resolution when a passed admission admitted it that day), left by written notice (退出),
    was removed by a resolution (除名), its membership ended otherwise, or was sanctioned
    (处分: kind, since, until, reason). ``suspended``: the unit's rights are suspended today."""

    kind: str
    on: datetime.date | None
    organization: Organization
    membership: Membership | None = None
    roles: list[str] = field(default_factory=list)
    resolution: Resolution | None = None
    withdrawal: Withdrawal | None = None
    sanction: Sanction | None = None
    suspended: bool = False

    @property
    def kind_label(self) -> str:
        return str(MEMBER_EVENTS[self.kind])

    @property
    def role_label(self) -> str:
        return listed(self.roles)

    @property
    def sanction_running(self) -> bool:
        """A sanction still in force, or yet to start (one the secretariat may end early)."""
        s = self.sanction
        return s is not None and (s.until is None or s.until >= timezone.localdate())

    @property
    def reason(self) -> str:
        if self.sanction is not None:
            return self.sanction.reason
        return self.withdrawal.reason if self.withdrawal is not None else ""


def member_history(*, actor, body: Body) -> list[MemberEvent]:
    """The body's membership events, newest first (undated ones last), for those who read its
    meetings (an empty list for anyone else). A fixed number of queries whatever the number of
    members: the memberships, the withdrawals, the passed admissions and removals, the
    sanctions, and who is suspended today."""
    if not may_read_members(actor, body):
        return []
    today = timezone.localdate()
    suspended = suspended_ids(body, today)
    memberships = list(
        Membership.objects.filter(body=body).select_related("organization").order_by("id")
    )
    withdrawals = list(
        Withdrawal.objects.filter(body=body).select_related("organization").order_by("id")
    )
    passed = Resolution.objects.filter(motion__meeting__body=body, passed=True)
    resolutions = {
        r.pk: r
        for r in passed.filter(
            motion__decision_type__in=(DecisionType.ADMISSION, DecisionType.REMOVAL)
        )
    }
    # Which resolution admitted which unit in which role, and which removed which membership.
    admitted: dict[tuple[int, str, datetime.date], Resolution] = {}
    removed: dict[int, Resolution] = {}
    for organization_id, role, resolution_id in Motion.admits.through.objects.filter(
        motion__resolution__in=list(resolutions),
        motion__decision_type=DecisionType.ADMISSION,
    ).values_list("organization_id", "motion__admit_role", "motion__resolution"):
        resolution = resolutions[resolution_id]
        day = timezone.localdate(resolution.decided_at)
        admitted[(organization_id, role, day)] = resolution
    for membership_id, resolution_id in Motion.removes.through.objects.filter(
        motion__resolution__in=list(resolutions),
        motion__decision_type=DecisionType.REMOVAL,
    ).values_list("membership_id", "motion__resolution"):
        removed[membership_id] = resolutions[resolution_id]
    sanctions = Sanction.objects.filter(membership__body=body).select_related(
        "membership__organization", "resolution"
    )

    def flagged(org: Organization) -> bool:
        return org.pk in suspended

    events: list[MemberEvent] = []
    by_notice = {(w.organization_id, w.effective_on): w for w in withdrawals}
    ended_by_notice: dict[int, list[str]] = {}
    for m in memberships:
        role = m.get_role_display()
        events.append(
            MemberEvent(
                kind="joined",
                on=m.since,
                organization=m.organization,
                membership=m,
                roles=[role],
                resolution=admitted.get((m.organization_id, m.role, m.since)),
                suspended=flagged(m.organization),
            )
        )
        if m.until is None:
            continue
        notice = by_notice.get((m.organization_id, m.until))
        if notice is not None:
            ended_by_notice.setdefault(notice.pk, []).append(role)
            continue
        kind = "removed" if m.pk in removed else "ended"
        events.append(
            MemberEvent(
                kind=kind,
                on=m.until,
                organization=m.organization,
                membership=m,
                roles=[role],
                resolution=removed.get(m.pk),
                suspended=flagged(m.organization),
            )
        )
    for w in withdrawals:
        events.append(
            MemberEvent(
                kind="withdrew",
                on=w.effective_on,
                organization=w.organization,
                roles=ended_by_notice.get(w.pk, []),
                withdrawal=w,
                suspended=flagged(w.organization),
            )
        )
    for s in sanctions:
        org = s.membership.organization
        events.append(
            MemberEvent(
                kind="sanctioned",
                on=s.since,
                organization=org,
                membership=s.membership,
                roles=[s.membership.get_role_display()],
                resolution=s.resolution,
                sanction=s,
                suspended=flagged(org),
            )
        )
    events.sort(
        key=lambda e: (e.on is not None, e.on or datetime.date.min, _DAY_ORDER[e.kind]),
        reverse=True,
    )
    return events


def sanction_list(*, actor, body: int | None = None) -> QuerySet[Sanction]:
    """Sanctions (处分) of the bodies whose meetings the actor reads; their reasons are internal
    (nobody else reads them)."""
    qs = Sanction.objects.select_related(
        "membership__organization", "membership__body", "resolution"
    ).order_by("-since", "-id")
    ids = governed_body_ids(actor)
    if ids is not None:
        qs = qs.filter(membership__body_id__in=ids)
    return qs.filter(membership__body_id=body) if body else qs


#: Where the rule in force comes from.
RULE_SOURCES = {
    "charter": gettext_lazy("章程规定"),
    "stated": gettext_lazy("未附章程的规则"),
    "default": gettext_lazy("默认规则"),
}


@dataclass
class RuleInForce:
    """The rule of one decision type in a body as :func:`~.services.rule_for` applies it: the
    organ, the rule, and where it comes from — the current charter's (``charter``), stated
    without a charter (``stated``) or the default (``default``)."""

    decision_type: str
    organ: str
    rule: rules.Rule
    source: str
    stated: DecisionRule | None = None

    @property
    def decision_type_label(self) -> str:
        return str(DecisionType(self.decision_type).label)

    @property
    def organ_label(self) -> str:
        return str(Organ(self.organ).label)

    @property
    def source_label(self) -> str:
        return str(RULE_SOURCES[self.source])

    @property
    def base_label(self) -> str:
        return str(DecisionRule.Base(self.rule.base).label)


def rules_in_force(body: Body) -> list[RuleInForce]:
    """For every decision type, the rule in force in the body (as ``rule_for`` finds it), in
    two queries. The caller checks that the reader may see the body; a charter's rules are
    public where the body is."""
    charter = current_charter(body)
    stated = {
        (r.charter_id, r.decision_type): r
        for r in DecisionRule.objects.filter(body=body).filter(
            Q(charter__isnull=True) | Q(charter=charter)
        )
    }
    out = []
    for decision_type in DecisionType.values:
        rule = (stated.get((charter.pk, decision_type)) if charter else None) or stated.get(
            (None, decision_type)
        )
        if rule is None:
            default, organ = default_rule(decision_type)
            out.append(RuleInForce(decision_type, organ, default, "default"))
            continue
        source = "charter" if rule.charter_id is not None else "stated"
        out.append(RuleInForce(decision_type, rule.organ, rule.as_rule(), source, rule))
    return out


def units_without_contact(units) -> set[int]:
    """The ids of ``units`` no active user represents (no one can vote for them online yet)."""
    represented = OrganizationContact.objects.filter(
        organization__in=units, user__is_active=True
    ).values_list("organization_id", flat=True)
    return {unit.pk for unit in units} - set(represented)
