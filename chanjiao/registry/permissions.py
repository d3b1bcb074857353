"""Who may edit people (人员): the rule of :mod:`chanjiao.accounts.permissions` ("People"), read
from the units that hold a person's positions — registry data, so the check lives here."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType

from chanjiao.accounts.models import BodyRole
from chanjiao.accounts.permissions import (
    can_edit_organization,
    is_platform_admin,
    secretariat_body_ids,
    with_contact_flag,
)
from chanjiao.core.models import ObjectChange

from .models import Organization


def _registered_by_us(user, person) -> bool:
    """The user, or a colleague in one of its secretariats, registered ``person``."""
    creators = set(
        ObjectChange.objects.filter(
            content_type=ContentType.objects.get_for_model(type(person)),
            object_id=person.pk,
            action=ObjectChange.Action.CREATE,
            actor__isnull=False,
        ).values_list("actor_id", flat=True)
    )
    if not creators:
        return False
    if user.pk in creators:
        return True
    bodies = secretariat_body_ids(user)
    return (
        bool(bodies)
        and BodyRole.objects.filter(
            user_id__in=creators, body_id__in=bodies, kind=BodyRole.Kind.SECRETARIAT
        ).exists()
    )


def can_edit_person(user, person) -> bool:
    """See :mod:`chanjiao.accounts.permissions` ("People"): the units holding the person's positions (their
    contacts, or a secretariat that may still correct them); while no such unit has a contact,
    the person's registrant and its secretariat colleagues; admins."""
    if is_platform_admin(user):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    orgs = list(with_contact_flag(Organization.objects.filter(positions__person=person).distinct()))
    if any(can_edit_organization(user, org) for org in orgs):
        return True
    if any(org.has_contact for org in orgs):
        return False  # taken over by a unit that speaks for itself
    return _registered_by_us(user, person)
