"""Who may touch shared resources and bookings (the sharing part of docs/permissions.md).

Built on :mod:`chanjiao.accounts.permissions` (roles per body, units' contacts):

- **see a resource**: whoever reads its body (published, or a role in it), the contacts of the
  body's current member units (they book it, even while the body is unpublished), the owner's
  contacts, and — for a resource open to the members of every body its owner is in — the
  contacts of those bodies' member units;
- **offer and edit a resource** (创建、编辑): the owner unit's contacts and the body's
  secretariat (admins everything); the owner must be a current member of the body;
- **book** (预约): a unit's contact for its unit, by the resource's audience — the body's
  member units, the member units of any body the owner is in, or any signed-in user (who may
  then book without a unit); admins for any unit in the audience;
- **decide** (确认/拒绝), mark **used** or **no-show**: the owner's contacts and the body's
  secretariat;
- **cancel**: the requesting unit's contacts (or its requester) and those who decide;
- **see a booking** (unit, purpose, who asked): those who decide, the body's role holders
  (secretariat, supervisor, viewer), the requesting unit's contacts and the requester; others
  see only that a slot is taken;
- **usage figures** of a body (使用统计): its secretariat, its supervising department, admins.
"""

from __future__ import annotations

from django.db.models import Q

from chanjiao.accounts.permissions import (
    contact_organization_ids,
    is_platform_admin,
    role_body_ids,
    secretariat_body_ids,
    supervised_body_ids,
    visible_body_q,
)
from chanjiao.registry.selectors import member_body_ids, unit_body_ids


def _current_members(body_ids):
    """The current memberships of these bodies (a subquery, never a list in memory)."""
    from chanjiao.registry.models import Membership

    return Membership.objects.current().filter(body_id__in=list(body_ids))


def visible_resource_q(user) -> Q:
    """The resources ``user`` may see (see the module docstring)."""
    if is_platform_admin(user):
        return Q()
    q = visible_body_q(user, "body__")
    units = contact_organization_ids(user)
    if units:
        bodies = member_body_ids(user)
        q |= Q(owner__in=units) | Q(body__in=bodies)
        if bodies:
            # Owners that share a body with one of the user's units.
            neighbours = _current_members(bodies).values("organization_id")
            q |= Q(audience="owner_bodies", owner__in=neighbours)
    return q


def can_create_resource(user) -> bool:
    """Whether the user may offer resources at all (the create page): admins, secretariats,
    and contacts of a unit that is a current member of some body."""
    return (
        is_platform_admin(user) or bool(secretariat_body_ids(user)) or bool(member_body_ids(user))
    )


def can_offer(user, *, owner, body) -> bool:
    """May offer a resource of ``owner`` in ``body``: the owner's contact or the body's
    secretariat (the owner being a member of the body is checked by the service)."""
    if is_platform_admin(user):
        return True
    owner_id, body_id = getattr(owner, "pk", owner), getattr(body, "pk", body)
    return owner_id in contact_organization_ids(user) or body_id in secretariat_body_ids(user)


def can_manage(user, resource) -> bool:
    """Edit the resource, decide its bookings, mark them used or no-show."""
    return can_offer(user, owner=resource.owner_id, body=resource.body_id)


def audience_body_ids(resource) -> set[int] | None:
    """The bodies whose current member units may book ``resource``: its body, or every body
    its owner is a member of; ``None`` for a resource open to every signed-in user."""
    from .models import Resource

    if resource.audience == Resource.Audience.PUBLIC:
        return None
    bodies = {resource.body_id}
    if resource.audience == Resource.Audience.OWNER_BODIES:
        bodies |= unit_body_ids([resource.owner_id])
    return bodies


def audience_units_q(resource, prefix: str = "") -> Q:
    """Organisations (or rows reaching one through ``prefix``) in the resource's audience."""
    bodies = audience_body_ids(resource)
    if bodies is None:
        return Q()
    return Q(**{f"{prefix}pk__in": _current_members(bodies).values("organization_id")})


def in_audience(resource, organization) -> bool:
    """Whether ``organization`` may be booked for under the resource's audience."""
    bodies = audience_body_ids(resource)
    org_id = getattr(organization, "pk", organization)
    return bodies is None or _current_members(bodies).filter(organization_id=org_id).exists()


def bookable_units(user, resource) -> set[int]:
    """Ids of the units ``user`` (as their contact) may book ``resource`` for."""
    units = set(contact_organization_ids(user))
    if not units:
        return set()
    bodies = audience_body_ids(resource)
    if bodies is None:
        return units
    members = _current_members(bodies).filter(organization_id__in=units)
    return set(members.values_list("organization_id", flat=True))


def may_see_booking_details(user, booking) -> bool:
    """The unit, purpose and requester of a booking (not just "taken")."""
    if is_platform_admin(user):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    resource = booking.resource
    return (
        can_manage(user, resource)
        or resource.body_id in role_body_ids(user)
        or booking.organization_id in contact_organization_ids(user)
        or booking.requested_by_id == user.pk
    )


def visible_booking_q(user) -> Q:
    """The bookings whose details ``user`` may see, as a filter."""
    if is_platform_admin(user):
        return Q()
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    units = contact_organization_ids(user)
    return (
        Q(resource__owner__in=units)
        | Q(resource__body__in=role_body_ids(user))
        | Q(organization__in=units)
        | Q(requested_by=user)
    )


def booking_rows(user, scope):
    """The bookings whose rows ``user`` reads in a resource's history: those whose details the
    user sees (:func:`visible_booking_q`); the others' unit, purpose and reasons stay hidden
    there as on the calendar."""
    from .models import Booking

    return True if is_platform_admin(user) else Booking.objects.filter(visible_booking_q(user))


def can_cancel(user, booking) -> bool:
    """The requesting unit's contacts, the requester, and those who decide."""
    return (
        can_manage(user, booking.resource)
        or booking.organization_id in contact_organization_ids(user)
        or (booking.requested_by_id is not None and booking.requested_by_id == user.pk)
    )


def can_read_usage(user, body) -> bool:
    """A body's usage figures: its secretariat, its supervising department, admins."""
    body_id = getattr(body, "pk", body)
    return (
        is_platform_admin(user)
        or body_id in secretariat_body_ids(user)
        or body_id in supervised_body_ids(user)
    )


def can_read_unit_calendar(user, organization) -> bool:
    """A unit's calendar and its feed address: the unit's contacts and admins."""
    org_id = getattr(organization, "pk", organization)
    return is_platform_admin(user) or org_id in contact_organization_ids(user)
