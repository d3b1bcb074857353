"""REST endpoints of the registry: organisations, people and their positions, bodies with their
members, terms, committees and declared counts.

Reads go through the selectors (which hide unpublished bodies from those who may not see them),
writes through the services (which check rights and write the change log).
"""

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from chanjiao.accounts.privacy import personal_value
from chanjiao.core.api import (
    READ_ERRORS,
    WRITE_ERRORS,
    ApiPagination,
    Id,
    InputSchema,
    QueryBool,
    RefOut,
    Text,
    Year,
    actor,
    call_service,
    choice,
    display_of,
    get_or_404,
    partial_schema,
    resolve_one,
)

from . import services
from .models import Body, Committee, DeclaredCount, Membership, Organization, Person, Role, Term
from .selectors import (
    body_committees,
    body_list,
    body_member_summary,
    body_members,
    organization_list,
    organization_memberships,
    person_list,
    person_positions,
    visible_bodies,
)

router = Router()

COUNT = {"ge": 0, "le": 2147483647}


def only_visible_bodies(request: HttpRequest, bodies: list[Body]) -> list[Body]:
    """The bodies among ``bodies`` the request's actor may see: unpublished ones stay hidden
    when they appear as a related object (an event's holder, a body's parent).

    Answers are remembered on the request, so a page of events costs one query, not one each.
    """
    known: dict[int, bool] = request.__dict__.setdefault("_cj_body_visible", {})
    # Bodies loaded through a prefetch that checked or marked their visibility (see the event
    # selectors) need no query.
    known.update({b.pk: bool(b.cj_visible) for b in bodies if hasattr(b, "cj_visible")})
    unknown = [b.pk for b in bodies if b.pk not in known]
    if unknown:
        seen = set(
            visible_bodies(actor(request)).filter(pk__in=unknown).values_list("pk", flat=True)
        )
        known.update({pk: pk in seen for pk in unknown})
    return [b for b in bodies if known[b.pk]]


# === organisations (单位) ==================================================================


class OrganizationIn(InputSchema):
    """An organisation (单位): school, enterprise, association, department, park, institute."""

    name: Text = Field(description="Full registered name; unique.")
    short_name: Text = ""
    english_name: Text = ""
    kind: choice(Organization.Kind) = Organization.Kind.OTHER.value
    credit_code: Text | None = Field(
        None, description="Unified social credit code (统一社会信用代码), 18 characters."
    )
    region: Text = ""
    region_code: Text = Field("", description="Six-digit administrative division code.")
    industry: Text = ""
    industry_code: Text = ""
    website: Text = ""
    aliases: list[Text] = Field(default_factory=list, description="Other names it is known by.")
    description: Text = ""


OrganizationPatch = partial_schema(OrganizationIn, "OrganizationPatch")


class OrganizationOut(Schema):
    id: int
    name: str
    short_name: str
    english_name: str
    kind: str
    kind_label: str
    credit_code: str | None
    region: str
    region_code: str
    industry: str
    industry_code: str
    website: str
    aliases: list[str]
    description: str
    updated_at: datetime.datetime

    resolve_kind_label = display_of("kind")

    @staticmethod
    def resolve_aliases(obj: Organization) -> list[str]:
        return obj.alias_list


class OrganizationFilters(Schema):
    q: Text | None = Field(None, description="Words to find in names, aliases or credit code.")
    kind: choice(Organization.Kind) | None = None
    region: Text | None = Field(None, description="Part of the region name.")
    body: Id | None = Field(None, description="Only members (current or former) of this body.")


class TermRefOut(Schema):
    id: int
    number: int
    name: str

    @staticmethod
    def resolve_name(obj: Term) -> str:
        return str(obj)


class OrganizationMembershipOut(Schema):
    """A body the organisation belongs to, and its role there."""

    id: int
    body: RefOut
    role: str
    role_label: str
    term: TermRefOut | None
    since: datetime.date | None
    until: datetime.date | None
    is_current: bool

    resolve_role_label = display_of("role")

    @staticmethod
    def resolve_is_current(obj: Membership) -> bool:
        return obj.until is None


def _organization_data(payload: dict[str, Any]) -> dict[str, Any]:
    if "aliases" in payload:
        payload["aliases"] = "\n".join(payload["aliases"] or [])
    return payload


