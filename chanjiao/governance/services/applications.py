"""Applications to join (入会申请): a unit applies from the body's public page, the secretariat
checks it (complete, or asks for more), puts it on an admission motion, and the resolution
decides. The applicant follows it through a private status link (its token is shown once; only
its SHA-256 is stored, as for invitations) and supplies what the secretariat asks for there.
"""

from __future__ import annotations

import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from chanjiao.core.changelog import Actor, create_object, given, update_object
from chanjiao.core.mail import page_language
from chanjiao.core.models import ObjectChange
from chanjiao.registry.models import Body, Membership, Organization, Role
from chanjiao.registry.selectors import organizations_called

from .. import notices
from ..models import Application, Motion, Resolution
from .organs import may_run

#: The roles a unit may ask for; the council's leaders are elected, not applied for.
REQUESTABLE_ROLES = (Role.MEMBER, Role.DIRECTOR, Role.EXECUTIVE_MEMBER)

#: Applications still waiting for a decision (one per unit and body at a time).
OPEN = (
    Application.Status.SUBMITTED,
    Application.Status.INCOMPLETE,
    Application.Status.COMPLETE,
    Application.Status.ON_AGENDA,
)

#: What the applicant may change while the secretariat asks for more.
APPLICANT_FIELDS = (
    "name",
    "credit_code",
    "kind",
    "region",
    "description",
    "requested_role",
    "contact_name",
    "contact_phone",
    "contact_email",
)


#: The ``actor_name`` of the change-log rows an applicant writes without signing in: the
#: history reads them as the applicant's (:mod:`chanjiao.governance.history_rows`).
APPLICANT = "applicant"


def _by_applicant(write) -> Application:
    """``write()`` (a write of an application by its applicant), whose change-log rows written
    with no user (an applicant not signed in) are marked as the applicant's, not the
    platform's."""
    with transaction.atomic():
        last = ObjectChange.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        application = write()
        ObjectChange.objects.filter(
            pk__gt=last,
            actor__isnull=True,
            content_type__app_label="governance",
            content_type__model="application",
            object_id=application.pk,
        ).update(actor_name=APPLICANT)
    return application


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _matching_unit(name: str, credit_code: str) -> Organization | None:
    """The registered unit the application is from: by credit code, else by its name, alias or
    short name when that names one unit (as every registry path matches)."""
    if credit_code:
        unit = Organization.objects.filter(credit_code=credit_code).first()
        if unit is not None:
            return unit
    units = organizations_called(name)
    return units[0] if len(units) == 1 else None


def _check(body: Body, data: dict, *, exclude: int | None = None) -> Organization | None:
    """Validate what an applicant gives; returns the registered unit it matches, if any."""
    if data.get("requested_role") not in REQUESTABLE_ROLES:
        raise ValidationError(
            {"requested_role": _("可申请的角色为成员单位、理事单位或常务理事单位")}
        )
    if not (data.get("contact_phone") or data.get("contact_email")):
        raise ValidationError({"contact_phone": _("请至少填写联系电话或电子邮箱之一")})
    unit = _matching_unit(data["name"], data.get("credit_code", ""))
    ends = [] if unit is None else [m.until for m in unit.memberships.filter(body=body).not_ended()]
    if ends and None not in ends:
        raise ValidationError(
            {
                "name": _("%(unit)s 仍是本产教融合体的成员，将于 %(day)s 退出，届时方可再申请")
                % {"unit": unit, "day": max(ends).isoformat()}
            }
        )
    if ends:
        raise ValidationError({"name": _("%(unit)s 已是本产教融合体的成员") % {"unit": unit}})
    same = Q(name=data["name"])
    if data.get("credit_code"):
        same |= Q(credit_code=data["credit_code"])
    pending = Application.objects.filter(same, body=body, status__in=OPEN)
    if exclude is not None:
        pending = pending.exclude(pk=exclude)
    if pending.exists():
        raise ValidationError({"name": _("该单位已有一份申请在办理中，请通过申请进度链接查看")})
    return unit


