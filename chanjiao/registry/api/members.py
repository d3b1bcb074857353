"""API: a body's members (成员单位), terms (届), committees (委员会) and declared counts
(公布数量)."""

from functools import partial
from typing import Any

from chanjiao.core.api import (
    WRITE_ERRORS,
    actor,
    call_service,
    get_or_404,
    rows_for,
)
from chanjiao.core.crud_api import Crud

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
    DeclaredCountIn,
    DeclaredCountOut,
    MemberFilters,
    MembershipIn,
    MembershipOut,
    MembershipPatch,
    MembershipPatchIn,
    TermIn,
    TermOut,
)


def _body(request, id: int) -> Body:
    """The body named in the path, if the reader may see it (else 404)."""
    return get_or_404(visible_bodies(actor(request)), id)


def _terms(request, body: Body):
    return body.terms.all()


#: What a body's resources share: the router, the tag, the services and the body in the path.
_under_body = partial(
    Crud, router, __name__, tag="bodies", services=services, parent=_body, parent_name="body"
)


# --- members (成员单位) ----------------------------------------------------------------------


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


def _members(request, body: Body, **filters: Any):
    # Only the columns the response shows: a page of 50 rows no longer reads (and parses)
    # the timestamps of every membership and unit.
    return body_members(actor=actor(request), body=body, **filters).only(*MEMBER_COLUMNS)


def _member_rows(request, body: Body):
    """Every membership of the body, former ones too, as the list shows them (contacts and
    notes redacted for those who may not read them), with the version (``updated_at``)."""
    return body_members(actor=actor(request), body=body, current=False).only(
        *MEMBER_COLUMNS, "updated_at"
    )


_under_body(
    "/bodies/{id}/members",
    name="member",
    service="membership",
    out=MembershipOut,
    rows="memberships",
    listing=_members,
    scope=_member_rows,
    filters=MemberFilters,
    create_input=MembershipIn,
    patch_input=MembershipPatch,
    put_input=MembershipPatchIn,
    refs=rows_for(organization=Organization.objects, term=_terms),
    summaries={
        "list": "A body's member units with their roles",
        "get": "One membership of the body (contact and notes on the same terms as the list)",
        "create": "Admit a unit into the body in a role (its secretariat or an admin)",
        "patch": "Change a membership: role, term, dates (set `until` when a unit leaves), contact",
        "put": "Replace a membership's record (the unit stays; fields left out get their defaults)",
        "delete": "Delete a membership recorded by mistake",
    },
).register()


# --- terms (届) ----------------------------------------------------------------------------

_under_body(
    "/bodies/{id}/terms",
    name="term",
    out=TermOut,
    rows="terms",
    create_input=TermIn,
    summaries={
        "list": "A body's council terms",
        "get": "One council term",
        "create": "Open a council term",
        "patch": "Change a council term",
        "put": "Replace a council term's record (fields left out get their defaults)",
        "delete": "Delete a council term no membership refers to",
    },
).register()


# --- committees (委员会) --------------------------------------------------------------------


_under_body(
    "/bodies/{id}/committees",
    name="committee",
    out=CommitteeOut,
    rows="committees",
    listing=lambda request, body: body_committees(actor=actor(request), body=body),
    scope=lambda request, body: body.committees.select_related("term"),
    create_input=CommitteeIn,
    refs=rows_for(term=_terms),
    summaries={
        "list": "A body's committees",
        "get": "One committee",
        "create": "Set up a committee",
        "patch": "Change a committee",
        "put": "Replace a committee's record (fields left out get their defaults)",
        "delete": "Delete a committee",
    },
).register()


# --- declared counts (公布数量) -------------------------------------------------------------

_under_body(
    "/bodies/{id}/declared-counts",
    name="declared_count",
    out=DeclaredCountOut,
    rows="declared_counts",
    item="count_id",
    put_input=DeclaredCountIn,
    summaries={
        "list": "Counts the body published",
        "get": "One published count",
        "patch": "Correct some fields of a published count",
        "put": "Replace a published count (fields left out get their defaults)",
        "delete": "Delete a published count",
    },
).register()


@router.post(
    "/bodies/{id}/declared-counts",
    response={200: DeclaredCountOut, **WRITE_ERRORS},
    tags=["bodies"],
    summary="Set a published count (one per role: setting a role again replaces it)",
)
def set_declared_count(request, id: int, payload: DeclaredCountIn):
    body = _body(request, id)
    return call_service(services.declared_count_set, request, body=body, **payload.model_dump())
