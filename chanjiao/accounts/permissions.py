"""Who may touch what (权限): the one rule, written once. Services call the ``can_*`` checks and
raise :class:`~django.core.exceptions.PermissionDenied` through :func:`require` with a message
that says why; selectors use :func:`visible_body_q` (events:
:func:`chanjiao.events.visibility.visible_event_q`) and the ``*_ids``
helpers to scope reads; forms offer only what the services accept. docs/permissions.md has the
same rule as a table, and ``core/tests/test_permission_matrix.py`` proves it for every write of
the API and every page that writes.

Actors
------
- **Anonymous** (and a signed-in user with no role): reads published bodies, their members and
  the events of published bodies. Writes nothing.
- **Platform admin** (平台管理员, a superuser): everything.
- **Secretariat** (秘书处, ``BodyRole`` kind ``secretariat``) of a body:

  * writes only under its own body: the body's record, terms, memberships, committees, declared
    counts, charters, match runs, placements; agreements, carriers, cohorts and postings filed
    under it;
  * events: holds only events whose holding bodies are all bodies it runs (co-holding with
    another body needs that body's secretariat — in practice an admin lists both); edits events
    held by a body it runs, and may not add or remove bodies it does not run;
  * links only its own body's events: an agreement's or carrier's event and ceremony must be
    held by the body it is filed under, a carrier's agreement must be filed under that body;
  * registers organisations; a unit it registered (``Organization.registered_by_body``) it may
    correct until the unit's own contact takes it over (the unit has an
    ``OrganizationContact``);
  * reads its body unpublished; nothing of another body beyond what is public;
  * manages (resets the password of, ends the contact roles of) only the accounts that are its
    body's own — none that reaches another body, such as the contact of a unit that is also on
    another body's roll (:func:`account_outside_body`) — and invites contacts only for such
    units (:func:`can_invite_contact`); the others are an admin's.
- **Supervisor** (主管部门, kind ``supervisor``) and **viewer** (查看者, kind ``viewer``): read
  the body unpublished (its events too); write nothing.
- **Member contact** (成员单位联系人, ``OrganizationContact``): edits its own unit's record and its
  own people; files cohorts and postings of its unit only under bodies the unit is a current
  member of (or under no body).

People (人员)
------------
A person's record (rename, delete, positions) is edited by the units that hold its positions,
taken literally: the contacts of the units in which the person holds or held a position — and a
secretariat, for such a unit it may still correct (registered it, no contact yet). A person who
holds no position in a unit that has a contact may also be edited by whoever registered the
person (the change log's creation row) and by that user's colleagues in a secretariat: this lets
a secretariat or contact register a person and then add the positions, without letting anyone
edit people that belong to someone else. A new position needs both the right to edit the person
and the right to speak for the unit: a unit the actor may edit, or — for a secretariat — a
current member unit of a body it runs (a speaker from a member school at its event). Admins
edit everyone.

Other bodies' secretariats are deliberately not given people: people are the units' data, not a
body's. (The check reads people's positions, so it lives with them:
:func:`chanjiao.registry.permissions.can_edit_person`.)
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from . import directory


def is_platform_admin(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_superuser)


def cached_on_user(user, attr: str, compute) -> frozenset[int]:
    """``compute()`` as a frozenset, kept on the user object under ``attr``: one query per
    request, not one per check (nothing for an anonymous reader)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    if not hasattr(user, attr):
        setattr(user, attr, frozenset(compute()))
    return getattr(user, attr)


def _pk(value) -> int | None:
    return getattr(value, "pk", value)


def _body_roles(user) -> tuple[tuple[int, str], ...]:
    # Every (body, kind) role of the user, read once per request for all the checks below.
    from .models import BodyRole

    if not getattr(user, "is_authenticated", False):
        return ()
    if not hasattr(user, "_cj_body_roles"):
        user._cj_body_roles = tuple(
            BodyRole.objects.filter(user=user).values_list("body_id", "kind")
        )
    return user._cj_body_roles