@router.get(
    "/organizations",
    response={200: list[OrganizationOut], **READ_ERRORS},
    auth=None,
    tags=["organizations"],
    summary="List organisations",
)
@paginate(ApiPagination)
def list_organizations(request, filters: Query[OrganizationFilters]):
    return organization_list(actor=actor(request), **filters.model_dump())


@router.get(
    "/organizations/{id}",
    response={200: OrganizationOut, **READ_ERRORS},
    auth=None,
    tags=["organizations"],
    summary="One organisation",
)
def get_organization(request, id: int):
    return get_or_404(Organization.objects.all(), id)


@router.post(
    "/organizations",
    response={201: OrganizationOut, **WRITE_ERRORS},
    tags=["organizations"],
    summary="Register an organisation (admins and secretariats)",
)
def create_organization(request, payload: OrganizationIn):
    data = _organization_data(payload.model_dump())
    return Status(201, call_service(services.organization_create, request, **data))


@router.patch(
    "/organizations/{id}",
    response={200: OrganizationOut, **WRITE_ERRORS},
    tags=["organizations"],
    summary="Change some fields of an organisation (its contact or an admin)",
)
def patch_organization(request, id: int, payload: OrganizationPatch):
    organization = get_or_404(Organization.objects.all(), id)
    data = _organization_data(payload.model_dump(exclude_unset=True))
    return call_service(services.organization_update, request, organization=organization, data=data)


@router.put(
    "/organizations/{id}",
    response={200: OrganizationOut, **WRITE_ERRORS},
    tags=["organizations"],
    summary="Replace an organisation's record (fields left out get their defaults)",
)
def put_organization(request, id: int, payload: OrganizationIn):
    organization = get_or_404(Organization.objects.all(), id)
    data = _organization_data(payload.model_dump())
    return call_service(services.organization_update, request, organization=organization, data=data)


@router.delete(
    "/organizations/{id}",
    response={204: None, **WRITE_ERRORS},
    tags=["organizations"],
    summary="Delete an organisation nothing refers to (admins)",
)
def delete_organization(request, id: int):
    organization = get_or_404(Organization.objects.all(), id)
    call_service(services.organization_delete, request, organization=organization)
    return Status(204, None)


@router.get(
    "/organizations/{id}/memberships",
    response={200: list[OrganizationMembershipOut], **READ_ERRORS},
    auth=None,
    tags=["organizations"],
    summary="The bodies an organisation belongs to, with its roles",
)
@paginate(ApiPagination)
def list_organization_memberships(request, id: int):
    organization = get_or_404(Organization.objects.all(), id)
    return organization_memberships(actor=actor(request), organization=organization)


# === people (人员) and positions (职务) =====================================================


class PositionIn(InputSchema):
    """A title a person holds in an organisation (职务)."""

    organization: Id
    title: Text
    since: datetime.date | None = None
    until: datetime.date | None = None
    source: Text = ""


PositionPatch = partial_schema(PositionIn, "PositionPatch")


class PositionOut(Schema):
    id: int
    organization: RefOut
    title: str
    since: datetime.date | None
    until: datetime.date | None
    source: str


class PersonIn(InputSchema):
    """A person (人员)."""

    name: Text
    english_name: Text = ""
    notes: Text = ""


PersonPatch = partial_schema(PersonIn, "PersonPatch")


class PersonCreateIn(PersonIn):
    positions: list[PositionIn] = Field(
        default_factory=list, description="Positions to record with the person."
    )


class PersonOut(Schema):
    id: int
    name: str
    english_name: str
    notes: str | None = Field(
        description="Internal notes: null unless the reader may read personal data."
    )
    positions: list[PositionOut]
    updated_at: datetime.datetime

    resolve_notes = personal_value("notes")

    @staticmethod
    def resolve_positions(obj: Person):
        return obj.positions.all()


class PersonFilters(Schema):
    q: Text | None = Field(None, description="Words to find in names and titles held.")
    organization: Id | None = Field(None, description="Only people with a post in this unit.")
    body: Id | None = Field(None, description="Only people with a post in a member of this body.")


def _people(request) -> Any:
    return person_list(actor=actor(request))


