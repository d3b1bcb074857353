"""Who votes at a meeting (会议的表决名单) and who votes for whom (委托出席).

A meeting's voting units are fixed when its first motion opens: that motion's roll. A later
motion of the same meeting is put to those of them still voting on the meeting's day — a unit
removed, withdrawn or suspended at the meeting leaves, and a unit admitted at the meeting does
not join its later votes (nor its minutes' attendance) until the next meeting. Before any
motion opens, the organ's voting units on the meeting's day are the meeting's.

A unit absent from a meeting may be represented by another voting unit of it that is present
(委托出席): the holder's representative votes for it, and it votes no more itself while the
proxy stands. A holder never passes a proxy on, and is not marked absent while it holds one.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from chanjiao.accounts.permissions import contact_organization_ids
from chanjiao.core.changelog import Actor
from chanjiao.core.words import listed
from chanjiao.registry.models import Organization

from ..models import Attendance, Meeting, Motion
from .organs import voting_units


def _first_opened(meeting: Meeting) -> Motion | None:
    """The meeting's motion opened first, whose roll is the meeting's."""
    return meeting.motions.filter(opened_at__isnull=False).order_by("opened_at", "pk").first()


def meeting_roll(meeting: Meeting) -> QuerySet[Organization]:
    """The units with a vote at the meeting, by name: the roll of its first motion opened,
    else (none opened yet) the organ's voting units on the meeting's day. The meeting page's
    voters and the minutes' attendance list them."""
    first = _first_opened(meeting)
    if first is not None:
        return first.roll.order_by("name")
    return voting_units(meeting.body, meeting.organ, meeting.date)


def next_roll(meeting: Meeting) -> QuerySet[Organization]:
    """The roll a motion of the meeting opened now is put to: the organ's voting units on the
    meeting's day that were on the meeting's roll when its first motion opened (all of them
    when none has)."""
    units = voting_units(meeting.body, meeting.organ, meeting.date)
    first = _first_opened(meeting)
    if first is not None:
        units = units.filter(pk__in=first.roll.values("pk"))
    return units


def meeting_voters(meeting: Meeting) -> list[Organization]:
    """The units listed as the meeting's voters, by name: its roll, then any unit on the roll
    of a motion of it still voting that is not (:func:`attendance_voter_ids`)."""
    voters = list(meeting_roll(meeting))
    more = _still_voting_ids(meeting) - {unit.pk for unit in voters}
    return voters + list(Organization.objects.filter(pk__in=more).order_by("name"))


def attendance_voter_ids(meeting: Meeting) -> set[int]:
    """The units whose attendance may be recorded: the meeting's roll, and every unit on the
    roll of a motion of it still voting (a unit that withdrew while the vote runs is still on
    it, and may still be marked absent)."""
    return set(meeting_roll(meeting).values_list("pk", flat=True)) | _still_voting_ids(meeting)


def _still_voting_ids(meeting: Meeting) -> set[int]:
    """The units on the roll of a motion of the meeting still voting."""
    return set(
        Motion.roll.through.objects.filter(
            motion__meeting=meeting, motion__status=Motion.Status.VOTING
        ).values_list("organization_id", flat=True)
    )


def check_proxy(
    meeting: Meeting, organization: Organization, status: str, proxy: Organization | None
) -> None:
    """Refuse an attendance that would break the proxy rules: a proxy names a holder marked
    present (so never one that gave its own proxy: no chains), and a unit holding proxies
    stays present until its principals' attendance is changed."""
    if status == Attendance.Status.PROXY and proxy is not None:
        holder = Attendance.objects.filter(meeting=meeting, organization=proxy).first()
        if holder is None or holder.status != Attendance.Status.PRESENT:
            raise ValidationError(
                {
                    "proxy": _(
                        "受托单位 %(unit)s 未登记为出席：请先将其登记为出席，或选择一家已出席的单位"
                    )
                    % {"unit": proxy}
                }
            )
    if status != Attendance.Status.PRESENT:
        principals = [
            a.organization.name
            for a in Attendance.objects.filter(
                meeting=meeting, status=Attendance.Status.PROXY, proxy=organization
            ).select_related("organization")
        ]
        if principals:
            raise ValidationError(
                {
                    "status": _(
                        "%(unit)s 受 %(principals)s 委托出席，须保持出席：请先更改委托单位的"
                        "出席情况"
                    )
                    % {"unit": organization, "principals": listed(principals)}
                }
            )


def proxied_ids(actor: Actor, meeting: Meeting) -> set[int]:
    """The units whose proxy at the meeting a unit the actor represents holds: the actor votes
    for them."""
    own = contact_organization_ids(actor)
    if not own or meeting.mode != Meeting.Mode.IN_PERSON:
        return set()
    return set(
        Attendance.objects.filter(
            meeting=meeting, status=Attendance.Status.PROXY, proxy_id__in=own
        ).values_list("organization_id", flat=True)
    )


def check_voter(actor: Actor, meeting: Meeting, organization: Organization) -> None:
    """At a meeting, refuse a vote for a unit not present, and one by the unit's own
    representative while its proxy stands (the holder's representative votes for it)."""
    if meeting.mode != Meeting.Mode.IN_PERSON:
        return
    record = Attendance.objects.filter(meeting=meeting, organization=organization).first()
    if record is None or not record.takes_part:
        raise ValidationError(_("%(unit)s 未登记出席本次会议") % {"unit": organization})
    if record.status == Attendance.Status.PROXY and record.proxy_id not in contact_organization_ids(
        actor
    ):
        raise ValidationError(
            _("%(unit)s 已委托 %(holder)s 出席：由 %(holder)s 的代表代为表决")
            % {"unit": organization, "holder": record.proxy}
        )
