"""Sending the platform's reminder mails (填报提醒, 预约提醒, 协议到期提醒) in one go, and the
language a mail is written in.

A mail is read by someone other than the person whose page sent it, so it is not written in
that page's language: a mail to a user of the platform (reminders, a password reset link) is
written in the language they keep (:func:`in_language_of`: the one they last chose while
signed in, else the platform's, LANGUAGE_CODE, 简体中文), and a mail about a registration in
the language of the page it was made on (:func:`page_language`, kept with it)."""

from __future__ import annotations

import contextlib
import logging
import smtplib
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.utils import translation
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

#: One prepared message: subject, text, sender (None: DEFAULT_FROM_EMAIL), recipients.
Message = tuple[str, str, str | None, Sequence[str]]

#: What the mail server answers about one message (its recipients or its content refused):
#: that message is left out, the others still go.
_REFUSED = (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError, smtplib.SMTPNotSupportedError)


def send_reminders(messages: Sequence[Message]) -> list[int]:
    """Send ``messages`` over one connection, one by one, and return the positions of those
    that went out, for the caller to mark as sent: the others are tried again by the next run.

    A message the server refuses (a mistyped address) is logged and left out; before, it
    stopped every message after it. A server that cannot be reached, or that refuses every
    message, raises a :class:`ValidationError` that says to check the mail settings; one that
    fails part way is logged, and what went out before is returned."""
    if not messages:
        return []
    connection = get_connection(fail_silently=False)
    sent: list[int] = []
    problem: Exception | None = None
    try:
        connection.open()
        for position, (subject, text, sender, recipients) in enumerate(messages):
            message = EmailMessage(subject, text, sender, list(recipients), connection=connection)
            try:
                if message.send():
                    sent.append(position)
            except _REFUSED as exc:
                problem = exc
                logger.warning("a reminder to %s was refused: %s", ", ".join(recipients), exc)
    except (OSError, smtplib.SMTPException) as exc:
        problem = exc
        if sent:
            logger.error(
                "the mail server failed after %d of %d reminders: %s", len(sent), len(messages), exc
            )
    finally:
        with contextlib.suppress(OSError, smtplib.SMTPException):
            connection.close()
    if problem is not None and not sent:
        raise ValidationError(
            _("提醒邮件未能发出，请检查邮件设置：%(error)s") % {"error": problem}
        ) from problem
    return sent


def page_language() -> str:
    """The active language as one of LANGUAGES (the page's, in a request), for a record that
    keeps the language its mails are written in."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    try:
        return translation.get_supported_language_variant(language)
    except LookupError:
        return settings.LANGUAGE_CODE


def language_of(user) -> str:
    """The language ``user`` reads the platform in (their 偏好, kept when they switch it while
    signed in), else the platform's."""
    preference = getattr(user, "preference", None)  # accounts.Preference, when they keep one
    return getattr(preference, "language", "") or settings.LANGUAGE_CODE


def in_language_of(user):
    """Write a mail to ``user`` in the language they read the platform in (:func:`language_of`):
    ``with in_language_of(user): subject = _(…)``."""
    return translation.override(language_of(user))


def by_language(users) -> dict[str, list[str]]:
    """The e-mail addresses of ``users`` (active, with one) by the language each reads in, for
    a mail to several people written once per language."""
    groups: dict[str, set[str]] = {}
    for user in users:
        if user.is_active and user.email:
            groups.setdefault(language_of(user), set()).add(user.email)
    return {language: sorted(emails) for language, emails in sorted(groups.items())}