def secretariat_body_ids(user) -> frozenset[int]:
    """Ids of the bodies whose secretariat the user belongs to."""
    from .models import BodyRole

    return cached_on_user(
        user,
        "_cj_secretariat_body_ids",
        lambda: (b for b, kind in _body_roles(user) if kind == BodyRole.Kind.SECRETARIAT),
    )


def supervised_body_ids(user) -> frozenset[int]:
    """Ids of the bodies the user's department supervises (主管部门): those it holds the
    supervisor role in, and every body registered in a region it oversees
    (:class:`~chanjiao.accounts.models.SupervisedRegion`, sub-regions included)."""
    from .models import BodyRole, SupervisedRegion

    def compute():
        ids = {b for b, kind in _body_roles(user) if kind == BodyRole.Kind.SUPERVISOR}
        regions = SupervisedRegion.objects.filter(user=user)
        prefixes = [r.prefix for r in regions]
        return ids | (directory.bodies_in_regions(prefixes) if prefixes else set())

    return cached_on_user(user, "_cj_supervised_body_ids", compute)


def role_body_ids(user) -> frozenset[int]:
    """Ids of the bodies in which the user holds any role (secretariat, viewer, supervisor,
    or a region's supervising department): the bodies it may read unpublished."""
    return cached_on_user(
        user,
        "_cj_role_body_ids",
        lambda: {b for b, _kind in _body_roles(user)} | supervised_body_ids(user),
    )


def contact_organization_ids(user) -> frozenset[int]:
    """Ids of the organisations the user is the contact of."""
    from .models import OrganizationContact

    return cached_on_user(
        user,
        "_cj_contact_org_ids",
        lambda: OrganizationContact.objects.filter(user=user).values_list(
            "organization_id", flat=True
        ),
    )


def require(allowed: bool, message: str | None = None) -> None:
    """Raise PermissionDenied with a message that says what is missing."""
    if not allowed:
        raise PermissionDenied(message or _("您没有执行此操作的权限"))


# --- reads ------------------------------------------------------------------------------


def visible_body_q(user, prefix: str = "") -> Q:
    """Rows (bodies, or rows reaching a body through ``prefix``) the user may read: published
    bodies and the bodies it holds a role in. Admins: everything (an empty ``Q``)."""
    if is_platform_admin(user):
        return Q()
    return Q(**{f"{prefix}is_published": True}) | Q(**{f"{prefix}pk__in": role_body_ids(user)})


def can_read_body(user, body) -> bool:
    """Published, or the user holds a role in it, or an admin."""
    return bool(is_platform_admin(user) or body.is_published or body.pk in role_body_ids(user))


# --- bodies -----------------------------------------------------------------------------


def can_edit_body(user, body) -> bool:
    """Secretariat of the body, or an admin."""
    return is_platform_admin(user) or (body is not None and _pk(body) in secretariat_body_ids(user))


def can_watch_import(user, job) -> bool:
    """An import job's progress: the user who uploaded it, its body's secretariat, admins."""
    return job.created_by_id == user.pk or can_edit_body(user, job.body)


# --- organisations ----------------------------------------------------------------------


def can_create_organization(user) -> bool:
    """Admins and any secretariat may register a new organisation (e.g. a new member unit)."""
    return is_platform_admin(user) or bool(secretariat_body_ids(user))


def can_edit_organization(user, organization) -> bool:
    """The organisation's own contact; the secretariat of the body that registered it while the
    unit has no contact of its own; an admin."""
    if is_platform_admin(user) or organization.pk in contact_organization_ids(user):
        return True
    return (
        organization.registered_by_body_id is not None
        and organization.registered_by_body_id in secretariat_body_ids(user)
        and not has_contact(organization)
    )


def has_contact(organization) -> bool:
    """Whether a contact speaks for the unit (read with the unit when a list annotated
    ``has_contact``: :func:`with_contact_flag`)."""
    known = getattr(organization, "has_contact", None)
    return organization.contacts.exists() if known is None else known