def _position_data(payload: dict[str, Any], field_prefix: str = "") -> dict[str, Any]:
    if "organization" in payload:
        payload["organization"] = resolve_one(
            Organization.objects.all(), payload["organization"], f"{field_prefix}organization"
        )
    return payload


@router.get(
    "/people",
    response={200: list[PersonOut], **READ_ERRORS},
    auth=None,
    tags=["people"],
    summary="List people",
)
@paginate(ApiPagination)
def list_people(request, filters: Query[PersonFilters]):
    return person_list(actor=actor(request), **filters.model_dump())


@router.get(
    "/people/{id}",
    response={200: PersonOut, **READ_ERRORS},
    auth=None,
    tags=["people"],
    summary="One person with their positions",
)
def get_person(request, id: int):
    return get_or_404(_people(request), id)


@router.post(
    "/people",
    response={201: PersonOut, **WRITE_ERRORS},
    tags=["people"],
    summary="Register a person, optionally with positions",
)
def create_person(request, payload: PersonCreateIn):
    data = payload.model_dump()
    data["positions"] = [
        _position_data(position, f"positions.{i}.") for i, position in enumerate(data["positions"])
    ]
    person = call_service(services.person_create, request, **data)
    return Status(201, get_or_404(_people(request), person.pk))


@router.patch(
    "/people/{id}",
    response={200: PersonOut, **WRITE_ERRORS},
    tags=["people"],
    summary="Change some fields of a person",
)
def patch_person(request, id: int, payload: PersonPatch):
    person = get_or_404(Person.objects.all(), id)
    data = payload.model_dump(exclude_unset=True)
    call_service(services.person_update, request, person=person, data=data)
    return get_or_404(_people(request), id)


@router.put(
    "/people/{id}",
    response={200: PersonOut, **WRITE_ERRORS},
    tags=["people"],
    summary="Replace a person's record (positions are kept)",
)
def put_person(request, id: int, payload: PersonIn):
    person = get_or_404(Person.objects.all(), id)
    call_service(services.person_update, request, person=person, data=payload.model_dump())
    return get_or_404(_people(request), id)


@router.delete(
    "/people/{id}",
    response={204: None, **WRITE_ERRORS},
    tags=["people"],
    summary="Delete a person and their positions",
)
def delete_person(request, id: int):
    person = get_or_404(Person.objects.all(), id)
    call_service(services.person_delete, request, person=person)
    return Status(204, None)


@router.get(
    "/people/{id}/positions",
    response={200: list[PositionOut], **READ_ERRORS},
    auth=None,
    tags=["people"],
    summary="A person's positions",
)
@paginate(ApiPagination)
def list_positions(request, id: int):
    person = get_or_404(Person.objects.all(), id)
    return person_positions(actor=actor(request), person=person)


@router.post(
    "/people/{id}/positions",
    response={201: PositionOut, **WRITE_ERRORS},
    tags=["people"],
    summary="Record a position of a person",
)
def create_position(request, id: int, payload: PositionIn):
    person = get_or_404(Person.objects.all(), id)
    data = _position_data(payload.model_dump())
    return Status(201, call_service(services.position_create, request, person=person, **data))


@router.patch(
    "/people/{id}/positions/{position_id}",
    response={200: PositionOut, **WRITE_ERRORS},
    tags=["people"],
    summary="Change a position",
)
def patch_position(request, id: int, position_id: int, payload: PositionPatch):
    person = get_or_404(Person.objects.all(), id)
    position = get_or_404(person.positions.all(), position_id)
    data = _position_data(payload.model_dump(exclude_unset=True))
    return call_service(services.position_update, request, position=position, data=data)


@router.delete(
    "/people/{id}/positions/{position_id}",
    response={204: None, **WRITE_ERRORS},
    tags=["people"],
    summary="Delete a position",
)
def delete_position(request, id: int, position_id: int):
    person = get_or_404(Person.objects.all(), id)
    position = get_or_404(person.positions.all(), position_id)
    call_service(services.position_delete, request, position=position)
    return Status(204, None)


# === bodies (产教融合体) ====================================================================


