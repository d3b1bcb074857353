"""Reads of the accounts app."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from .models import ApiToken, BodyRole, Invitation, OrganizationContact
from .permissions import (
    can_manage_account,
    can_manage_users,
    is_platform_admin,
    member_organization_ids,
)


def api_token_list(*, actor) -> QuerySet[ApiToken]:
    """The actor's own API tokens, newest first (none for an anonymous visitor)."""
    if not getattr(actor, "is_authenticated", False):
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user=actor).order_by("revoked", "-created_at")


@dataclass
class BodyUser:
    """One account of a body's user list: its roles there and what the reader may do to it."""

    account: Any
    roles: list[str] = field(default_factory=list)
    organizations: list[Any] = field(default_factory=list)
    #: The reader may reset its password and end its contact roles (the account is the body's own).
    manageable: bool = False
    #: The reader may end a role of it here (a secretariat never ends the 主管部门's).
    endable: bool = False


def body_users(*, actor, body) -> list[BodyUser]:
    """The body's users (用户): its secretariat, viewers and supervisors, and the contacts of
    its current member units, by username. Empty unless the actor manages the body's users."""
    if not can_manage_users(actor, body):
        return []
    rows: dict[int, BodyUser] = {}

    def row(account) -> BodyUser:
        if account.pk not in rows:
            rows[account.pk] = BodyUser(account=account)
        return rows[account.pk]

    admin = is_platform_admin(actor)
    for role in BodyRole.objects.filter(body=body).select_related("user"):
        entry = row(role.user)
        entry.roles.append(role.get_kind_display())
        entry.endable |= admin or role.kind != BodyRole.Kind.SUPERVISOR
    members = member_organization_ids([body.pk])
    contacts = OrganizationContact.objects.filter(organization_id__in=members).select_related(
        "user", "organization"
    )
    for link in contacts:
        entry = row(link.user)
        entry.organizations.append(link.organization)
    contact_label = str(Invitation.Role.CONTACT.label)
    for entry in rows.values():
        if entry.organizations:
            entry.roles.append(contact_label)
        entry.manageable = can_manage_account(actor, entry.account, body)
        entry.endable = (entry.endable or entry.manageable or admin) and (
            entry.account.pk != actor.pk and (admin or not entry.account.is_superuser)
        )
    return sorted(rows.values(), key=lambda r: r.account.username.lower())


def invitation_list(*, actor, body) -> QuerySet[Invitation]:
    """The body's invitations, newest first (none unless the actor manages the body's users)."""
    if not can_manage_users(actor, body):
        return Invitation.objects.none()
    return Invitation.objects.filter(body=body).select_related(
        "organization", "invited_by", "accepted_by"
    )