def with_contact_flag(organizations: QuerySet) -> QuerySet:
    """The units, each with ``has_contact`` read in the same query."""
    from .models import OrganizationContact

    return organizations.annotate(
        has_contact=Exists(OrganizationContact.objects.filter(organization=OuterRef("pk")))
    )


def member_organization_ids(body_ids: Iterable[int]) -> set[int]:
    """Ids of the current member units of these bodies (the registry answers:
    :mod:`chanjiao.accounts.directory`)."""
    return directory.member_organization_ids(body_ids)


def can_speak_for_organization(user, organization) -> bool:
    """May record a position held in ``organization``: a unit the user may edit, or (for a
    secretariat) a current member unit of a body it runs."""
    if can_edit_organization(user, organization):
        return True
    bodies = secretariat_body_ids(user)
    return bool(bodies) and organization.pk in member_organization_ids(bodies)


# --- people -----------------------------------------------------------------------------


def can_create_person(user) -> bool:
    return (
        is_platform_admin(user)
        or bool(secretariat_body_ids(user))
        or bool(contact_organization_ids(user))
    )


# --- events -----------------------------------------------------------------------------


def can_hold_event(user, body_ids: Iterable[int]) -> bool:
    """May list exactly these bodies as an event's holders: admins any (or none); a
    secretariat only bodies it runs, at least one."""
    ids = set(body_ids)
    if is_platform_admin(user):
        return True
    return bool(ids) and ids <= secretariat_body_ids(user)


def can_edit_event(user, event, body_ids=None) -> bool:
    """Secretariat of any body that holds the event, or an admin.

    ``body_ids`` are the holding bodies to check (for an event not saved yet).
    """
    if is_platform_admin(user):
        return True
    ids = set(body_ids) if body_ids is not None else set(event.bodies.values_list("pk", flat=True))
    return bool(ids & secretariat_body_ids(user))


def can_change_event_bodies(user, old_ids: Iterable[int], new_ids: Iterable[int]) -> bool:
    """Changing an event's holders: a secretariat may add or remove only bodies it runs, and the
    event keeps at least one holder."""
    if is_platform_admin(user):
        return True
    old, new = set(old_ids), set(new_ids)
    return bool(new) and (old ^ new) <= secretariat_body_ids(user)


def event_held_by(event, body) -> bool:
    """Whether ``body`` holds ``event`` (the link an agreement, carrier or ceremony needs)."""
    return body is not None and event.bodies.filter(pk=_pk(body)).exists()


# --- cooperation, talent, ingest --------------------------------------------------------


def can_edit_cooperation(user, body_id: int | None) -> bool:
    """Agreements and carriers are edited by the secretariat of the body they are filed under."""
    return is_platform_admin(user) or (
        body_id is not None and body_id in secretariat_body_ids(user)
    )


def can_file_under_body(user, *, organization, body) -> bool:
    """A unit's contact files the unit's cohorts and postings only under a body the unit is a
    current member of (or under none). Secretariats and admins are checked elsewhere."""
    body_id = _pk(body)
    if body_id is None or is_platform_admin(user) or body_id in secretariat_body_ids(user):
        return True
    return _pk(organization) in member_organization_ids([body_id])


def can_ingest(user) -> bool:
    """Admins and secretariats turn news articles into records (新闻入库) and review them."""
    return is_platform_admin(user) or bool(secretariat_body_ids(user))


def can_manage_users(user, body) -> bool:
    """用户管理: a body's secretariat (and admins) invite, list and deactivate the body's users."""
    return can_edit_body(user, body)


def units_in_other_bodies(organization_ids: Iterable[int], body) -> set[int]:
    """Those of these units that are on the roll of a body other than ``body``: a membership
    in force or still to come (a unit admitted from next month will act there then).

    The registry's ``Membership`` is read by its label, not imported: accounts sits below the
    registry (the registry's answers otherwise come through :mod:`.directory`)."""
    from django.apps import apps

    ids = list(organization_ids)
    if not ids:
        return set()
    membership = apps.get_model("registry", "Membership")
    return set(
        membership.objects.not_ended()
        .filter(organization_id__in=ids)
        .exclude(body_id=_pk(body))
        .values_list("organization_id", flat=True)
    )


