"""REST endpoints of the membership lifecycle outside a vote (成员变动与处分).

``GET /bodies/{id}/member-history`` lists who joined, left by written notice, was removed by a
resolution or sanctioned, newest first; ``GET /sanctions`` the sanctions. Both are read by those
who read the body's meetings (its secretariat, supervising department, viewers, member units'
contacts, admins): a sanction's reason is internal. The body's secretariat records a withdrawal
(``POST /withdrawals``; its memberships end on the day it takes effect), a sanction
(``POST /sanctions``) and ends one early (``POST /sanctions/{id}/end``).
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from ninja import Field, Router
from ninja.pagination import paginate
from ninja.responses import Status

from chanjiao.core.api import (
    READ_ERRORS,
    WRITE_ERRORS,
    ApiPagination,
    actor,
    call_service,
    get_or_404,
    rows_for,
)
from chanjiao.core.crud_api import Actions, Crud
from chanjiao.core.schemas import ErrorOut, Id, InputSchema, OutSchema, RefOut, Text, choice
from chanjiao.registry.api import bodies_seen
from chanjiao.registry.models import Body, Membership, Organization
from chanjiao.registry.selectors import visible_bodies

from . import selectors, services
from .api import BodyFilter
from .models import Resolution, Sanction, Withdrawal

router = Router()

TAG = "governance"

# --- the history (成员变动) ---------------------------------------------------------------------


class MemberEventOut(OutSchema):
    """One membership event of a body."""

    kind: str = Field(description="joined, withdrew, removed, ended or sanctioned.")
    kind_label: str
    date: datetime.date | None = Field(description="The day it happened (null: not recorded).")
    organization: RefOut
    membership: int | None = Field(description="The membership's id (none for a withdrawal).")
    roles: list[str] = Field(description="The roles it concerns (a withdrawal ends them all).")
    resolution: int | None = Field(
        description="The resolution that admitted, removed, or a sanction rests on."
    )
    resolution_number: int | None
    withdrawal: int | None
    notice_on: datetime.date | None = Field(description="A withdrawal's written notice date.")
    sanction: int | None
    sanction_kind: str | None
    sanction_kind_label: str | None
    since: datetime.date | None = Field(description="A sanction's first day.")
    until: datetime.date | None = Field(description="A sanction's last day (null: open).")
    reason: str = Field(description="A withdrawal's or a sanction's reason (internal).")
    suspended: bool = Field(description="The unit's rights are suspended today (暂停权利).")

    @staticmethod
    def resolve_date(obj: selectors.MemberEvent) -> datetime.date | None:
        return obj.on

    @staticmethod
    def resolve_membership(obj: selectors.MemberEvent) -> int | None:
        return obj.membership.pk if obj.membership else None

    @staticmethod
    def resolve_resolution(obj: selectors.MemberEvent) -> int | None:
        return obj.resolution.pk if obj.resolution else None

    @staticmethod
    def resolve_resolution_number(obj: selectors.MemberEvent) -> int | None:
        return obj.resolution.number if obj.resolution else None

    @staticmethod
    def resolve_withdrawal(obj: selectors.MemberEvent) -> int | None:
        return obj.withdrawal.pk if obj.withdrawal else None

    @staticmethod
    def resolve_notice_on(obj: selectors.MemberEvent) -> datetime.date | None:
        return obj.withdrawal.notice_on if obj.withdrawal else None

    @staticmethod
    def resolve_sanction(obj: selectors.MemberEvent) -> int | None:
        return obj.sanction.pk if obj.sanction else None

    @staticmethod
    def resolve_sanction_kind(obj: selectors.MemberEvent) -> str | None:
        return obj.sanction.kind if obj.sanction else None

    @staticmethod
    def resolve_sanction_kind_label(obj: selectors.MemberEvent) -> str | None:
        return str(obj.sanction.get_kind_display()) if obj.sanction else None

    @staticmethod
    def resolve_since(obj: selectors.MemberEvent) -> datetime.date | None:
        return obj.sanction.since if obj.sanction else None

    @staticmethod
    def resolve_until(obj: selectors.MemberEvent) -> datetime.date | None:
        return obj.sanction.until if obj.sanction else None


def _members_body(request, id: int) -> Body:
    """The body if the reader reads its meetings: 404 if it may not see it, else 403."""
    reader = actor(request)
    body = Body.objects.filter(pk=id).first()
    if body is None or not selectors.may_read_members(reader, body):
        get_or_404(visible_bodies(reader), id)
        raise PermissionDenied(selectors.MEMBERS_DENIED)
    return body


@router.get(
    "/bodies/{id}/member-history",
    response={200: list[MemberEventOut], 403: ErrorOut, **READ_ERRORS},
    tags=[TAG],
    summary="A body's membership events (成员变动): joined, withdrew, removed, ended, "
    "sanctioned — newest first (those who read its meetings)",
    auth=None,
)
@paginate(ApiPagination)
def member_history(request, id: int):
    body = _members_body(request, id)
    return selectors.member_history(actor=actor(request), body=body)


# --- withdrawals (退出) -----------------------------------------------------------------------


class WithdrawalIn(InputSchema):
    """A member unit's written notice of withdrawal."""

    body: Id
    organization: Id = Field(description="A current member unit of the body.")
    notice_on: datetime.date = Field(description="The notice's date.")
    effective_on: datetime.date | None = Field(
        None, description="The day its memberships end (default: the notice's date)."
    )
    reason: Text = ""


