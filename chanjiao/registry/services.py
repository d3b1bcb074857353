"""Every write to the registry. Each service checks the actor's rights, validates, writes in
one transaction and records the change (who, when, before and after)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from chanjiao.accounts.permissions import (
    can_create_organization,
    can_create_person,
    can_edit_body,
    can_edit_organization,
    can_speak_for_organization,
    is_platform_admin,
    require,
    secretariat_body_ids,
)
from chanjiao.core.changelog import Actor, create_object, delete_object, given, update_object
from chanjiao.core.validators import normalize_name
from chanjiao.core.words import listed

from .models import (
    Body,
    Charter,
    Committee,
    CommitteeSeat,
    DeclaredCount,
    Membership,
    Organization,
    Person,
    Position,
    Role,
    Term,
)
from .permissions import can_edit_person
from .selectors import chair_in_the_way, chair_taken, organizations_called

# --- organisations (单位) ---------------------------------------------------------------


def organization_create(
    *,
    actor: Actor,
    name: str,
    short_name: str = "",
    english_name: str = "",
    kind: str = Organization.Kind.OTHER,
    credit_code: str | None = None,
    region: str = "",
    region_code: str = "",
    industry: str = "",
    industry_code: str = "",
    website: str = "",
    aliases: str = "",
    description: str = "",
    registered_by_body: Body | None = None,
) -> Organization:
    """Register an organisation. Admins and secretariats may; the name must be new: neither
    another unit's name nor its alias or short name (that unit is named, to be picked instead).

    A secretariat's registration is recorded under its body (``registered_by_body``: the body
    the unit is registered for, else the secretariat's first body), so that secretariat may
    correct the unit until the unit's own contact takes it over.
    """
    fields = given(locals(), "registered_by_body")
    require(
        can_create_organization(actor),
        _("只有平台管理员或秘书处可以登记单位"),
    )
    known = _unit_called(name)
    if known is not None and known.name != normalize_name(name):
        # (A unit of the very name is refused by the unique name, on the name field.)
        raise ValidationError(
            {
                "name": [
                    _(
                        "“%(name)s”是已登记单位“%(unit)s”的别名或简称：请直接选用该单位，不要重复登记"
                    )
                    % {"name": normalize_name(name), "unit": known.name}
                ]
            }
        )
    bodies = secretariat_body_ids(actor)
    if registered_by_body is not None and registered_by_body.pk not in bodies:
        registered_by_body = None  # an admin registering a unit for a body: nobody's to correct
    if registered_by_body is None and bodies and not is_platform_admin(actor):
        registered_by_body = Body.objects.filter(pk__in=bodies).order_by("pk").first()
    org = create_object(Organization, actor=actor, data=fields)
    if registered_by_body is not None:
        # Not a user-editable field: set beside the logged create, not as a second change.
        Organization.objects.filter(pk=org.pk).update(registered_by_body=registered_by_body)
        org.registered_by_body = registered_by_body
    return org


def organization_update(*, actor: Actor, organization: Organization, data: dict) -> Organization:
    """Change an organisation's record: its own contact or an admin."""
    require(
        can_edit_organization(actor, organization),
        _("只有该单位的联系人、在其接管前登记该单位的秘书处或平台管理员可以修改单位信息"),
    )
    return update_object(organization, actor=actor, data=data)


def organization_delete(*, actor: Actor, organization: Organization) -> None:
    """Delete an organisation that nothing refers to any more (admins only)."""
    require(
        is_platform_admin(actor),
        _("只有平台管理员可以删除单位"),
    )
    delete_object(organization, actor=actor)


def _unit_called(name: str) -> Organization | None:
    """The one registered unit ``name`` stands for (its name, else an alias or short name:
    :func:`~.selectors.organizations_called`), or None; refused when it stands for several."""
    units = organizations_called(name)
    if len(units) > 1:
        raise ValidationError(
            {
                "name": [
                    _(
                        "“%(name)s”是多个单位的别名或简称（%(list)s）：请选择其中一个单位，或填写全称"
                    )
                    % {"name": normalize_name(name), "list": listed(u.name for u in units)}
                ]
            }
        )
    return units[0] if units else None


def organization_get_or_create(*, actor: Actor, name: str, defaults: dict | None = None):
    """The registered unit ``name`` stands for — by its name, else by an alias or short name,
    as the member import matches — or a new one. Returns (organisation, created)."""
    existing = _unit_called(name)
    if existing is not None:
        return existing, False
    return organization_create(actor=actor, name=normalize_name(name), **(defaults or {})), True