class DeclaredCountIn(InputSchema):
    """A count the body published (公布数量), e.g. 79 member units."""

    role: choice(Role) | None = Field(None, description="The member role counted, if any.")
    label: Text = Field(description="What is counted, as published (e.g. 成员单位).")
    value: int = Field(**COUNT)
    as_of: datetime.date | None = None
    source: Text = ""


class DeclaredCountOut(Schema):
    id: int
    role: str | None
    role_label: str | None
    label: str
    value: int
    as_of: datetime.date | None
    source: str

    @staticmethod
    def resolve_role_label(obj: DeclaredCount) -> str | None:
        return str(obj.get_role_display()) if obj.role else None


class RoleSummaryOut(Schema):
    """Registered current members of one role beside the count the body published."""

    role: str
    role_label: str
    registered: int
    declared: int | None
    missing: int

    @staticmethod
    def resolve_role_label(obj) -> str:
        return obj.label


class TermIn(InputSchema):
    """A council term (第N届理事会)."""

    number: int = Field(ge=1, le=32767)
    name: Text = ""
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None


TermPatch = partial_schema(TermIn, "TermPatch")


class TermOut(Schema):
    id: int
    number: int
    name: str
    display_name: str
    starts_on: datetime.date | None
    ends_on: datetime.date | None

    @staticmethod
    def resolve_display_name(obj: Term) -> str:
        return str(obj)


class CommitteeIn(InputSchema):
    """A committee (工作委员会, 专家智库委员会, 顾问团 …) of a body."""

    name: Text
    kind: choice(Committee.Kind) = Committee.Kind.OTHER.value
    term: Id | None = Field(None, description="Id of a term of the same body.")
    founded_on: datetime.date | None = None
    description: Text = ""


CommitteePatch = partial_schema(CommitteeIn, "CommitteePatch")


class CommitteeOut(Schema):
    id: int
    name: str
    kind: str
    kind_label: str
    term: TermRefOut | None
    founded_on: datetime.date | None
    description: str

    resolve_kind_label = display_of("kind")


class BodyIn(InputSchema):
    """A body (产教融合体): 职教集团, 产教融合共同体, 市域产教联合体, council, alliance …"""

    name: Text = Field(description="Full name; unique.")
    short_name: Text = ""
    english_name: Text = ""
    kind: choice(Body.Kind)
    level: choice(Body.Level) = Body.Level.OTHER.value
    industry: Text = ""
    region: Text = ""
    region_code: Text = Field("", description="Six-digit administrative division code.")
    founded_on: datetime.date | None = None
    approval_document: Text = ""
    approved_by: Id | None = Field(None, description="Id of the approving organisation.")
    parent: Id | None = Field(None, description="Id of the parent body.")
    status: choice(Body.Status) = Body.Status.ACTIVE.value
    is_published: bool = True
    website: Text = ""
    aliases: list[Text] = Field(default_factory=list)
    description: Text = ""


BodyPatch = partial_schema(BodyIn, "BodyPatch")


class BodyCreateIn(BodyIn):
    declared_counts: list[DeclaredCountIn] = Field(
        default_factory=list, description="Published counts to record with the body."
    )


class BodyListOut(Schema):
    id: int
    name: str
    short_name: str
    kind: str
    kind_label: str
    level: str
    level_label: str
    region: str
    status: str
    status_label: str
    founded_on: datetime.date | None
    is_published: bool
    member_count: int = Field(description="Distinct organisations currently members.")

    resolve_kind_label = display_of("kind")

    resolve_level_label = display_of("level")

    resolve_status_label = display_of("status")


class BodyOut(BodyListOut):
    english_name: str
    industry: str
    region_code: str
    approval_document: str
    approved_by: RefOut | None
    parent: RefOut | None
    website: str
    aliases: list[str]
    description: str
    declared_counts: list[DeclaredCountOut]
    member_summary: list[RoleSummaryOut] = Field(
        description="Current members per role, with the published count beside them."
    )
    terms: list[TermOut]
    committees: list[CommitteeOut]
    updated_at: datetime.datetime

    @staticmethod
    def resolve_aliases(obj: Body) -> list[str]:
        return obj.alias_list

    @staticmethod
    def resolve_parent(obj: Body, context) -> Body | None:
        if obj.parent is None:
            return None
        return next(iter(only_visible_bodies(context["request"], [obj.parent])), None)

    @staticmethod
    def resolve_declared_counts(obj: Body):
        return obj.declared_counts.all()

    @staticmethod
    def resolve_member_summary(obj: Body, context):
        return body_member_summary(actor=actor(context["request"]), body=obj)

    @staticmethod
    def resolve_terms(obj: Body):
        return obj.terms.all()

    @staticmethod
    def resolve_committees(obj: Body, context):
        return body_committees(actor=actor(context["request"]), body=obj)