class WithdrawalOut(OutSchema):
    id: int
    body: RefOut
    organization: RefOut
    notice_on: datetime.date
    effective_on: datetime.date
    reason: str
    has_file: bool = Field(description="A written notice file is kept (the secretariat's).")

    @staticmethod
    def resolve_has_file(obj: Withdrawal) -> bool:
        return bool(obj.file)


@router.post(
    "/withdrawals",
    response={201: WithdrawalOut, **WRITE_ERRORS},
    tags=[TAG],
    summary="Record a unit's withdrawal by written notice: its memberships end that day "
    "(the secretariat)",
)
def record_withdrawal(request, payload: WithdrawalIn):
    data = rows_for(body=bodies_seen, organization=Organization.objects)(
        request, payload.model_dump()
    )
    withdrawal = call_service(services.withdrawal_record, request, **data)
    return Status(201, withdrawal)


# --- sanctions (处分) -------------------------------------------------------------------------


class SanctionOut(OutSchema):
    id: int
    body: RefOut
    organization: RefOut
    membership: int = Field(validation_alias="membership_id")
    kind: str
    kind_label: str
    reason: str = Field(description="Internal: read only by those who read the body's meetings.")
    since: datetime.date
    until: datetime.date | None = Field(description="Its last day (null: until ended).")
    resolution: int | None = Field(validation_alias="resolution_id")
    in_force: bool = Field(description="It applies today.")

    @staticmethod
    def resolve_body(obj: Sanction) -> Body:
        return obj.membership.body

    @staticmethod
    def resolve_organization(obj: Sanction) -> Organization:
        return obj.membership.organization

    @staticmethod
    def resolve_in_force(obj: Sanction) -> bool:
        today = timezone.localdate()
        return obj.since <= today and (obj.until is None or obj.until >= today)


Crud(
    router,
    __name__,
    "/sanctions",
    tag=TAG,
    name="sanction",
    out=SanctionOut,
    services=services,
    selector=selectors.sanction_list,
    filters=BodyFilter,
    summaries={"list": "Sanctions (处分) of the bodies whose meetings the reader reads"},
).register()


class SanctionIn(InputSchema):
    membership: Id = Field(description="A current membership.")
    kind: choice(Sanction.Kind)
    reason: Text = Field(min_length=1)
    since: datetime.date
    until: datetime.date | None = Field(None, description="Its last day (null: until ended).")
    resolution: Id | None = Field(None, description="The body's resolution it rests on.")


@router.post(
    "/sanctions",
    response={201: SanctionOut, **WRITE_ERRORS},
    tags=[TAG],
    summary="Record a sanction on a membership: 通报批评, 警告 or 暂停权利 (the secretariat)",
)
def create_sanction(request, payload: SanctionIn):
    data = rows_for(
        membership=Membership.objects.select_related("body"),
        resolution=Resolution.objects.select_related("motion__meeting"),
    )(request, payload.model_dump())
    sanction = call_service(services.sanction_create, request, **data)
    return Status(201, _sanction(request, sanction.pk))


def _sanction(request, id: int) -> Sanction:
    return get_or_404(selectors.sanction_list(actor=actor(request)), id)


class SanctionEndIn(InputSchema):
    until: datetime.date = Field(
        description="The sanction's last day: a suspended unit votes again the day after."
    )


Actions(router, __name__, "/sanctions/{id}", "sanction", SanctionOut, _sanction, TAG).add(
    "end",
    services.sanction_end,
    "End a sanction early, lifting a suspension (the secretariat)",
    payload=SanctionEndIn,
)
