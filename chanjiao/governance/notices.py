"""Mail notices of governance (治理通知): to an applicant, what became of its application to join
(submitted, with its status link; complete; more asked for; declined; admitted or not); to the
representatives of the voting units, that a meeting was called or a vote opened; to the member
units' contacts, that a meeting's minutes and resolutions were published.

As registration mails (:mod:`chanjiao.events.registration_mail`), a write queues its notice for
the job worker once the transaction commits, so a slow or absent mail server never holds up the
page (the write stands whatever becomes of the mail), and a mail the server refuses is tried
again later (:data:`RETRY_AFTER`). An applicant is mailed at the e-mail address it gave, in the
language of the page it applied on for the first mail, later in the language its submitter keeps
(:func:`chanjiao.core.mail.language_of`), else the platform's. Representatives are mailed one by
one (no one sees the others' addresses), each in the language they read the platform in.

Only the SHA-256 of a status link's token is kept: the link goes in the first mail, and the later
ones refer to it."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_tasks import task

from chanjiao.core.mail import language_of

from .models import Application, Meeting, Motion

logger = logging.getLogger(__name__)
S = Application.Status

#: What an applicant is told (besides the statuses complete, incomplete and admitted).
SUBMITTED = "submitted"
DECLINED = "declined"  # 不予受理, by the secretariat
NOT_ADMITTED = "not_admitted"  # the admission motion failed
#: What representatives are told.
CALLED = "called"
OPENED = "opened"
PUBLISHED = "published"

APPLICATION_TASK = "chanjiao.governance.notices.send_application_notice"
MEETING_TASK = "chanjiao.governance.notices.send_meeting_notice"
#: How long after each failed try a mail is tried again: 1 min, 10 min, 1 h, then 6 h.
RETRY_AFTER = tuple(datetime.timedelta(minutes=minutes) for minutes in (1, 10, 60, 360))


def _absolute(path: str, site: str = "") -> str:
    base = (site or getattr(settings, "CHANJIAO_SITE_URL", "") or "").rstrip("/")
    return base + path


def status_url(token: str, site: str = "") -> str:
    """The address of an application's status page (absolute when the site's is known)."""
    return _absolute(reverse("governance:application_status", args=[token]), site)


def _queue(path: str, what: str, *args) -> None:
    def queue() -> None:
        try:
            import_string(path).enqueue(*args)
        except Exception:  # a queue out of reach must not undo a write that stands
            logger.exception("%s %s: the notice was not queued", what, args[0])

    transaction.on_commit(queue)


def application_notice(
    application: Application, what: str, *, url: str = "", language: str = ""
) -> None:
    """Queue the mail telling the applicant ``what`` became of its application (its status, or
    :data:`SUBMITTED` with the status link ``url``) once the transaction commits; nothing when
    it gave no e-mail address."""
    if not application.contact_email:
        return
    language = language or language_of(application.submitted_by)
    note = application.review_note
    _queue(APPLICATION_TASK, "application", application.pk, str(what), url, note, language)


def meeting_notice(meeting: Meeting, what: str, motion: Motion | None = None) -> None:
    """Queue the mails telling the representatives that ``meeting`` was called (:data:`CALLED`),
    that a vote on ``motion`` opened (:data:`OPENED`) or that its minutes were published
    (:data:`PUBLISHED`), once the transaction commits."""
    _queue(MEETING_TASK, "meeting", meeting.pk, str(what), motion.pk if motion else None)


def _retry(path: str, attempt: int, args: tuple, label: str) -> None:
    task_ = import_string(path)
    if attempt >= len(RETRY_AFTER) or not task_.get_backend().supports_defer:
        logger.exception("%s: the notice was not sent; given up", label)
        return
    later = timezone.now() + RETRY_AFTER[attempt]
    logger.warning("%s: the notice was not sent; trying again at %s", label, later, exc_info=True)
    task_.using(run_after=later).enqueue(*args, attempt + 1)


def send_application(
    pk: int, what: str, url: str, note: str, language: str, attempt: int = 0
) -> bool:
    """(The worker) mail the applicant; returns whether the mail went out."""
    from django.core.mail import send_mail

    application = Application.objects.select_related("body").filter(pk=pk).first()
    if application is None or not application.contact_email:
        return False
    with translation.override(language or settings.LANGUAGE_CODE):
        subject, text = application_message(application, what, url, note)
    try:
        send_mail(subject, text, None, [application.contact_email], fail_silently=False)
    except Exception:  # a mail server down must not undo a write that stands
        args = (pk, what, url, note, language)
        _retry(APPLICATION_TASK, attempt, args, f"application {pk} ({what})")
        return False
    return True


def application_message(
    application: Application, what: str, url: str = "", note: str = ""
) -> tuple[str, str]:
    """The subject and text of the mail telling the applicant ``what``."""
    facts = {
        "name": application.contact_name,
        "unit": application.name,
        "body": application.body.name,
        "url": url,
        "note": note,
    }
    link = (
        _("申请进度链接：%(url)s（请妥善保存，凭此链接查看进度、补充材料或撤回申请）") % facts
        if url
        else _("请通过提交申请时获得的申请进度链接查看详情。")
    )
    subjects = {
        SUBMITTED: _("入会申请已提交：%(body)s"),
        S.COMPLETE: _("入会申请材料齐全：%(body)s"),
        S.INCOMPLETE: _("入会申请需补充材料：%(body)s"),
        DECLINED: _("入会申请不予受理：%(body)s"),
        S.ADMITTED: _("入会申请已获通过：%(body)s"),
        NOT_ADMITTED: _("入会申请未获通过：%(body)s"),
    }
    texts = {
        SUBMITTED: _("%(name)s：%(unit)s 加入“%(body)s”的申请已提交，秘书处审核后将以邮件通知您。"),
        S.COMPLETE: _(
            "%(name)s：%(unit)s 的入会申请经秘书处审核，材料齐全，将提交会议审议，结果将以邮件通知您。"
        ),
        S.INCOMPLETE: _(
            "%(name)s：%(unit)s 的入会申请需要补充材料。秘书处意见：%(note)s\n"
            "请通过申请进度链接补充后重新提交。"
        ),
        DECLINED: _("%(name)s：%(unit)s 的入会申请不予受理。秘书处意见：%(note)s"),
        S.ADMITTED: _("%(name)s：%(unit)s 加入“%(body)s”的申请已获通过。"),
        NOT_ADMITTED: _("%(name)s：很抱歉，%(unit)s 加入“%(body)s”的申请未获通过。%(note)s"),
    }
    what = what if what in texts else SUBMITTED
    text = texts[what] % facts
    return subjects[what] % facts, f"{text.rstrip()}\n{link}"


# --- representatives ---------------------------------------------------------------------


def _recipients(meeting: Meeting, what: str, motion: Motion | None):
    """The users to tell: the contacts of the units with a vote (the motion's roll; the organ's
    voting units on the meeting's day), or of the member units for published minutes."""
    from django.contrib.auth import get_user_model

    from chanjiao.registry.models import Membership

    from .services.organs import voting_units

    if what == OPENED and motion is not None:
        units = motion.roll.values("pk")
    elif what == PUBLISHED:
        units = (
            Membership.objects.current(timezone.localdate())
            .filter(body_id=meeting.body_id)
            .values("organization_id")
        )
    else:
        units = voting_units(meeting.body, meeting.organ, meeting.date).values("pk")
    users = get_user_model().objects.filter(
        organization_contacts__organization__in=units, is_active=True
    )
    return users.exclude(email="").select_related("preference").distinct().order_by("pk")


def meeting_message(meeting: Meeting, what: str, motion: Motion | None = None) -> tuple[str, str]:
    """The subject and text of a notice to representatives."""
    facts = {
        "body": meeting.body.name,
        "meeting": meeting.title,
        "organ": meeting.get_organ_display(),
        "date": f"{meeting.date:%Y-%m-%d}",
        "place": meeting.place or _("待定"),
        "motion": motion.title if motion is not None else "",
        "url": _absolute(reverse("governance:meeting", args=[meeting.pk])),
    }
    if meeting.mode == Meeting.Mode.CORRESPONDENCE and meeting.deadline:
        facts["deadline"] = f"{timezone.localtime(meeting.deadline):%Y-%m-%d %H:%M}"
        called = _("“%(body)s”%(organ)s以通讯方式表决“%(meeting)s”，表决截止时间 %(deadline)s。")
    else:
        called = _("“%(body)s”将于 %(date)s 在 %(place)s 召开%(organ)s：“%(meeting)s”。")
    if what == OPENED:
        subject = _("议案开始表决：%(motion)s") % facts
        text = _("“%(meeting)s”的议案“%(motion)s”已开始表决，请贵单位代表登录平台表决。") % facts
    elif what == PUBLISHED:
        subject = _("会议纪要已公布：%(meeting)s") % facts
        text = _("“%(body)s”已向成员单位公布“%(meeting)s”的纪要和决议。") % facts
    else:
        subject = _("会议通知：%(meeting)s") % facts
        text = called % facts
    return subject, f"{text}\n{facts['url']}"


def send_meeting(pk: int, what: str, motion_pk: int | None, attempt: int = 0) -> int:
    """(The worker) mail each representative; returns how many mails went out. A mail the
    server refuses for one address is logged and the others still go; a server down is tried
    again later for all (a second try may mail some twice: better than none)."""
    from chanjiao.core.mail import send_reminders

    meeting = Meeting.objects.select_related("body").filter(pk=pk).first()
    if meeting is None:
        return 0
    motion = Motion.objects.filter(pk=motion_pk, meeting=meeting).first() if motion_pk else None
    messages = []
    for user in _recipients(meeting, what, motion):
        with translation.override(language_of(user)):
            subject, text = meeting_message(meeting, what, motion)
        messages.append((subject, text, None, [user.email]))
    try:
        return len(send_reminders(messages))
    except Exception:  # a mail server down must not undo a write that stands
        _retry(MEETING_TASK, attempt, (pk, what, motion_pk), f"meeting {pk} ({what})")
        return 0


@task()
def send_application_notice(
    application_id: int, what: str, url: str, note: str, language: str, attempt: int = 0
) -> bool:
    """Mail an applicant what became of its application (queued by :func:`application_notice`)."""
    return send_application(application_id, what, url, note, language, attempt)


@task()
def send_meeting_notice(meeting_id: int, what: str, motion_id: int | None, attempt: int = 0) -> int:
    """Mail the representatives about a meeting (queued by :func:`meeting_notice`)."""
    return send_meeting(meeting_id, what, motion_id, attempt)
