"""Background entry points of events (run by ``chanjiao worker``)."""

from django_tasks import task

from .registration_mail import send


@task()
def send_registration_mail(
    registration_id: int,
    what: str,
    url: str,
    position: int | None,
    language: str,
    attempt: int = 0,
) -> bool:
    """Mail a registrant (and whoever registered them) what became of the registration: queued
    by the write once it committed (:func:`chanjiao.events.registration_mail.mail_later`), and
    again later when the mail server failed (``attempt``: the tries so far)."""
    return send(registration_id, what, url, position, language, attempt)