class BodyFilters(Schema):
    q: Text | None = Field(None, description="Words to find in names and aliases.")
    kind: choice(Body.Kind) | None = None
    level: choice(Body.Level) | None = None
    region: Text | None = Field(None, description="Part of the region name.")
    status: choice(Body.Status) | None = None
    year: Year | None = Field(None, description="Founded in this year.")


class MembershipIn(InputSchema):
    """A unit's role in the body (成员关系)."""

    organization: Id
    role: choice(Role) = Role.MEMBER.value
    term: Id | None = Field(None, description="Id of a term (届) of this body.")
    since: datetime.date | None = None
    until: datetime.date | None = None
    contact: Text = ""
    notes: Text = ""


class MembershipPatchIn(InputSchema):
    role: choice(Role)
    term: Id | None = None
    since: datetime.date | None = None
    until: datetime.date | None = Field(None, description="Set to record the unit leaving.")
    contact: Text = ""
    notes: Text = ""


MembershipPatch = partial_schema(MembershipPatchIn, "MembershipPatch")


class MemberOrganizationOut(Schema):
    id: int
    name: str
    kind: str
    kind_label: str

    resolve_kind_label = display_of("kind")


class MembershipOut(Schema):
    id: int
    organization: MemberOrganizationOut
    role: str
    role_label: str
    term: TermRefOut | None
    since: datetime.date | None
    until: datetime.date | None
    contact: str | None = Field(
        description="The unit's contact (name, phone, e-mail): null unless the reader is the "
        "unit, the body's secretariat or an admin."
    )
    notes: str | None = Field(description="Internal notes: null on the same terms as contact.")

    resolve_role_label = display_of("role")
    resolve_contact = personal_value("contact")
    resolve_notes = personal_value("notes")


class MemberFilters(Schema):
    role: choice(Role) | None = None
    current: QueryBool = Field(True, description="Only current members (false: former ones too).")


def _bodies(request):
    return body_list(actor=actor(request)).select_related("approved_by", "parent")


def _body_data(request, payload: dict[str, Any]) -> dict[str, Any]:
    if "aliases" in payload:
        payload["aliases"] = "\n".join(payload["aliases"] or [])
    if "approved_by" in payload:
        payload["approved_by"] = resolve_one(
            Organization.objects.all(), payload["approved_by"], "approved_by"
        )
    if "parent" in payload:
        payload["parent"] = resolve_one(visible_bodies(actor(request)), payload["parent"], "parent")
    return payload


@router.get(
    "/bodies",
    response={200: list[BodyListOut], **READ_ERRORS},
    auth=None,
    tags=["bodies"],
    summary="List bodies",
)
@paginate(ApiPagination)
def list_bodies(request, filters: Query[BodyFilters]):
    return body_list(actor=actor(request), **filters.model_dump())


@router.get(
    "/bodies/{id}",
    response={200: BodyOut, **READ_ERRORS},
    auth=None,
    tags=["bodies"],
    summary="One body with member counts per role, declared counts, terms and committees",
)
def get_body(request, id: int):
    return get_or_404(_bodies(request), id)


@router.post(
    "/bodies",
    response={201: BodyOut, **WRITE_ERRORS},
    tags=["bodies"],
    summary="Register a body (admins)",
)
def create_body(request, payload: BodyCreateIn):
    data = _body_data(request, payload.model_dump())
    body = call_service(services.body_create, request, **data)
    return Status(201, get_or_404(_bodies(request), body.pk))


@router.patch(
    "/bodies/{id}",
    response={200: BodyOut, **WRITE_ERRORS},
    tags=["bodies"],
    summary="Change some fields of a body (its secretariat or an admin)",
)
def patch_body(request, id: int, payload: BodyPatch):
    body = get_or_404(visible_bodies(actor(request)), id)
    data = _body_data(request, payload.model_dump(exclude_unset=True))
    call_service(services.body_update, request, body=body, data=data)
    return get_or_404(_bodies(request), id)


