"""Who may touch the five golds (五金; the golds part of docs/permissions.md).

Built on :mod:`chanjiao.accounts.permissions` (roles per body, units' contacts):

- **run the programme** (create, edit, delete it; change a category's committee): the body's
  secretariat and admins;
- **see the programme and its categories**: whoever reads the body (published, or a role in
  it), the contacts of its current member units (they nominate) and the category committees'
  members (they review);
- **nominate** (申报) and change a nomination while it is a draft or returned: the contacts
  of the nominating unit (a current member of the body), the body's secretariat (for any
  current member unit) and admins;
- **review** (评审: return, recognise, not recognise) a submitted nomination: the members of
  the category's committee, the body's secretariat and admins — never a contact of the
  nominating unit (a unit does not review its own nomination);
- **read a nomination**: a recognised one (a result, 五金成果) whoever reads the body; one in
  progress (submitted, returned, not recognised) the nominating unit's contacts, the
  committee's members, the body's secretariat and admins; a draft only the unit, the
  secretariat and admins.

A committee's members are users who are the contact of a unit holding a current seat on it, or
of a unit in which a person holding a current seat has a current position: people have no
accounts of their own, and a person's record is the units' (docs/permissions.md, "Why people
are the units' and not the bodies'"), so a person's seat is exercised through the accounts of
the units the person works for.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from chanjiao.accounts.permissions import (
    contact_organization_ids,
    is_platform_admin,
    secretariat_body_ids,
    visible_body_q,
)
from chanjiao.registry.selectors import member_body_ids


def reviewer_committee_ids(user) -> frozenset[int]:
    """Committees on which the user sits (through a unit it is the contact of, or a person
    holding a position in such a unit); cached on the user."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    if not hasattr(user, "_cj_golds_committees"):
        from chanjiao.registry.models import CommitteeSeat, Position, in_force_on

        in_force = in_force_on(timezone.localdate())
        units = list(contact_organization_ids(user))
        ids: frozenset[int] = frozenset()
        if units:
            people = Position.objects.filter(in_force, organization_id__in=units).values(
                "person_id"
            )
            ids = frozenset(
                CommitteeSeat.objects.filter(in_force)
                .filter(Q(organization_id__in=units) | Q(person_id__in=people))
                .values_list("committee_id", flat=True)
            )
        user._cj_golds_committees = ids
    return user._cj_golds_committees


def visible_programme_q(user, prefix: str = "") -> Q:
    """Programmes (or rows reaching one through ``prefix``) the user may see."""
    if is_platform_admin(user):
        return Q()
    q = visible_body_q(user, f"{prefix}body__") | Q(**{f"{prefix}body__in": member_body_ids(user)})
    committees = reviewer_committee_ids(user)
    if committees:
        from .models import GoldsCategory

        seated = GoldsCategory.objects.filter(committee__in=committees).values("programme_id")
        q |= Q(**{f"{prefix}pk__in": seated})
    return q


def insider_q(user) -> Q:
    """Nominations the user may read in progress (submitted, returned, not recognised)."""
    if is_platform_admin(user):
        return Q()
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    return (
        Q(organization__in=contact_organization_ids(user))
        | Q(category__programme__body__in=secretariat_body_ids(user))
        | Q(category__committee__in=reviewer_committee_ids(user))
    )


def owner_q(user) -> Q:
    """Nominations the user may read as drafts: the unit's contacts, the secretariat."""
    if is_platform_admin(user):
        return Q()
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    return Q(organization__in=contact_organization_ids(user)) | Q(
        category__programme__body__in=secretariat_body_ids(user)
    )


def visible_nomination_q(user) -> Q:
    """Nominations the user may read (see the module docstring)."""
    if is_platform_admin(user):
        return Q()
    recognised = Q(status="recognised") & visible_body_q(user, "category__programme__body__")
    in_progress = ~Q(status="draft") & insider_q(user)
    return recognised | in_progress | owner_q(user)


def can_run_programme(user, body) -> bool:
    """Create, edit or delete a body's programme, change a category's committee."""
    body_id = getattr(body, "pk", body)
    return is_platform_admin(user) or body_id in secretariat_body_ids(user)


def can_nominate(user, *, body, organization) -> bool:
    """Nominate for ``organization`` in ``body`` (whether it is a current member is checked by
    the service): the unit's contacts, the body's secretariat, admins."""
    org_id = getattr(organization, "pk", organization)
    return can_run_programme(user, body) or org_id in contact_organization_ids(user)


def may_nominate_somewhere(user, body) -> bool:
    """Whether to offer the nomination form in ``body`` (the service decides in the end)."""
    body_id = getattr(body, "pk", body)
    return can_run_programme(user, body_id) or body_id in member_body_ids(user)


def can_edit_nomination(user, nomination) -> bool:
    return can_nominate(user, body=nomination.body_id, organization=nomination.organization_id)


def own_nomination(user, nomination) -> bool:
    """The user speaks for the nominating unit (and so may not review it)."""
    return nomination.organization_id in contact_organization_ids(user)


def can_review_category(user, category) -> bool:
    """Whether the user reviews the category's nominations (its own unit's excepted)."""
    return can_run_programme(user, category.programme.body_id) or (
        category.committee_id is not None and category.committee_id in reviewer_committee_ids(user)
    )


def can_review(user, nomination) -> bool:
    """Return, recognise or not recognise ``nomination``: the category's committee, the body's
    secretariat, admins — never for its own unit."""
    return can_review_category(user, nomination.category) and not own_nomination(user, nomination)


def reviewable_q(user) -> Q:
    """Nominations (any status) the user may review, as a filter."""
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    units = contact_organization_ids(user)
    if is_platform_admin(user):
        q = Q()
    else:
        q = Q(category__programme__body__in=secretariat_body_ids(user)) | Q(
            category__committee__in=reviewer_committee_ids(user)
        )
    return q & ~Q(organization__in=units) if units else q
