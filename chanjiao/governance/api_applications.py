"""REST endpoints of applications to join (入会申请).

Anyone may apply to a published body (``POST /membership-applications``, no account needed); the answer
carries the status token once, with which the applicant reads where the application stands
(``POST /membership-application-status``). The body's secretariat (and admins) list and review the
applications — they carry the applicant's contact, which nobody else reads — and put complete
ones on an admission motion (``applications`` of ``POST /meetings/{id}/motions``).
"""

import datetime
from typing import Literal

from ninja import Field, Router, Schema
from ninja.responses import Status

from chanjiao.accounts.privacy import personal_value
from chanjiao.core.api import (
    WRITE_ERRORS,
    actor,
    call_service,
    get_or_404,
    rows_for,
)
from chanjiao.core.crud_api import Crud
from chanjiao.core.schemas import Id, InputSchema, OutSchema, RefOut, Text, choice
from chanjiao.registry.api import bodies_seen
from chanjiao.registry.models import Organization

from . import selectors, services
from .models import Application

router = Router()

TAG = "governance"


class MembershipApplicationIn(InputSchema):
    """A unit's application to join a body."""

    body: Id
    name: Text = Field(max_length=200)
    credit_code: Text = Field("", max_length=18, description="统一社会信用代码 (18 characters)")
    kind: choice(Organization.Kind) = Organization.Kind.OTHER.value
    region: Text = Field("", max_length=100)
    description: Text = ""
    requested_role: Literal[tuple(r.value for r in services.REQUESTABLE_ROLES)] = "member"  # type: ignore[valid-type]
    contact_name: Text = Field(max_length=100)
    contact_phone: Text = Field("", max_length=30)
    contact_email: Text = Field("", max_length=254)


class MembershipApplicationOut(OutSchema):
    id: int
    body: RefOut
    name: str
    credit_code: str
    kind: str
    region: str
    description: str
    requested_role: str
    status: str
    status_label: str
    review_note: str
    organization: RefOut | None
    motion: int | None = Field(validation_alias="motion_id")
    has_file: bool
    contact_name: str | None
    contact_phone: str | None
    contact_email: str | None
    created_at: datetime.datetime

    resolve_contact_name = personal_value("contact_name")
    resolve_contact_phone = personal_value("contact_phone")
    resolve_contact_email = personal_value("contact_email")

    @staticmethod
    def resolve_has_file(obj: Application) -> bool:
        return bool(obj.file)


class MembershipApplicationCreated(Schema):
    id: int
    status: str
    status_token: str = Field(
        description="Shown once: the applicant's key to POST /membership-application-status (and the "
        "status page /governance/applications/status/{token}/)."
    )


@router.post(
    "/membership-applications",
    response={201: MembershipApplicationCreated, **WRITE_ERRORS},
    tags=[TAG],
    summary="Apply to join a published body (no account needed)",
    auth=None,
)
def submit_application(request, payload: MembershipApplicationIn):
    data = rows_for(body=bodies_seen)(request, payload.model_dump())
    application, token = call_service(
        services.application_submit, request, site=request.build_absolute_uri("/"), **data
    )
    return Status(201, {"id": application.pk, "status": application.status, "status_token": token})


class MembershipApplicationFilter(Schema):
    body: Id | None = None
    status: choice(Application.Status) | None = None


Crud(
    router,
    __name__,
    "/membership-applications",
    tag=TAG,
    name="membership_application",
    out=MembershipApplicationOut,
    services=services,
    selector=selectors.application_list,
    filters=MembershipApplicationFilter,
    summaries={
        "list": "Applications to join the bodies whose secretariat the reader is (admins: all)",
        "get": "One application to join",
    },
).register()


def _application(request, id: int) -> Application:
    return get_or_404(selectors.application_list(actor=actor(request)), id)


class MembershipApplicationReviewIn(InputSchema):
    decision: Literal["complete", "incomplete", "decline"] = Field(
        description="complete: ready for an admission motion; incomplete: ask for more (say "
        "what in note); decline: 不予受理 (say why in note)"
    )
    note: Text = ""


@router.post(
    "/membership-applications/{id}/review",
    response={200: MembershipApplicationOut, **WRITE_ERRORS},
    tags=[TAG],
    summary="Check an application: complete, ask for more, or decline (the secretariat)",
)
def review_application(request, id: int, payload: MembershipApplicationReviewIn):
    application = Application.objects.get(pk=_application(request, id).pk)
    call_service(
        services.application_review, request, application=application, **payload.model_dump()
    )
    return _application(request, id)


class MembershipApplicationStatusIn(InputSchema):
    token: Text = Field(max_length=100)


class MembershipApplicationStatusOut(Schema):
    body: RefOut
    name: str
    status: str
    review_note: str
    meeting: str | None
    motion: str | None
    resolution_passed: bool | None


@router.post(
    "/membership-application-status",
    response={200: MembershipApplicationStatusOut, **WRITE_ERRORS},
    tags=[TAG],
    summary="Where an application stands, for the holder of its status token",
    auth=None,
)
def application_status(request, payload: MembershipApplicationStatusIn):
    application = services.application_for_token(payload.token)
    if application is None:
        return Status(404, {"detail": "No application with this token."})
    motion = application.motion
    resolution = getattr(motion, "resolution", None) if motion else None
    return {
        "body": application.body,
        "name": application.name,
        "status": application.status,
        "review_note": application.review_note,
        "meeting": motion.meeting.title if motion else None,
        "motion": motion.title if motion else None,
        "resolution_passed": resolution.passed if resolution else None,
    }