def account_outside_body(account, body) -> str | None:
    """Why ``account`` is not one of ``body``'s own users (a sentence), or None when it is.

    An account is the body's own when it holds a secretariat or viewer role in this body or is
    the contact of one of its current member units, and nothing reaches beyond the body: no
    role in another body, no supervising role (a body's 主管部门 or a region's), no staff
    rights, and no contact role for a unit that is also on another body's roll — a unit's
    contact speaks and votes for the unit in every body it belongs to, so whoever takes the
    account over acts in those bodies too. Only then may the body's secretariat reset its
    password or end its contact roles; any other account (one with no role at all included)
    is for an admin."""
    from .models import BodyRole, OrganizationContact, SupervisedRegion

    if account.is_superuser or account.is_staff:
        return _("这是平台管理员账号，只有平台管理员可以管理。")
    body_id = _pk(body)
    roles = BodyRole.objects.filter(user=account)
    if (
        roles.exclude(body_id=body_id).exists()
        or roles.filter(kind=BodyRole.Kind.SUPERVISOR).exists()
        or SupervisedRegion.objects.filter(user=account).exists()
    ):
        return _("该账号在其他产教融合体或主管部门也有角色，只有平台管理员可以管理。")
    orgs = set(
        OrganizationContact.objects.filter(user=account).values_list("organization_id", flat=True)
    )
    if not orgs <= member_organization_ids([body_id]):
        return _("该账号也是本产教融合体以外单位的联系人，只有平台管理员可以管理。")
    if units_in_other_bodies(orgs, body_id):
        return _(
            "该账号所联系的单位也是其他产教融合体的成员，账号在那里同样代表该单位，"
            "只有平台管理员可以管理。"
        )
    if not (orgs or roles.exists()):
        return _("该账号在本产教融合体没有角色，只有平台管理员可以管理。")
    return None


def account_within_body(account, body) -> bool:
    """Whether ``account`` is one of ``body``'s own users and nobody else's
    (:func:`account_outside_body` says why not)."""
    return account_outside_body(account, body) is None


def can_invite_contact(user, body, organization) -> bool:
    """Invite a contact for ``organization``, a current member of ``body``: the body's
    secretariat when the unit is on no other body's roll (the contact would speak for it
    there too), else an admin only."""
    if is_platform_admin(user):
        return True
    return can_manage_users(user, body) and not units_in_other_bodies([_pk(organization)], body)


def can_manage_account(user, account, body) -> bool:
    """An admin, or the secretariat of ``body`` for an account that lies within ``body``
    (:func:`account_within_body`); never one's own account through this path."""
    if is_platform_admin(user):
        return True
    return (
        account.pk != getattr(user, "pk", None)
        and can_manage_users(user, body)
        and account_within_body(account, body)
    )


# --- the yearly cycle (collection rounds) -------------------------------------------------


def can_run_collection(user, body) -> bool:
    """Open, remind, return forms of and lock a body's collection round (填报): its secretariat
    or an admin."""
    return can_edit_body(user, body)


def can_fill_form(user, form) -> bool:
    """Enter and submit a unit's form: the unit's contact, the body's secretariat (it enters a
    form a unit returned as .xlsx) or an admin; the body's own form: its secretariat."""
    if can_edit_body(user, form.round.body_id):
        return True
    return form.organization_id is not None and form.organization_id in contact_organization_ids(
        user
    )


def can_read_round(user, body) -> bool:
    """See a round's forms and figures: the secretariat, the body's supervising department, and
    admins (a unit's contact sees its own form only: :func:`can_fill_form`)."""
    return can_edit_body(user, body) or _pk(body) in supervised_body_ids(user)


def can_supervise(user) -> bool:
    """The supervisor's cross-body view: admins, and users who supervise a body or a region."""
    return is_platform_admin(user) or bool(supervised_body_ids(user))
