"""The rules of a body's decisions (表决规则) and who votes in each organ on a day."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chanjiao.accounts.permissions import can_edit_body, require
from chanjiao.core.changelog import (
    Actor,
    create_object,
    given,
    update_object,
)
from chanjiao.registry.models import Body, Charter, Membership, Organization

from .. import rules
from ..models import (
    ORGAN_ROLES,
    WEIGHTY_TYPES,
    Attendance,
    DecisionRule,
    DecisionType,
    Meeting,
    Motion,
    Organ,
    Sanction,
)

RUN_DENIED = gettext_lazy("只有该产教融合体的秘书处或平台管理员可以组织会议和表决")
VOTE_DENIED = gettext_lazy("只有有表决权单位的联系人（代表）可以为本单位投票")


def may_run(actor: Actor, body: Body) -> None:
    """Refuse (403) unless the actor is the body's secretariat or an admin."""
    require(can_edit_body(actor, body), RUN_DENIED)


def current_charter(body: Body) -> Charter | None:
    """The charter in force: the one adopted last (a version not yet adopted only when none is)."""
    return body.charters.order_by(F("adopted_on").desc(nulls_last=True), "-id").first()


def default_rule(decision_type: str) -> tuple[rules.Rule, str]:
    """The common rule when the charter states none: the 会员大会 adopts the charter and elects
    the council, the 理事会 decides the rest."""
    assembly = (DecisionType.CHARTER, DecisionType.ELECTION)
    organ = Organ.GENERAL_ASSEMBLY if decision_type in assembly else Organ.COUNCIL
    weighty = decision_type in WEIGHTY_TYPES
    return (rules.WEIGHTY if weighty else rules.ORDINARY), organ


def rule_for(body: Body, decision_type: str) -> tuple[rules.Rule, str]:
    """The rule and the organ of a decision type in a body: the current charter's, else the
    body's rule stated without a charter, else the default."""
    charter = current_charter(body)
    stated = DecisionRule.objects.filter(body=body, decision_type=decision_type)
    rule = (stated.filter(charter=charter).first() if charter else None) or stated.filter(
        charter=None
    ).first()
    if rule is None:
        return default_rule(decision_type)
    return rule.as_rule(), rule.organ


def decision_rule_set(
    *,
    actor: Actor,
    body: Body,
    decision_type: str,
    organ: str,
    quorum_numerator: int = 2,
    quorum_denominator: int = 3,
    threshold_numerator: int = 1,
    threshold_denominator: int = 2,
    base: str = rules.PRESENT,
    strict: bool = True,
    abstentions_count: bool = True,
    correspondence: bool = False,
    charter: Charter | None = None,
) -> DecisionRule:
    """State (or restate) the rule of a decision type, for a charter or without one: the
    quorum (``quorum_numerator``/``quorum_denominator`` of the members with a vote) and the
    threshold (``threshold_numerator``/``threshold_denominator`` of the base) as fractions."""
    data = given(locals(), "body", "decision_type", "charter")
    require(can_edit_body(actor, body), RUN_DENIED)
    if charter is not None and charter.body_id != body.pk:
        raise ValidationError({"charter": _("只能选择本产教融合体的章程")})
    existing = DecisionRule.objects.filter(
        body=body, charter=charter, decision_type=decision_type
    ).first()
    if existing is not None:
        return update_object(existing, actor=actor, data=data, related=body)
    data.update(body=body, charter=charter, decision_type=decision_type)
    return create_object(DecisionRule, actor=actor, data=data, related=body)


def suspended_ids(body: Body, day: datetime.date) -> set[int]:
    """The units whose rights in the body are suspended (暂停权利) on ``day``."""
    return set(
        Sanction.objects.filter(
            Q(until__isnull=True) | Q(until__gte=day),
            membership__body=body,
            kind=Sanction.Kind.SUSPENSION,
            since__lte=day,
        ).values_list("membership__organization_id", flat=True)
    )


def voting_units(body: Body, organ: str, day: datetime.date) -> QuerySet[Organization]:
    """The units with a vote in ``organ`` on ``day``: members in force then, in one of the
    organ's roles, whose rights are not suspended."""
    members = Membership.objects.current(day).filter(body=body)
    roles = ORGAN_ROLES[organ]
    if roles is not None:
        members = members.filter(role__in=roles)
    return (
        Organization.objects.filter(pk__in=members.values("organization_id"))
        .exclude(pk__in=suspended_ids(body, day))
        .order_by("name")
    )


def roll_ids(motion: Motion) -> set[int]:
    """The ids of the units on a motion's voting roll (表决名单): fixed when it was opened
    (``voting.motion_open``); a draft's (or one opened before rolls were kept) is its
    meeting's voting units now."""
    if motion.opened_at is not None:
        return set(motion.roll.values_list("pk", flat=True))
    meeting = motion.meeting
    return set(voting_units(meeting.body, meeting.organ, meeting.date).values_list("pk", flat=True))


def attending_ids(meeting: Meeting) -> set[int]:
    """The units present or represented by proxy at a meeting."""
    return set(
        meeting.attendance.filter(
            status__in=(Attendance.Status.PRESENT, Attendance.Status.PROXY)
        ).values_list("organization_id", flat=True)
    )
