"""Sending the platform's reminder mails (填报提醒, 预约提醒, 协议到期提醒) in one go."""

from __future__ import annotations

import smtplib
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.core.mail import send_mass_mail
from django.utils.translation import gettext as _

#: One prepared message: subject, text, sender (None: DEFAULT_FROM_EMAIL), recipients.
Message = tuple[str, str, str | None, Sequence[str]]


def send_reminders(messages: Sequence[Message]) -> int:
    """Send ``messages`` over one connection and return how many went out. A mail server that
    cannot be reached raises a :class:`ValidationError` that says to check the mail settings,
    so the caller marks nothing as sent and the run can simply be repeated."""
    if not messages:
        return 0
    try:
        return send_mass_mail(messages, fail_silently=False)
    except (OSError, smtplib.SMTPException) as exc:
        raise ValidationError(
            _("提醒邮件未能发出，请检查邮件设置：%(error)s") % {"error": exc}
        ) from exc
