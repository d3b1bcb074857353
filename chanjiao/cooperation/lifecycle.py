"""Agreements over their life (协议全周期): the acts (sign 签约, renew 续签, terminate 终止),
the daily move of statuses by date with the expiry reminder (到期提醒), and the versioned
documents (协议文本).

Status: 拟定 → 已签约 → 履行中 (from ``starts_on``) → 即将到期 (``reminder_days`` before
``ends_on``) → 已续签 (a successor links back through ``renewed_from``) / 已到期 / 已终止 (early,
with a reason and a date). The acts and the documents are the body's secretariat's and
admins'; the reminder goes to the parties' contacts and the body's secretariat.
"""

from __future__ import annotations

import datetime
import logging

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from chanjiao.accounts.models import BodyRole
from chanjiao.accounts.permissions import can_edit_cooperation, require
from chanjiao.core.changelog import Actor, create_object, update_object
from chanjiao.core.mail import by_language, send_reminders
from chanjiao.core.words import listed

from .models import Agreement, AgreementDocument
from .services import _DENIED, dated_changes

logger = logging.getLogger(__name__)

Status = Agreement.Status
#: Statuses an agreement may be renewed or terminated from.
LIVE = (Status.SIGNED, Status.IN_FORCE, Status.EXPIRING)


def _check(actor: Actor, agreement: Agreement) -> None:
    require(can_edit_cooperation(actor, agreement.body_id), _DENIED)


def _locked(agreement: Agreement) -> Agreement:
    return Agreement.objects.select_for_update().get(pk=agreement.pk)


@transaction.atomic
def agreement_sign(
    *, actor: Actor, agreement: Agreement, signed_on: datetime.date | None = None
) -> Agreement:
    """签约: a draft becomes signed on ``signed_on``, today unless given (a date the draft
    had is only the planned one); its dates then say whether it is already in force."""
    _check(actor, agreement)
    agreement = _locked(agreement)
    if agreement.status != Status.DRAFT:
        raise ValidationError(_("只有拟定中的协议可以签约（当前状态：%(status)s）") % {
            "status": agreement.get_status_display()
        })  # fmt: skip
    today = timezone.localdate()
    signed_on = signed_on or today
    if signed_on > today:
        raise ValidationError({"signed_on": _("签约日期不能晚于今天")})
    data = {"status": Status.SIGNED, "signed_on": signed_on}
    agreement.status = Status.SIGNED  # the dates decide from here
    return update_object(
        agreement, actor=actor, data=dated_changes(agreement, data, today), related=agreement.body
    )


@transaction.atomic
def agreement_renew(
    *,
    actor: Actor,
    agreement: Agreement,
    starts_on: datetime.date,
    ends_on: datetime.date,
    signed_on: datetime.date | None = None,
    title: str = "",
) -> Agreement:
    """续签: a new agreement with the same parties, kind and body and the new dates, linked to
    the old one (``renewed_from``); the old one becomes 已续签. Returns the new agreement."""
    _check(actor, agreement)
    agreement = _locked(agreement)
    if agreement.status not in (*LIVE, Status.ENDED):
        raise ValidationError(
            _("只有已签约、履行中、即将到期或已到期的协议可以续签（当前状态：%(status)s）")
            % {"status": agreement.get_status_display()}
        )
    if Agreement.objects.filter(renewed_from=agreement).exists():
        raise ValidationError(_("该协议已续签过"))
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("到期日期不能早于生效日期")})
    if agreement.starts_on is not None and starts_on <= agreement.starts_on:
        raise ValidationError({"starts_on": _("续签协议的生效日期应晚于原协议的生效日期")})
    today = timezone.localdate()
    successor = Agreement(
        title=title.strip() or agreement.title,
        kind=agreement.kind,
        body=agreement.body,
        signed_on=signed_on or today,
        status=Status.SIGNED,
        starts_on=starts_on,
        ends_on=ends_on,
        reminder_days=agreement.reminder_days,
        renewed_from=agreement,
    )
    data = {
        f: getattr(successor, f)
        for f in (
            "title", "kind", "body", "signed_on", "starts_on", "ends_on", "reminder_days",
            "renewed_from",
        )
    }  # fmt: skip
    data["status"] = successor.status_on(today)
    data["parties"] = list(agreement.parties.all())
    new = create_object(Agreement, actor=actor, data=data, related=agreement.body)
    update_object(agreement, actor=actor, data={"status": Status.RENEWED}, related=agreement.body)
    return new


@transaction.atomic
def agreement_terminate(
    *,
    actor: Actor,
    agreement: Agreement,
    reason: str,
    terminated_on: datetime.date | None = None,
) -> Agreement:
    """提前终止: with the reason (required) and the date (today unless given)."""
    _check(actor, agreement)
    agreement = _locked(agreement)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("提前终止须写明原因")})
    if agreement.status not in LIVE:
        raise ValidationError(
            _("只有已签约、履行中或即将到期的协议可以提前终止（当前状态：%(status)s）")
            % {"status": agreement.get_status_display()}
        )
    terminated_on = terminated_on or timezone.localdate()
    if agreement.signed_on is not None and terminated_on < agreement.signed_on:
        raise ValidationError({"terminated_on": _("终止日期不能早于签约日期")})
    data = {
        "status": Status.TERMINATED,
        "terminated_on": terminated_on,
        "termination_reason": reason.strip(),
    }
    return update_object(agreement, actor=actor, data=data, related=agreement.body)