# --- people (人员) and positions (职务) ---------------------------------------------------

_PERSON_DENIED = _lazy(
    "只有此人任职单位的联系人（或尚未被接管时的登记者）、平台管理员可以修改此人员"
)


def person_create(
    *,
    actor: Actor,
    name: str,
    english_name: str = "",
    notes: str = "",
    positions: Iterable[dict[str, Any]] = (),
) -> Person:
    """Register a person, optionally with positions ({organization, title, since, until}).

    The registrant (and its secretariat colleagues) may go on editing the person until a unit
    with its own contact holds one of the person's positions.
    """
    fields = given(locals(), "positions")
    require(can_create_person(actor), _("您不能登记人员"))
    with transaction.atomic():  # a refused position leaves no person behind
        person = create_object(Person, actor=actor, data=fields)
        for pos in positions:
            position_create(actor=actor, person=person, **pos)
    return person


def person_update(*, actor: Actor, person: Person, data: dict) -> Person:
    """Change a person's record."""
    require(can_edit_person(actor, person), _PERSON_DENIED)
    return update_object(person, actor=actor, data=data)


def person_delete(*, actor: Actor, person: Person) -> None:
    """Delete a person and their positions."""
    require(can_edit_person(actor, person), _PERSON_DENIED)
    delete_object(person, actor=actor)


def position_create(
    *,
    actor: Actor,
    person: Person,
    organization: Organization,
    title: str,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
    source: str = "",
) -> Position:
    """Record a title a person holds in an organisation (shown on the person's history).

    The actor must be allowed to edit the person and to speak for the unit.
    """
    fields = given(locals())
    require(can_edit_person(actor, person), _PERSON_DENIED)
    require(
        can_speak_for_organization(actor, organization),
        _("您不能为“%(org)s”登记职务：该单位不是您负责或您所在产教融合体的成员单位")
        % {"org": organization},
    )
    return create_object(Position, actor=actor, data=fields, related=person)


def position_update(*, actor: Actor, position: Position, data: dict) -> Position:
    require(can_edit_person(actor, position.person), _PERSON_DENIED)
    new_org = data.get("organization")
    if new_org is not None and new_org.pk != position.organization_id:
        require(
            can_speak_for_organization(actor, new_org),
            _("您不能为“%(org)s”登记职务：该单位不是您负责或您所在产教融合体的成员单位")
            % {"org": new_org},
        )
    return update_object(position, actor=actor, data=data, related=position.person)


def position_delete(*, actor: Actor, position: Position) -> None:
    require(can_edit_person(actor, position.person), _PERSON_DENIED)
    delete_object(position, actor=actor, related=position.person)


# --- bodies (产教融合体) ------------------------------------------------------------------


def body_create(
    *,
    actor: Actor,
    name: str,
    kind: str,
    short_name: str = "",
    english_name: str = "",
    level: str = Body.Level.OTHER,
    industry: str = "",
    region: str = "",
    region_code: str = "",
    founded_on: datetime.date | None = None,
    approval_document: str = "",
    approved_by: Organization | None = None,
    parent: Body | None = None,
    status: str = Body.Status.ACTIVE,
    is_published: bool = True,
    website: str = "",
    aliases: str = "",
    description: str = "",
    declared_counts: Iterable[dict[str, Any]] = (),
) -> Body:
    """Register a body (admins only), optionally with its declared counts."""
    fields = given(locals(), "declared_counts")
    require(
        is_platform_admin(actor),
        _("只有平台管理员可以创建产教融合体"),
    )
    with transaction.atomic():  # a bad declared count leaves no body behind
        body = create_object(Body, actor=actor, data=fields)
        for count in declared_counts:
            declared_count_set(actor=actor, body=body, **count)
    return body


def body_update(*, actor: Actor, body: Body, data: dict) -> Body:
    """Change a body's record: its secretariat or an admin."""
    _require_body(actor, body)
    return update_object(body, actor=actor, data=data)


def body_delete(*, actor: Actor, body: Body) -> None:
    """Delete a body with everything that belongs to it (admins only)."""
    require(
        is_platform_admin(actor),
        _("只有平台管理员可以删除产教融合体"),
    )
    delete_object(body, actor=actor)