@router.put(
    "/bodies/{id}",
    response={200: BodyOut, **WRITE_ERRORS},
    tags=["bodies"],
    summary="Replace a body's record (fields left out get their defaults)",
)
def put_body(request, id: int, payload: BodyIn):
    body = get_or_404(visible_bodies(actor(request)), id)
    data = _body_data(request, payload.model_dump())
    call_service(services.body_update, request, body=body, data=data)
    return get_or_404(_bodies(request), id)


@router.delete(
    "/bodies/{id}",
    response={204: None, **WRITE_ERRORS},
    tags=["bodies"],
    summary="Delete a body with everything that belongs to it (admins)",
)
def delete_body(request, id: int):
    body = get_or_404(visible_bodies(actor(request)), id)
    call_service(services.body_delete, request, body=body)
    return Status(204, None)


# --- members (成员单位) ----------------------------------------------------------------------


def _membership_data(body: Body, payload: dict[str, Any]) -> dict[str, Any]:
    if "organization" in payload:
        payload["organization"] = resolve_one(
            Organization.objects.all(), payload["organization"], "organization"
        )
    if "term" in payload:
        payload["term"] = resolve_one(body.terms.all(), payload["term"], "term")
    return payload


@router.get(
    "/bodies/{id}/members",
    response={200: list[MembershipOut], **READ_ERRORS},
    auth=None,
    tags=["bodies"],
    summary="A body's member units with their roles",
)
@paginate(ApiPagination)
def list_members(request, id: int, filters: Query[MemberFilters]):
    body = get_or_404(visible_bodies(actor(request)), id)
    return body_members(actor=actor(request), body=body, **filters.model_dump())


@router.post(
    "/bodies/{id}/members",
    response={201: MembershipOut, **WRITE_ERRORS},
    tags=["bodies"],
    summary="Admit a unit into the body in a role (its secretariat or an admin)",
)
def create_member(request, id: int, payload: MembershipIn):
    body = get_or_404(visible_bodies(actor(request)), id)
    data = _membership_data(body, payload.model_dump())
    return Status(201, call_service(services.membership_create, request, body=body, **data))


@router.patch(
    "/bodies/{id}/members/{membership_id}",
    response={200: MembershipOut, **WRITE_ERRORS},
    tags=["bodies"],
    summary="Change a membership: role, term, dates (set `until` when a unit leaves), contact",
)
def patch_member(request, id: int, membership_id: int, payload: MembershipPatch):
    body = get_or_404(visible_bodies(actor(request)), id)
    membership = get_or_404(body.memberships.all(), membership_id)
    data = _membership_data(body, payload.model_dump(exclude_unset=True))
    return call_service(services.membership_update, request, membership=membership, data=data)


@router.delete(
    "/bodies/{id}/members/{membership_id}",
    response={204: None, **WRITE_ERRORS},
    tags=["bodies"],
    summary="Delete a membership recorded by mistake",
)
def delete_member(request, id: int, membership_id: int):
    body = get_or_404(visible_bodies(actor(request)), id)
    membership = get_or_404(body.memberships.all(), membership_id)
    call_service(services.membership_delete, request, membership=membership)
    return Status(204, None)


# --- terms (届) ----------------------------------------------------------------------------


@router.get(
    "/bodies/{id}/terms",
    response={200: list[TermOut], **READ_ERRORS},
    auth=None,
    tags=["bodies"],
    summary="A body's council terms",
)
@paginate(ApiPagination)
def list_terms(request, id: int):
    return get_or_404(visible_bodies(actor(request)), id).terms.all()


@router.post(
    "/bodies/{id}/terms",
    response={201: TermOut, **WRITE_ERRORS},
    tags=["bodies"],
    summary="Open a council term",
)
def create_term(request, id: int, payload: TermIn):
    body = get_or_404(visible_bodies(actor(request)), id)
    return Status(
        201, call_service(services.term_create, request, body=body, **payload.model_dump())
    )