def application_submit(
    *,
    actor: Actor,
    body: Body,
    name: str,
    contact_name: str,
    kind: str = Organization.Kind.OTHER,
    credit_code: str = "",
    region: str = "",
    description: str = "",
    requested_role: str = Role.MEMBER,
    contact_phone: str = "",
    contact_email: str = "",
    file=None,
    site: str = "",
) -> tuple[Application, str]:
    """A unit applies to join ``body`` (anyone may, signed in or not, while the body is
    published). Returns the application and the raw token of its status link, which is also
    mailed to the e-mail address given (``site``: the site's address, for the link)."""
    fields = given(locals(), "site")
    if not body.is_published:
        raise ValidationError(_("该产教融合体未公开，不接受申请"))
    unit = _check(body, fields)
    raw = secrets.token_urlsafe(24)
    fields.update(
        organization=unit,
        token_hash=_hash(raw),
        file_name=(getattr(file, "name", "") or "")[:200],
        submitted_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    application = _by_applicant(
        lambda: create_object(Application, actor=actor, data=fields, related=body)
    )
    notices.application_notice(
        application,
        notices.SUBMITTED,
        url=notices.status_url(raw, site),
        language=page_language(),
    )
    return application, raw


def application_for_token(raw: str) -> Application | None:
    """The application behind a status link's token."""
    if not raw or len(raw) > 100:
        return None
    return (
        Application.objects.select_related("body", "motion__meeting", "organization")
        .filter(token_hash=_hash(raw))
        .first()
    )


def application_supply(*, application: Application, data: dict, file=None) -> Application:
    """The applicant supplies what the secretariat asked for: the application goes back to
    the secretariat (待审核). Only while more is asked for."""
    if application.status != Application.Status.INCOMPLETE:
        raise ValidationError(_("只有秘书处要求补充材料时才能修改申请"))
    changes = {k: v for k, v in data.items() if k in APPLICANT_FIELDS}
    merged = {f: getattr(application, f) for f in APPLICANT_FIELDS} | changes
    with transaction.atomic():
        unit = _check(application.body, merged, exclude=application.pk)
        changes.update(status=Application.Status.SUBMITTED, organization=unit)
        if file is not None:
            changes.update(file=file, file_name=(file.name or "")[:200])
        return _by_applicant(
            lambda: update_object(application, actor=None, data=changes, related=application.body)
        )


def application_withdraw(*, application: Application) -> Application:
    """The applicant withdraws (撤回) an application not yet on an agenda."""
    if application.status not in (
        Application.Status.SUBMITTED,
        Application.Status.INCOMPLETE,
        Application.Status.COMPLETE,
    ):
        raise ValidationError(_("申请已列入议程或已有结果，不能撤回"))
    return _by_applicant(
        lambda: update_object(
            application,
            actor=None,
            data={"status": Application.Status.WITHDRAWN},
            related=application.body,
        )
    )


#: The secretariat's decisions on an application before any meeting.
REVIEW = {
    "complete": Application.Status.COMPLETE,
    "incomplete": Application.Status.INCOMPLETE,
    "decline": Application.Status.REJECTED,
}


def application_review(
    *, actor: Actor, application: Application, decision: str, note: str = ""
) -> Application:
    """The secretariat checks an application: complete (ready for an admission motion), asks
    for more (the note says what), or declines it (不予受理, the note says why)."""
    may_run(actor, application.body)
    if decision not in REVIEW:
        raise ValidationError({"decision": _("审核结论须为材料齐全、需补充材料或不予受理")})
    if application.status not in (
        Application.Status.SUBMITTED,
        Application.Status.INCOMPLETE,
        Application.Status.COMPLETE,
    ):
        raise ValidationError(_("申请已列入议程或已有结果，不能再审核"))
    note = note.strip()
    if decision != "complete" and not note:
        raise ValidationError({"note": _("请写明需要补充的材料或不予受理的原因")})
    told = (application.status, application.review_note)
    with transaction.atomic():
        application = update_object(
            application,
            actor=actor,
            data={"status": REVIEW[decision], "review_note": note},
            related=application.body,
        )
        if (application.status, application.review_note) != told:  # not told twice
            declined = application.status == Application.Status.REJECTED
            notices.application_notice(
                application, notices.DECLINED if declined else application.status
            )
    return application


def applications_put_on(*, actor: Actor, motion: Motion, applications) -> None:
    """Put complete applications on an admission motion (已列入议程)."""
    for application in applications:
        if application.body_id != motion.meeting.body_id:
            raise ValidationError({"applications": _("只能选择本产教融合体收到的申请")})
        if application.status != Application.Status.COMPLETE:
            raise ValidationError(
                {
                    "applications": _("%(unit)s 的申请尚未审核为材料齐全")
                    % {"unit": application.name}
                }
            )
        update_object(
            application,
            actor=actor,
            data={"status": Application.Status.ON_AGENDA, "motion": motion},
            related=motion.meeting,
        )


def applications_decided(*, actor: Actor, motion: Motion, resolution: Resolution) -> None:
    """Carry a resolution on an admission motion through to its applications: when it passed,
    each applying unit is registered (unless it is already) and becomes a member in the role it
    asked for; when it failed, the applications are not admitted."""
    from chanjiao.registry import services as registry

    meeting = motion.meeting
    body = meeting.body
    day = timezone.localdate(resolution.decided_at)
    number = resolution.number
    for application in motion.applications.select_for_update().filter(
        status=Application.Status.ON_AGENDA
    ):
        if not resolution.passed:
            note = _("第 %(n)d 号决议未通过") % {"n": number}
            application = update_object(
                application,
                actor=actor,
                data={"status": Application.Status.REJECTED, "review_note": note},
                related=body,
            )
            notices.application_notice(application, notices.NOT_ADMITTED)
            continue
        unit = application.organization or _matching_unit(application.name, application.credit_code)
        if unit is None:
            unit = registry.organization_create(
                actor=actor,
                name=application.name,
                kind=application.kind,
                credit_code=application.credit_code or None,
                region=application.region,
                registered_by_body=body,
            )
        on_roll = Membership.objects.filter(body=body, organization=unit).not_ended(day)
        if not on_roll.filter(until__isnull=True).exists():
            # A unit whose notice runs (it applied before giving notice) stays on: the new
            # membership begins the day the old one ends, so the two never overlap.
            leaving = on_roll.aggregate(last=Max("until"))["last"]
            registry.membership_create(
                actor=actor,
                body=body,
                organization=unit,
                role=application.requested_role,
                term=meeting.term,
                since=max(day, leaving) if leaving else day,
                contact=application.contact_name,
                notes=_("依第 %(n)d 号决议吸收（入会申请）") % {"n": number},
            )
        application = update_object(
            application,
            actor=actor,
            data={"status": Application.Status.ADMITTED, "organization": unit},
            related=body,
        )
        notices.application_notice(application, Application.Status.ADMITTED)
