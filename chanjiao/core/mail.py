"""Sending the platform's reminder mails (填报提醒, 预约提醒, 协议到期提醒) in one go, and the
language a mail is written in.

A mail is read by someone other than the person whose page sent it, so it is not written in
that page's language: a mail to the platform's users (reminders, a password reset link) is
written in the platform's language (LANGUAGE_CODE, 简体中文), and a mail about a registration in
the language of the page it was made on (:func:`page_language`, kept with it)."""

from __future__ import annotations

import smtplib
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mass_mail
from django.utils import translation
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


def page_language() -> str:
    """The active language as one of LANGUAGES (the page's, in a request), for a record that
    keeps the language its mails are written in."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    try:
        return translation.get_supported_language_variant(language)
    except LookupError:
        return settings.LANGUAGE_CODE


def in_platform_language():
    """Write a mail to the platform's users in the platform's language, whatever the sender's
    page reads in: ``with in_platform_language(): subject = _(…)`` (also a decorator)."""
    return translation.override(settings.LANGUAGE_CODE)
