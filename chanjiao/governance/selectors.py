"""Every governance read, scoped to the reader.

A body's meetings, their motions and votes are read by its secretariat, its supervising
department, admins, and the contacts of its current member units (the representatives who
vote). Resolutions are the same, and a published resolution of a published body is public.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from chanjiao.accounts.permissions import (
    contact_organization_ids,
    is_platform_admin,
    role_body_ids,
)
from chanjiao.registry.models import Membership, Organization
from chanjiao.registry.selectors import visible_bodies

from .models import DecisionRule, Meeting, Motion, Resolution
from .services.organs import voting_units


def member_body_ids(actor) -> set[int]:
    """The bodies in which one of the actor's units is a current member."""
    units = contact_organization_ids(actor)
    if not units:
        return set()
    return set(
        Membership.objects.filter(organization_id__in=units, until__isnull=True).values_list(
            "body_id", flat=True
        )
    )


def governed_body_ids(actor) -> set[int] | None:
    """The bodies whose meetings the actor reads (None: every body, for an admin)."""
    if is_platform_admin(actor):
        return None
    return set(role_body_ids(actor)) | member_body_ids(actor)


def meeting_list(*, actor, body: int | None = None) -> QuerySet[Meeting]:
    qs = Meeting.objects.select_related("body", "term")
    ids = governed_body_ids(actor)
    if ids is not None:
        qs = qs.filter(body_id__in=ids)
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


def represented_units(actor, meeting: Meeting) -> list[Organization]:
    """The units the actor represents (as their contact) that have a vote in this meeting."""
    own = contact_organization_ids(actor)
    if not own:
        return []
    units = voting_units(meeting.body, meeting.organ, meeting.date)
    return list(units.filter(pk__in=own))