@router.patch(
    "/bodies/{id}/terms/{term_id}",
    response={200: TermOut, **WRITE_ERRORS},
    tags=["bodies"],
    summary="Change a council term",
)
def patch_term(request, id: int, term_id: int, payload: TermPatch):
    body = get_or_404(visible_bodies(actor(request)), id)
    term = get_or_404(body.terms.all(), term_id)
    data = payload.model_dump(exclude_unset=True)
    return call_service(services.term_update, request, term=term, data=data)


@router.delete(
    "/bodies/{id}/terms/{term_id}",
    response={204: None, **WRITE_ERRORS},
    tags=["bodies"],
    summary="Delete a council term no membership refers to",
)
def delete_term(request, id: int, term_id: int):
    body = get_or_404(visible_bodies(actor(request)), id)
    term = get_or_404(body.terms.all(), term_id)
    call_service(services.term_delete, request, term=term)
    return Status(204, None)


# --- committees (委员会) --------------------------------------------------------------------


def _committee_data(body: Body, payload: dict[str, Any]) -> dict[str, Any]:
    if "term" in payload:
        payload["term"] = resolve_one(body.terms.all(), payload["term"], "term")
    return payload


@router.get(
    "/bodies/{id}/committees",
    response={200: list[CommitteeOut], **READ_ERRORS},
    auth=None,
    tags=["bodies"],
    summary="A body's committees",
)
@paginate(ApiPagination)
def list_committees(request, id: int):
    body = get_or_404(visible_bodies(actor(request)), id)
    return body_committees(actor=actor(request), body=body)


@router.post(
    "/bodies/{id}/committees",
    response={201: CommitteeOut, **WRITE_ERRORS},
    tags=["bodies"],
    summary="Set up a committee",
)
def create_committee(request, id: int, payload: CommitteeIn):
    body = get_or_404(visible_bodies(actor(request)), id)
    data = _committee_data(body, payload.model_dump())
    return Status(201, call_service(services.committee_create, request, body=body, **data))


@router.patch(
    "/bodies/{id}/committees/{committee_id}",
    response={200: CommitteeOut, **WRITE_ERRORS},
    tags=["bodies"],
    summary="Change a committee",
)
def patch_committee(request, id: int, committee_id: int, payload: CommitteePatch):
    body = get_or_404(visible_bodies(actor(request)), id)
    committee = get_or_404(body.committees.all(), committee_id)
    data = _committee_data(body, payload.model_dump(exclude_unset=True))
    return call_service(services.committee_update, request, committee=committee, data=data)


@router.delete(
    "/bodies/{id}/committees/{committee_id}",
    response={204: None, **WRITE_ERRORS},
    tags=["bodies"],
    summary="Delete a committee",
)
def delete_committee(request, id: int, committee_id: int):
    body = get_or_404(visible_bodies(actor(request)), id)
    committee = get_or_404(body.committees.all(), committee_id)
    call_service(services.committee_delete, request, committee=committee)
    return Status(204, None)


# --- declared counts (公布数量) -------------------------------------------------------------


@router.get(
    "/bodies/{id}/declared-counts",
    response={200: list[DeclaredCountOut], **READ_ERRORS},
    auth=None,
    tags=["bodies"],
    summary="Counts the body published",
)
@paginate(ApiPagination)
def list_declared_counts(request, id: int):
    return get_or_404(visible_bodies(actor(request)), id).declared_counts.all()


@router.post(
    "/bodies/{id}/declared-counts",
    response={200: DeclaredCountOut, **WRITE_ERRORS},
    tags=["bodies"],
    summary="Set a published count (one per role: setting a role again replaces it)",
)
def set_declared_count(request, id: int, payload: DeclaredCountIn):
    body = get_or_404(visible_bodies(actor(request)), id)
    return call_service(services.declared_count_set, request, body=body, **payload.model_dump())


@router.delete(
    "/bodies/{id}/declared-counts/{count_id}",
    response={204: None, **WRITE_ERRORS},
    tags=["bodies"],
    summary="Delete a published count",
)
def delete_declared_count(request, id: int, count_id: int):
    body = get_or_404(visible_bodies(actor(request)), id)
    declared_count = get_or_404(body.declared_counts.all(), count_id)
    call_service(services.declared_count_delete, request, declared_count=declared_count)
    return Status(204, None)
