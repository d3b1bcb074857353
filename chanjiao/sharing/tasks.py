"""Background entry points of sharing (run by ``chanjiao worker``)."""

import datetime
import logging

from django.core.exceptions import ValidationError
from django.utils import timezone
from django_tasks import task

from .services import booking_reminders_send

logger = logging.getLogger(__name__)

#: How long after a run the mail server failed the day's reminders are tried again.
RETRY_AFTER = datetime.timedelta(minutes=15)


@task()
def send_booking_reminders(day: str | None = None) -> int:
    """Mail the day-before reminders of tomorrow's confirmed bookings (or of ``day``,
    ``YYYY-MM-DD``). Idempotent: a booking is reminded once. When the mail server cannot be
    reached, the run is queued again a little later, until the day the bookings start."""
    when = datetime.date.fromisoformat(day) if day else None
    try:
        return booking_reminders_send(day=when)
    except ValidationError:
        when = when or timezone.localdate() + datetime.timedelta(days=1)
        later = timezone.now() + RETRY_AFTER
        backend = send_booking_reminders.get_backend()
        if timezone.localtime(later).date() < when and backend.supports_defer:
            logger.warning("booking reminders for %s not sent; trying again at %s", when, later)
            send_booking_reminders.using(run_after=later).enqueue(when.isoformat())
        raise
