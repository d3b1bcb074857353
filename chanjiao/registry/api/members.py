"""API: a body's members (成员单位), terms (届), committees (委员会) and declared counts
(公布数量)."""

from typing import Any

from ninja import Query
from ninja.pagination import paginate
from ninja.responses import Status

from chanjiao.core.api import (
    READ_ERRORS,
    WRITE_ERRORS,
    ApiPagination,
    actor,
    call_service,
    get_or_404,
    resolve_one,
)

from .. import services
from ..models import Body, Organization
from ..selectors import (
    body_committees,
    body_members,
    visible_bodies,
)
from .base import router
from .bodies import (
    CommitteeIn,
    CommitteeOut,
    CommitteePatch,
    DeclaredCountIn,
    DeclaredCountOut,
    MemberFilters,
    MembershipIn,
    MembershipOut,
    MembershipPatch,
    TermIn,
    TermOut,
    TermPatch,
)

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
    members = body_members(actor=actor(request), body=body, **filters.model_dump())
    # Only the columns the response shows: a page of 50 rows no longer reads (and parses)
    # the timestamps of every membership and unit.
    return members.only(*MEMBER_COLUMNS)


#: What MembershipOut reads (with the redaction's keys): a page fetches nothing else.
MEMBER_COLUMNS = (
    "id",
    "body_id",
    "role",
    "since",
    "until",
    "contact",
    "notes",
    "organization__id",
    "organization__name",
    "organization__kind",
    "term__id",
    "term__number",
    "term__name",
)


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