def _require_body(actor: Actor, body: Body) -> None:
    require(
        can_edit_body(actor, body),
        _("只有“%(body)s”的秘书处或平台管理员可以修改") % {"body": body},
    )


def _part_update(record: Any, *, actor: Actor, data: dict) -> Any:
    """Change a record that belongs to a body (a term, membership, committee, charter,
    declared count): the body's secretariat's or an admin's to change; the body cannot."""
    _require_body(actor, record.body)
    data = {k: v for k, v in data.items() if k != "body"}
    return update_object(record, actor=actor, data=data, related=record.body)


def _part_delete(record: Any, *, actor: Actor) -> None:
    """Delete a record that belongs to a body, in the body's history."""
    _require_body(actor, record.body)
    delete_object(record, actor=actor, related=record.body)


def declared_count_set(
    *,
    actor: Actor,
    body: Body,
    label: str,
    value: int,
    role: str | None = None,
    as_of: datetime.date | None = None,
    source: str = "",
) -> DeclaredCount:
    """Set a published count (公布数量) of a body; one per role, replaced when set again."""
    data = given(locals(), "body", "role")
    _require_body(actor, body)
    existing = DeclaredCount.objects.filter(body=body, role=role).first() if role else None
    if existing:
        return update_object(existing, actor=actor, data=data, related=body)
    return create_object(
        DeclaredCount, actor=actor, data={"body": body, "role": role, **data}, related=body
    )


def declared_count_update(
    *, actor: Actor, declared_count: DeclaredCount, data: dict
) -> DeclaredCount:
    """Correct a published count (its role, label, value, date or source). The body cannot
    change; a role another count of the body already has is refused."""
    return _part_update(declared_count, actor=actor, data=data)


def declared_count_delete(*, actor: Actor, declared_count: DeclaredCount) -> None:
    _part_delete(declared_count, actor=actor)


# --- terms (届), memberships (成员), committees (委员会), charters (章程) ------------------


def term_create(
    *,
    actor: Actor,
    body: Body,
    number: int,
    name: str = "",
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
) -> Term:
    """Open a new council term (第N届理事会) of a body."""
    fields = given(locals())
    _require_body(actor, body)
    return create_object(Term, actor=actor, data=fields, related=body)


def term_update(*, actor: Actor, term: Term, data: dict) -> Term:
    return _part_update(term, actor=actor, data=data)


def term_delete(*, actor: Actor, term: Term) -> None:
    _part_delete(term, actor=actor)


def membership_create(
    *,
    actor: Actor,
    body: Body,
    organization: Organization,
    role: str = Role.MEMBER,
    term: Term | None = None,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
    contact: str = "",
    notes: str = "",
) -> Membership:
    """Admit a unit into a body in a role (成员单位, 副理事长单位 …); shows in the body's history.
    A second chair unit at the same time, in the same term or beside one without a term, is
    refused."""
    fields = given(locals())
    _require_body(actor, body)
    _check_one_chair(body, role=role, term=term, since=since, until=until)
    return create_object(Membership, actor=actor, data=fields, related=body)


def membership_update(*, actor: Actor, membership: Membership, data: dict) -> Membership:
    """Change a membership (its role, term, dates, contact). The body cannot change. A change
    that would seat a second chair unit beside another (see :func:`membership_create`) is
    refused; ending or shortening a chair's membership never is."""
    _require_body(actor, membership.body)
    _check_one_chair(
        membership.body,
        role=data.get("role", membership.role),
        term=data.get("term", membership.term),
        since=data.get("since", membership.since),
        until=data.get("until", membership.until),
        was=membership,
    )
    return _part_update(membership, actor=actor, data=data)


def membership_delete(*, actor: Actor, membership: Membership) -> None:
    """Remove a membership recorded by mistake (to record a unit leaving, set ``until``)."""
    _part_delete(membership, actor=actor)