# --- by date: the daily refresh and the reminder --------------------------------------------


def agreements_refresh(*, today: datetime.date | None = None) -> dict[str, int]:
    """Move every dated agreement to the status its dates give on ``today`` (logged as the
    platform's change), then mail the expiry reminder of each agreement that is 即将到期 and
    was not reminded yet. Returns ``{"moved": n, "reminded": m}``. Run daily by
    ``manage.py refresh_agreements`` or the task ``chanjiao.cooperation.tasks.refresh_agreements``.
    """
    today = today or timezone.localdate()
    moved = 0
    for agreement in Agreement.objects.filter(status__in=Agreement.DATED).select_related("body"):
        status = agreement.status_on(today)
        if status != agreement.status:
            try:
                with transaction.atomic():
                    update_object(
                        agreement,
                        actor=None,
                        data=dated_changes(agreement, {}, today),
                        related=agreement.body,
                    )
            except ValidationError as exc:
                # A record saved before its dates were checked (e.g. signed after its end): it
                # waits for a person to correct it; the others still move and are reminded.
                logger.warning("Agreement %s left as it is: %s", agreement.pk, exc.messages)
                continue
            moved += 1
    return {"moved": moved, "reminded": expiry_reminders_send(today=today)}


def reminder_recipients(agreement: Agreement) -> dict[str, list[str]]:
    """The parties' contacts and the body's secretariat, by e-mail, by the language each reads
    in."""
    User = get_user_model()
    contacts = Q(organization_contacts__organization__in=agreement.parties.all())
    secretariat = Q(
        body_roles__body_id=agreement.body_id, body_roles__kind=BodyRole.Kind.SECRETARIAT
    )
    who = contacts | secretariat if agreement.body_id else contacts
    return by_language(User.objects.filter(who).distinct().select_related("preference"))


def _expiry_reminder(agreement: Agreement, today: datetime.date) -> tuple[str, str]:
    """The 即将到期 reminder's subject and text, in the active language."""
    days = max((agreement.ends_on - today).days if agreement.ends_on else 0, 0)
    subject = _("协议即将到期：%(title)s") % {"title": agreement.title}
    # One Chinese sentence for any number of days; English says "in 1 day", "in 2 days".
    ends = ngettext(
        "以下协议将于 %(date)s 到期（还有 %(days)d 天）。",
        "以下协议将于 %(date)s 到期（还有 %(days)d 天）。",
        days,
    )
    lines = [
        ends % {"date": agreement.ends_on, "days": days},
        _("协议：%(title)s") % {"title": agreement.title},
        _("签约方：%(parties)s") % {"parties": listed(p.name for p in agreement.parties.all())},
    ]
    if agreement.body_id:
        lines.append(_("所属产教融合体：%(body)s") % {"body": agreement.body})
    lines.append(_("如需续签，请登录平台在协议页面办理续签。"))
    return subject, "\n".join(lines)


def expiry_reminders_send(*, today: datetime.date | None = None) -> int:
    """Mail each 即将到期 agreement's reminder once (``reminder_sent_at`` records it); an
    agreement nobody can be mailed about waits for a recipient."""

    today = today or timezone.localdate()
    due = Agreement.objects.filter(
        status=Status.EXPIRING, reminder_sent_at__isnull=True
    ).select_related("body")
    messages, reminded = [], []
    for agreement in due.order_by("ends_on", "pk"):
        for language, to in reminder_recipients(agreement).items():
            with translation.override(language):
                messages.append((*_expiry_reminder(agreement, today), None, to))
            reminded.append(agreement.pk)
    if not messages:
        return 0
    # Marked only once sent: a failed run, or a refused message, is simply tried again.
    sent = {reminded[position] for position in send_reminders(messages)}
    Agreement.objects.filter(pk__in=sent).update(reminder_sent_at=timezone.now())
    return len(sent)


# --- documents (协议文本) ---------------------------------------------------------------------


@transaction.atomic
def agreement_document_add(
    *, actor: Actor, agreement: Agreement, file: File, note: str = ""
) -> AgreementDocument:
    """Upload a new version of the agreement's text; it becomes the current one."""
    _check(actor, agreement)
    if not file:
        raise ValidationError({"file": _("请选择要上传的文件")})
    if "\x00" in (note or ""):
        raise ValidationError({"note": _("说明中含有无法保存的字符")})
    agreement = _locked(agreement)  # one version number per upload, even when two race
    last = agreement.documents.aggregate(n=Max("version"))["n"] or 0
    data = {
        "agreement": agreement,
        "version": last + 1,
        "file": file,
        "original_name": (getattr(file, "name", "") or "").rsplit("/", 1)[-1][:255],
        "note": note or "",
        "uploaded_by": actor if getattr(actor, "is_authenticated", False) else None,
    }
    return create_object(AgreementDocument, actor=actor, data=data, related=agreement)
