"""Who may do what (权限). Services call these; selectors use the *_ids helpers to scope reads.

- Anonymous visitors read published bodies, their members and events.
- A platform admin (superuser) may do everything.
- A body's secretariat (秘书处) edits that body's memberships, terms, committees, charters,
  events and agreements, and nothing of other bodies; it may register new organisations.
- A member unit's contact (联系人) edits its own organisation's record and its people.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


def is_platform_admin(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_superuser)


def _cached(user, attr: str, compute) -> frozenset[int]:
    # Cached on the user object: one query per request, not one per check.
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    if not hasattr(user, attr):
        setattr(user, attr, frozenset(compute()))
    return getattr(user, attr)


def secretariat_body_ids(user) -> frozenset[int]:
    """Ids of the bodies whose secretariat the user belongs to."""
    from .models import BodyRole

    return _cached(
        user,
        "_cj_secretariat_body_ids",
        lambda: BodyRole.objects.filter(user=user, kind=BodyRole.Kind.SECRETARIAT).values_list(
            "body_id", flat=True
        ),
    )


def role_body_ids(user) -> frozenset[int]:
    """Ids of the bodies in which the user holds any role (may see them unpublished)."""
    from .models import BodyRole

    return _cached(
        user,
        "_cj_role_body_ids",
        lambda: BodyRole.objects.filter(user=user).values_list("body_id", flat=True),
    )


def contact_organization_ids(user) -> frozenset[int]:
    """Ids of the organisations the user is the contact of."""
    from .models import OrganizationContact

    return _cached(
        user,
        "_cj_contact_org_ids",
        lambda: OrganizationContact.objects.filter(user=user).values_list(
            "organization_id", flat=True
        ),
    )


def require(allowed: bool, message: str | None = None) -> None:
    """Raise PermissionDenied with a message that says what is missing."""
    if not allowed:
        raise PermissionDenied(message or _("您没有执行此操作的权限 / you may not do this"))


def can_edit_body(user, body) -> bool:
    """Secretariat of the body, or an admin."""
    return is_platform_admin(user) or (body is not None and body.pk in secretariat_body_ids(user))


def can_create_organization(user) -> bool:
    """Admins and any secretariat may register a new organisation (e.g. a new member unit)."""
    return is_platform_admin(user) or bool(secretariat_body_ids(user))


def can_edit_organization(user, organization) -> bool:
    """The organisation's own contact, or an admin."""
    return is_platform_admin(user) or organization.pk in contact_organization_ids(user)


def can_edit_person(user, person) -> bool:
    """Admins, any secretariat, and contacts of an organisation the person holds a post in."""
    if is_platform_admin(user) or secretariat_body_ids(user):
        return True
    orgs = contact_organization_ids(user)
    return bool(orgs) and person.positions.filter(organization_id__in=orgs).exists()


def can_create_person(user) -> bool:
    return (
        is_platform_admin(user)
        or bool(secretariat_body_ids(user))
        or bool(contact_organization_ids(user))
    )


def can_edit_event(user, event, body_ids=None) -> bool:
    """Secretariat of any body that holds the event, or an admin.

    ``body_ids`` are the holding bodies to check (for an event not saved yet).
    """
    if is_platform_admin(user):
        return True
    ids = set(body_ids) if body_ids is not None else set(event.bodies.values_list("pk", flat=True))
    return bool(ids & secretariat_body_ids(user))


def can_edit_cooperation(user, body_id: int | None) -> bool:
    """Agreements and carriers are edited by the secretariat of the body they are filed under."""
    return is_platform_admin(user) or (
        body_id is not None and body_id in secretariat_body_ids(user)
    )


def can_ingest(user) -> bool:
    """Admins and secretariats turn news articles into records (新闻入库) and review them."""
    return is_platform_admin(user) or bool(secretariat_body_ids(user))
