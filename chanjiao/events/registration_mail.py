"""The mails of registration (报名): 报名成功, 已进入候补, 候补转为确认, 报名待审核, 未通过审核,
已取消 and 活动信息变更 (the event's dates or venue changed), to the registrant and to whoever
registered them.

A write queues its mail for the job worker once the transaction commits, so a slow or absent mail
server never holds up the page (the registration stands whatever becomes of the mail). Every mail
is written in the language of the page the registration was made on (an organiser who approves
it from an English page still writes to a Chinese registrant in Chinese), and a 候补 mail gives
the place in the queue at that moment. A mail the mail server refuses is sent again later
(:data:`RETRY_AFTER`), so a server down for an hour does not cost a registrant their ticket mail;
after the last try the failure is logged as an error."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from .models import Registration

logger = logging.getLogger(__name__)
S = Registration.Status

#: The worker's task that sends one mail (:func:`chanjiao.events.tasks.send_registration_mail`).
TASK = "chanjiao.events.tasks.send_registration_mail"
#: The mail saying the event's dates, city or venue changed (sent by an event's update).
CHANGED = "changed"
#: How long after each failed try a mail is tried again: 1 min, 10 min, 1 h, then 6 h.
RETRY_AFTER = tuple(datetime.timedelta(minutes=minutes) for minutes in (1, 10, 60, 360))


def ticket_url(registration: Registration, site: str = "") -> str:
    """The ticket page's address: absolute when the site's address is known (``site``, from
    the request, or the CHANJIAO_SITE_URL setting)."""
    path = reverse("events:ticket", args=[registration.ticket_code])
    base = (site or getattr(settings, "CHANJIAO_SITE_URL", "") or "").rstrip("/")
    return base + path


def mail_later(registration: Registration, what: str, site: str) -> None:
    """Queue the mail saying ``what`` became of ``registration`` once the transaction commits."""
    url = ticket_url(registration, site)
    pk, event, language = registration.pk, registration.event, registration.language

    def queue() -> None:
        from .selectors_registration import waitlist_positions

        position = waitlist_positions(event).get(pk) if what == S.WAITLISTED else None
        try:
            import_string(TASK).enqueue(pk, str(what), url, position, language)
        except Exception:  # a queue out of reach must not undo a registration that stands
            logger.exception("registration %s: the %s mail was not queued", pk, what)

    transaction.on_commit(queue)


def send(
    pk: int, what: str, url: str, position: int | None, language: str, attempt: int = 0
) -> bool:
    """(The worker) send the mail; returns whether one went out. A mail server that fails is
    logged and the mail queued again (:data:`RETRY_AFTER`; ``attempt``: the tries before this
    one): the registration stands."""
    from django.core.mail import send_mail

    registration = (
        Registration.objects.select_related("event", "registered_by").filter(pk=pk).first()
    )
    if registration is None:  # deleted (its event with it) before the worker came to it
        return False
    recipients = []
    for address in (registration.email, getattr(registration.registered_by, "email", "")):
        if address and address not in recipients:
            recipients.append(address)
    if not recipients:
        return False
    with translation.override(language):
        subject, text = message(registration, what, url, position)
    try:
        send_mail(subject, text, None, recipients, fail_silently=False)
    except Exception:  # a mail server down must not undo a registration that stands
        task = import_string(TASK)
        if attempt >= len(RETRY_AFTER) or not task.get_backend().supports_defer:
            logger.exception("registration %s: the %s mail was not sent; given up", pk, what)
            return False
        later = timezone.now() + RETRY_AFTER[attempt]
        logger.warning(
            "registration %s: the %s mail was not sent; trying again at %s",
            pk,
            what,
            later.isoformat(timespec="seconds"),
            exc_info=True,
        )
        task.using(run_after=later).enqueue(pk, what, url, position, language, attempt + 1)
        return False
    return True


def message(
    registration: Registration, what: str, url: str, position: int | None
) -> tuple[str, str]:
    """The subject and text of the mail saying ``what`` became of ``registration``."""
    event = registration.event
    when = f"{event.starts_on:%Y-%m-%d}" if event.starts_on else ""
    where = " ".join(p for p in (event.city, event.venue) if p)
    facts = {
        "name": registration.name,
        "event": event.name,
        "when": " · ".join(p for p in (when, where) if p),
        "url": url,
    }
    ticket = _("入场时请出示电子票（含二维码）：%(url)s") % facts
    if what == CHANGED:
        if event.starts_on and event.ends_on and event.ends_on != event.starts_on:
            days = _("%(start)s 至 %(end)s") % {
                "start": f"{event.starts_on:%Y-%m-%d}",
                "end": f"{event.ends_on:%Y-%m-%d}",
            }
            facts["when"] = " · ".join(p for p in (days, where) if p)
        facts["when"] = facts["when"] or _("待定")
        text = _("%(name)s：您报名的“%(event)s”时间或地点有变，现为：%(when)s。") % facts
        if registration.status == S.CONFIRMED:
            text += "\n" + ticket
        return _("活动信息变更：%(event)s") % facts, text
    if what == "promoted":
        return (
            _("候补转为确认：%(event)s") % facts,
            _("%(name)s：有名额空出，您对“%(event)s”（%(when)s）的候补报名已转为确认。") % facts
            + "\n"
            + ticket,
        )
    if what == S.CONFIRMED:
        return (
            _("报名成功：%(event)s") % facts,
            _("%(name)s：您已报名参加“%(event)s”（%(when)s）。") % facts + "\n" + ticket,
        )
    if what == S.WAITLISTED:
        facts["n"] = position or 0
        return (
            _("已进入候补：%(event)s") % facts,
            _(
                "%(name)s：“%(event)s”名额已满，您排在候补第 %(n)d 位。有人取消时按报名先后"
                "依次递补，递补后将以邮件通知您。"
            )
            % facts,
        )
    if what == S.PENDING:
        return (
            _("报名待审核：%(event)s") % facts,
            _("%(name)s：您对“%(event)s”的报名已提交，主办方审核后将以邮件通知您。") % facts,
        )
    if what == S.DECLINED:
        return (
            _("报名未通过审核：%(event)s") % facts,
            _("%(name)s：很抱歉，您对“%(event)s”的报名未通过主办方审核。") % facts,
        )
    return (
        _("报名已取消：%(event)s") % facts,
        _("%(name)s：您对“%(event)s”的报名已取消。") % facts,
    )
