"""API: organisations (单位) and their memberships."""

import datetime
from typing import Any

from ninja import Field
from ninja.pagination import paginate

from chanjiao.core.api import READ_ERRORS, ApiPagination, actor, get_or_404
from chanjiao.core.crud_api import Crud
from chanjiao.core.schemas import (
    InputSchema,
    OutSchema,
    RefOut,
    Text,
    choice,
)

from .. import services
from ..lists import ORGANIZATION_FILTERS, ORGANIZATIONS
from ..models import Membership, Organization, Term
from ..selectors import (
    organization_list,
    organization_memberships,
)
from .base import router

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


class OrganizationOut(OutSchema):
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

    @staticmethod
    def resolve_aliases(obj: Organization) -> list[str]:
        return obj.alias_list


OrganizationFilters = ORGANIZATION_FILTERS.schema()


class TermRefOut(OutSchema):
    id: int
    number: int
    name: str

    @staticmethod
    def resolve_name(obj: Term) -> str:
        return str(obj)


class OrganizationMembershipOut(OutSchema):
    """A body the organisation belongs to, and its role there."""

    id: int
    body: RefOut
    role: str
    role_label: str
    term: TermRefOut | None
    since: datetime.date | None
    until: datetime.date | None
    is_current: bool = Field(
        description="In force today: begun (or with no start) and not yet ended; a unit that "
        "gave notice is current until `until`."
    )

    @staticmethod
    def resolve_is_current(obj: Membership) -> bool:
        return obj.in_force


def _organization_data(request, payload: dict[str, Any]) -> dict[str, Any]:
    if "aliases" in payload:
        payload["aliases"] = "\n".join(payload["aliases"] or [])
    return payload


def _organizations(request):
    return Organization.objects.all()


Crud(
    router,
    __name__,
    "/organizations",
    tag="organizations",
    name="organization",
    out=OrganizationOut,
    services=services,
    selector=organization_list,
    scope=_organizations,
    filters=OrganizationFilters,
    sorts=ORGANIZATIONS,
    create_input=OrganizationIn,
    refs=_organization_data,
    reread=False,
    summaries={
        "list": "List organisations",
        "get": "One organisation",
        "create": "Register an organisation (admins and secretariats)",
        "patch": "Change some fields of an organisation (its contact or an admin)",
        "put": "Replace an organisation's record (fields left out get their defaults)",
        "delete": "Delete an organisation nothing refers to (admins)",
    },
).register()


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
