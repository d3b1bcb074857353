"""API: organisations (单位) and their memberships."""

import datetime
from typing import Any

from ninja import Field, Query, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from chanjiao.core.api import (
    READ_ERRORS,
    WRITE_ERRORS,
    ApiPagination,
    Id,
    InputSchema,
    OutSchema,
    RefOut,
    Text,
    actor,
    call_service,
    choice,
    display_of,
    get_or_404,
    partial_schema,
)

from .. import services
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


OrganizationPatch = partial_schema(OrganizationIn, "OrganizationPatch")


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

    resolve_kind_label = display_of("kind")

    @staticmethod
    def resolve_aliases(obj: Organization) -> list[str]:
        return obj.alias_list


class OrganizationFilters(Schema):
    q: Text | None = Field(None, description="Words to find in names, aliases or credit code.")
    kind: choice(Organization.Kind) | None = None
    region: Text | None = Field(None, description="Part of the region name.")
    body: Id | None = Field(None, description="Only members (current or former) of this body.")


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
