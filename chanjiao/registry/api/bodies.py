"""API: bodies (产教融合体), with the schemas of their members, terms, committees and
declared counts."""

import datetime
from typing import Any

from ninja import Field, Schema

from chanjiao.accounts.privacy import personal_value
from chanjiao.core.api import actor, resolve_one
from chanjiao.core.crud_api import Crud
from chanjiao.core.schemas import (
    Id,
    InputSchema,
    OutSchema,
    QueryBool,
    RefOut,
    Text,
    choice,
    partial_schema,
)

from .. import services
from ..lists import BODIES, BODY_FILTERS
from ..models import Body, Committee, DeclaredCount, Organization, Role, Term
from ..selectors import (
    body_committees,
    body_list,
    body_member_summary,
    visible_bodies,
)
from .base import COUNT, only_visible_bodies, router
from .organizations import TermRefOut

# === bodies (产教融合体) ====================================================================


class DeclaredCountIn(InputSchema):
    """A count the body published (公布数量), e.g. 79 member units."""

    role: choice(Role) | None = Field(None, description="The member role counted, if any.")
    label: Text = Field(description="What is counted, as published (e.g. 成员单位).")
    value: int = Field(**COUNT)
    as_of: datetime.date | None = None
    source: Text = ""


class DeclaredCountOut(OutSchema):
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


class RoleSummaryOut(OutSchema):
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


class TermOut(OutSchema):
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


class CommitteeOut(OutSchema):
    id: int
    name: str
    kind: str
    kind_label: str
    term: TermRefOut | None
    founded_on: datetime.date | None
    description: str


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


class BodyCreateIn(BodyIn):
    declared_counts: list[DeclaredCountIn] = Field(
        default_factory=list, description="Published counts to record with the body."
    )


class BodyListOut(OutSchema):
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


BodyFilters = BODY_FILTERS.schema()


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


class MemberOrganizationOut(OutSchema):
    id: int
    name: str
    kind: str
    kind_label: str


class MembershipOut(OutSchema):
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


Crud(
    router,
    __name__,
    "/bodies",
    tag="bodies",
    name="body",
    plural="bodies",
    out=BodyOut,
    list_out=BodyListOut,
    put_input=BodyIn,
    services=services,
    selector=body_list,
    scope=_bodies,
    filters=BodyFilters,
    sorts=BODIES,
    create_input=BodyCreateIn,
    refs=_body_data,
    summaries={
        "list": "List bodies",
        "get": "One body with member counts per role, declared counts, terms and committees",
        "create": "Register a body (admins)",
        "patch": "Change some fields of a body (its secretariat or an admin)",
        "put": "Replace a body's record (fields left out get their defaults)",
        "delete": "Delete a body with everything that belongs to it (admins)",
    },
).register()