def _check_one_chair(
    body: Body,
    *,
    role: str,
    term: Term | None,
    since: datetime.date | str | None,
    until: datetime.date | str | None,
    was: Membership | None = None,
) -> None:
    """Refuse a chair membership (理事长单位) beside another chair unit of the body, in force
    or to come, whose dates overlap in the same term or where either has no term
    (:func:`~.selectors.chair_in_the_way`), in the member import's words. A change to a chair
    membership (``was``) is checked only when it covers more: another term, an earlier start,
    a later end — so a chair recorded beside another before this rule may still be ended."""
    if role != Role.CHAIR:
        return
    day = Membership._meta.get_field("since")
    try:
        since, until = day.to_python(since), day.to_python(until)
    except ValidationError:
        return  # not a date: the model says so on its field
    if since is not None and until is not None and until < since:
        return  # the dates are wrong: the model says so
    if was is not None and was.role == Role.CHAIR:
        starts_earlier = was.since is not None and (since is None or since < was.since)
        ends_later = was.until is not None and (until is None or until > was.until)
        same_term = (term.pk if term is not None else None) == was.term_id
        if same_term and not starts_earlier and not ends_later:
            return
    chair = chair_in_the_way(body, term=term, since=since, until=until, exclude=was)
    if chair is not None:
        raise ValidationError({"role": [chair_taken(chair.organization)]})


def committee_create(
    *,
    actor: Actor,
    body: Body,
    name: str,
    kind: str = Committee.Kind.OTHER,
    term: Term | None = None,
    founded_on: datetime.date | None = None,
    description: str = "",
) -> Committee:
    """Set up a committee (工作委员会, 专家智库委员会, 顾问团 …) of a body."""
    fields = given(locals())
    _require_body(actor, body)
    return create_object(Committee, actor=actor, data=fields, related=body)


def committee_update(*, actor: Actor, committee: Committee, data: dict) -> Committee:
    return _part_update(committee, actor=actor, data=data)


def committee_delete(*, actor: Actor, committee: Committee) -> None:
    _part_delete(committee, actor=actor)


def _check_seat_holder(person: Person | None, organization: Organization | None) -> None:
    """A seat is held by a person or by a unit: exactly one of them."""
    if person is None and organization is None:
        raise ValidationError({"person": [_("请选择担任此席位的人员或单位")]})
    if person is not None and organization is not None:
        raise ValidationError({"organization": [_("席位由人员或单位担任，只能选择其中一项")]})


def committee_seat_create(
    *,
    actor: Actor,
    committee: Committee,
    person: Person | None = None,
    organization: Organization | None = None,
    role: str = CommitteeSeat.SeatRole.MEMBER,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> CommitteeSeat:
    """Seat a person or an organisation on a committee as director, deputy, member or secretary."""
    fields = given(locals())
    _require_body(actor, committee.body)
    _check_seat_holder(person, organization)
    return create_object(CommitteeSeat, actor=actor, data=fields, related=committee.body)


def committee_seat_update(
    *, actor: Actor, committee_seat: CommitteeSeat, data: dict
) -> CommitteeSeat:
    """Change a seat: who holds it (a person or a unit, exactly one), the role, the dates
    (the end not before the start). The committee cannot change."""
    _require_body(actor, committee_seat.committee.body)
    data = {k: v for k, v in data.items() if k != "committee"}
    _check_seat_holder(
        data.get("person", committee_seat.person),
        data.get("organization", committee_seat.organization),
    )
    return update_object(
        committee_seat, actor=actor, data=data, related=committee_seat.committee.body
    )


def committee_seat_delete(*, actor: Actor, committee_seat: CommitteeSeat) -> None:
    _require_body(actor, committee_seat.committee.body)
    delete_object(committee_seat, actor=actor, related=committee_seat.committee.body)


def charter_create(
    *,
    actor: Actor,
    body: Body,
    version: str,
    title: str = "",
    adopted_on: datetime.date | None = None,
    adopted_at: str = "",
    file: File | str = "",
    text: str = "",
) -> Charter:
    """Record a charter version (章程) with its file and adoption date."""
    fields = given(locals())
    _require_body(actor, body)
    return create_object(Charter, actor=actor, data=fields, related=body)


def charter_update(*, actor: Actor, charter: Charter, data: dict) -> Charter:
    """Change a charter version's record (its adoption date and meeting, title, text)."""
    return _part_update(charter, actor=actor, data=data)


def charter_file_set(*, actor: Actor, charter: Charter, file: File | None) -> Charter:
    """Replace the file of a charter version (the scan or text as adopted)."""
    _require_body(actor, charter.body)
    if not file:
        raise ValidationError({"file": [_("请选择要上传的文件")]})
    return charter_update(actor=actor, charter=charter, data={"file": file})


def charter_delete(*, actor: Actor, charter: Charter) -> None:
    _part_delete(charter, actor=actor)
