"""Every registry read that is more than ``.get()``, scoped to what the actor may see."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import (
    Count,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from chanjiao.accounts.permissions import (
    cached_on_user,
    contact_organization_ids,
    is_platform_admin,
    secretariat_body_ids,
    visible_body_q,
)
from chanjiao.accounts.privacy import redacted
from chanjiao.core.selectors import matches, search
from chanjiao.core.validators import normalize_name

from .models import (
    ROLE_ORDER,
    Body,
    Membership,
    Organization,
    Person,
    Position,
    Role,
    Term,
    in_force_on,
    role_order_expression,
    split_aliases,
)

__all__ = ["in_force_on"]  # re-exported: the one rule for "in force on a day"

#: What a search for a unit looks in — the organisations list, and a body's members by their
#: unit: names, short and English names, aliases, credit codes.
ORGANIZATION_SEARCH = ("name", "short_name", "english_name", "aliases", "credit_code")


def visible_bodies(actor) -> QuerySet[Body]:
    """Published bodies, plus unpublished ones the actor has a role in (all, for admins)."""
    return Body.objects.filter(visible_body_q(actor))


def editable_bodies(*, actor, also=()) -> QuerySet[Body]:
    """Bodies the actor runs (all, for admins), plus the ids in ``also`` (a record's current
    bodies, so an edit form can show them), by name: the choices of a "body" field."""
    if is_platform_admin(actor):
        return Body.objects.order_by("name")
    ids = set(secretariat_body_ids(actor)) | set(also)
    return Body.objects.filter(pk__in=ids).order_by("name")


def body_list(
    *,
    actor,
    q: str | None = None,
    kind: str | None = None,
    level: str | None = None,
    region: str | None = None,
    status: str | None = None,
    year: int | None = None,
) -> QuerySet[Body]:
    """Bodies the actor may see, filtered; ``q`` searches names, short names and aliases."""
    qs = search(visible_bodies(actor), q, ["name", "short_name", "english_name", "aliases"])
    if kind:
        qs = qs.filter(kind=kind)
    if level:
        qs = qs.filter(level=level)
    if region:
        qs = qs.filter(region__icontains=region)
    if status:
        qs = qs.filter(status=status)
    if year:
        qs = qs.filter(founded_on__year=year)
    # A correlated count per listed body (an index lookup each), not a join and GROUP BY over
    # every membership of every body.
    members = (
        Membership.objects.current()
        .filter(body=OuterRef("pk"))
        .order_by()
        .values("body")
        .annotate(n=Count("organization_id", distinct=True))
        .values("n")
    )
    return qs.annotate(member_count=Coalesce(Subquery(members), 0))


def organization_list(
    *,
    actor,
    q: str | None = None,
    kind: str | None = None,
    region: str | None = None,
    body: int | None = None,
) -> QuerySet[Organization]:
    """Organisations, filtered; ``q`` searches names, short and English names, aliases, codes."""
    qs = search(Organization.objects.all(), q, list(ORGANIZATION_SEARCH))
    if kind:
        qs = qs.filter(kind=kind)
    if region:
        qs = qs.filter(region__icontains=region)
    if body:
        # A subquery, not a join: a unit with two roles is listed once without DISTINCT, which
        # would sort the whole table before the first page could be read.
        members = Membership.objects.filter(body_id=body, body__in=visible_bodies(actor))
        qs = qs.filter(pk__in=members.values("organization_id"))
    return qs


def aliases_index(names: Iterable[str]) -> dict[str, list[Organization]]:
    """Organisations whose alias or short name is one of ``names`` (a query per chunk)."""
    names = [n for n in set(names) if n]
    found: dict[str, list[Organization]] = {}
    for start in range(0, len(names), 200):
        chunk = names[start : start + 200]
        cond = Q(short_name__in=chunk)
        for n in chunk:
            cond |= Q(aliases__contains=n)
        for org in Organization.objects.filter(cond):
            keys = set(split_aliases(org.aliases)) | ({org.short_name} if org.short_name else set())
            for n in chunk:
                if n in keys and org not in found.setdefault(n, []):
                    found[n].append(org)
    return found


def organizations_called(name: str) -> list[Organization]:
    """The registered units ``name`` stands for, compared as names are stored
    (:func:`~chanjiao.core.validators.normalize_name`: “X(Y)” is “X（Y）”): the unit of that
    name, else every unit with it as an alias or short name — as the member import matches
    (:func:`aliases_index`). Empty when it names none."""
    name = normalize_name(name or "")
    if not name:
        return []
    named = Organization.objects.filter(name=name).first()
    if named is not None:
        return [named]
    return aliases_index([name]).get(name, [])


def chair_in_the_way(
    body: Body,
    *,
    term: Term | None = None,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
    exclude: Membership | None = None,
) -> Membership | None:
    """Another chair unit (理事长单位) of ``body`` that a chair membership with this term and
    these dates would sit beside: one not ended (in force or to come) whose dates overlap them
    (``until`` is the day a membership ends: one ending the day another begins does not
    overlap it), in the same term or where either has no term. One chair per body and term."""
    chairs = Membership.objects.filter(body=body, role=Role.CHAIR).not_ended()
    if exclude is not None and exclude.pk is not None:
        chairs = chairs.exclude(pk=exclude.pk)
    if term is not None:
        chairs = chairs.filter(Q(term__isnull=True) | Q(term=term))
    if until is not None:
        chairs = chairs.filter(Q(since__isnull=True) | Q(since__lt=until))
    if since is not None:
        chairs = chairs.filter(Q(until__isnull=True) | Q(until__gt=since))
    return chairs.select_related("organization").order_by("pk").first()


def chair_taken(chair: Organization) -> str:
    """Why another chair unit is refused while ``chair`` is one (form, API, member import)."""
    return _("本产教融合体已有理事长单位“%(chair)s”，只能有一个：请改为其他角色") % {
        "chair": chair.name
    }


def post_holding_organizations() -> QuerySet[Organization]:
    """The units where someone holds a post, by name (the people list's unit filter)."""
    return Organization.objects.filter(pk__in=Position.objects.values("organization_id")).order_by(
        "name"
    )


def person_list(
    *, actor, q: str | None = None, organization: int | None = None, body: int | None = None
) -> QuerySet[Person]:
    """People, filtered; ``q`` searches names and the titles they hold."""
    # Titles and filters through positions are subqueries rather than joins, so a person with
    # several positions comes once without DISTINCT (which defeats paging on a large table).
    qs = Person.objects.all()
    for word in (q or "").split():
        titled = Position.objects.filter(matches(["title"], word)).values("person_id")
        qs = qs.filter(matches(["name", "english_name"], word) | Q(pk__in=titled))
    if organization:
        qs = qs.filter(
            pk__in=Position.objects.filter(organization_id=organization).values("person_id")
        )
    if body:
        members = Membership.objects.filter(body_id=body, body__in=visible_bodies(actor))
        qs = qs.filter(
            pk__in=Position.objects.filter(
                organization_id__in=members.values("organization_id")
            ).values("person_id")
        )
    qs = qs.prefetch_related(
        Prefetch("positions", queryset=Position.objects.select_related("organization"))
    )
    # A person's notes are personal data (chanjiao.accounts.privacy).
    return redacted(qs, actor)


def body_members(
    *,
    actor,
    body: Body,
    role: str | None = None,
    current: bool = True,
    q: str | None = None,
    by_role: bool = False,
) -> QuerySet[Membership]:
    """A body's memberships (current ones unless ``current`` is False), by unit name, or by
    role in display order then name (``by_role``); ``q`` searches the units as the
    organisations list does (:data:`ORGANIZATION_SEARCH`: names, aliases, credit codes).

    The organisation and term come in the same query, so a page of members costs one query
    for the rows and one for the count, whatever the page size.
    """
    qs = Membership.objects.filter(body=body).select_related("organization", "term")
    if current:
        qs = qs.current()
    if role:
        qs = qs.filter(role=role)
    qs = search(qs, q, [f"organization__{field}" for field in ORGANIZATION_SEARCH])
    # Sorted on the membership's copy of the unit's name, in the order of the partial indexes
    # membership_by_role / _by_name: a page is read off the index, not sorted.
    if by_role:
        qs = qs.alias(role_order=role_order_expression()).order_by(
            "role_order", "organization_name", "pk"
        )
    else:
        qs = qs.order_by("organization_name", "pk")
    # Contacts and notes only for the unit, the body's secretariat and admins.
    return redacted(qs, actor)


def organization_memberships(*, actor, organization: Organization) -> QuerySet[Membership]:
    """The bodies a unit belongs to, in every role, limited to bodies the actor may see."""
    return (
        Membership.objects.filter(organization=organization, body__in=visible_bodies(actor))
        .select_related("body", "term")
        .order_by("body__name", "role")
    )


@dataclass
class RoleSummary:
    """Registered member units of one role beside the count the body published."""

    role: str
    label: str
    registered: int
    declared: int | None

    @property
    def missing(self) -> int:
        """How many declared units are not registered yet (never negative)."""
        return max((self.declared or 0) - self.registered, 0)


@dataclass
class MemberCounts:
    """A body's current members counted by role (display order) and as distinct units."""

    summary: list[RoleSummary]
    total: int

    def registered(self, role: str | None = None) -> int:
        """Current memberships in ``role`` (all roles when None): a members page's row count."""
        return sum(s.registered for s in self.summary if role is None or s.role == role)


def body_member_counts(*, actor, body: Body) -> MemberCounts:
    """Current members counted by role, each with its declared count, and the distinct units.

    Roles appear when they have members or a declared count. One aggregate query over the
    body's current memberships, however many; the rows themselves are paged by ``body_members``.
    """
    declared = {d.role: d.value for d in body.declared_counts.all() if d.role}
    # Counting columns of the index membership_units (an index-only scan), not ids.
    by_role = {f"r{i}": Count("role", filter=Q(role=r)) for i, r in enumerate(Role.values)}
    counted = (
        Membership.objects.current()
        .filter(body=body)
        .aggregate(cj_total=Count("organization_id", distinct=True), **by_role)
    )
    registered = {r: counted[f"r{i}"] for i, r in enumerate(Role.values) if counted[f"r{i}"]}
    roles = sorted(set(registered) | set(declared), key=lambda r: ROLE_ORDER.get(r, 99))
    summary = [
        RoleSummary(
            role=r,
            label=str(Role(r).label) if r in Role.values else r,
            registered=registered.get(r, 0),
            declared=declared.get(r),
        )
        for r in roles
    ]
    return MemberCounts(summary=summary, total=counted["cj_total"])


def body_member_summary(*, actor, body: Body) -> list[RoleSummary]:
    """Current members counted by role in display order, each with its declared count."""
    return body_member_counts(actor=actor, body=body).summary


def body_member_total(*, actor, body: Body) -> int:
    """Distinct current member units (one unit may hold two roles, e.g. initiator and chair)."""
    return body_member_counts(actor=actor, body=body).total


def body_detail(*, actor, pk: int) -> Body:
    """One body the actor may see, with what its page needs loaded (404 otherwise)."""
    from django.shortcuts import get_object_or_404

    qs = visible_bodies(actor).select_related("approved_by", "parent")
    return get_object_or_404(qs.prefetch_related("declared_counts"), pk=pk)


def member_organization_ids(body_ids: Iterable[int]) -> set[int]:
    """Ids of the current member units of these bodies (unscoped: for permission checks)."""
    return set(
        Membership.objects.current()
        .filter(body_id__in=list(body_ids))
        .values_list("organization_id", flat=True)
    )


def unit_body_ids(organization_ids: Iterable[int]) -> set[int]:
    """The bodies in which one of these units is a member today."""
    organization_ids = list(organization_ids)
    if not organization_ids:
        return set()
    return set(
        Membership.objects.current()
        .filter(organization_id__in=organization_ids)
        .values_list("body_id", flat=True)
    )


def member_body_ids(user) -> frozenset[int]:
    """The bodies in which a unit the user is the contact of is a member today (cached on the
    user for the request)."""
    return cached_on_user(
        user, "_cj_member_body_ids", lambda: unit_body_ids(contact_organization_ids(user))
    )


def member_or_visible_bodies(user) -> QuerySet[Body]:
    """The bodies the user sees, and those its units are members of, published or not (a
    member's contact nominates and offers resources in its body)."""
    if is_platform_admin(user):
        return Body.objects.all()
    return Body.objects.filter(visible_body_q(user) | Q(pk__in=member_body_ids(user)))


def member_units(body: Body) -> QuerySet[Organization]:
    """The body's current member units, by name (unscoped: the units a secretariat may invite a
    contact for)."""
    return Organization.objects.filter(pk__in=member_organization_ids([body.pk])).order_by("name")


def bodies_in_regions(prefixes) -> set[int]:
    """Ids of the bodies whose division code starts with one of ``prefixes`` (unscoped: the
    bodies a region's supervising department oversees)."""
    query = Q()
    for prefix in prefixes:
        query |= Q(region_code__startswith=prefix)
    if not query:
        return set()
    return set(Body.objects.filter(query).values_list("pk", flat=True))


def body_committees(*, actor, body: Body) -> QuerySet:
    """A body's committees with their seats (director first) and the holders loaded."""
    from .models import Committee, CommitteeSeat

    seats = CommitteeSeat.objects.select_related("person", "organization").order_by("role", "id")
    return (
        Committee.objects.filter(body=body)
        .select_related("term")
        .prefetch_related(Prefetch("seats", queryset=seats))
        .order_by("name")
    )


def organization_positions(*, actor, organization: Organization) -> QuerySet[Position]:
    """People holding titles in a unit: current ones first, then by start date (newest first)."""
    from django.db.models import F

    return (
        Position.objects.filter(organization=organization)
        .select_related("person")
        .order_by(F("until").desc(nulls_first=True), F("since").desc(nulls_last=True), "id")
    )


def person_positions(*, actor, person: Person) -> QuerySet[Position]:
    """A person's titles over time, newest first (任职经历)."""
    from django.db.models import F

    return (
        Position.objects.filter(person=person)
        .select_related("organization")
        .order_by(F("since").desc(nulls_last=True), "-id")
    )


def person_committee_seats(*, actor, person: Person) -> QuerySet:
    """A person's seats on committees of bodies the actor may see."""
    from .models import CommitteeSeat

    return (
        CommitteeSeat.objects.filter(person=person, committee__body__in=visible_bodies(actor))
        .select_related("committee__body", "organization")
        .order_by("committee__body__name", "committee__name")
    )
