"""Background entry points of sharing (run by ``chanjiao worker``)."""

from django_tasks import task

from .services import booking_reminders_send


@task()
def send_booking_reminders(day: str | None = None) -> int:
    """Mail the day-before reminders of tomorrow's confirmed bookings (or of ``day``,
    ``YYYY-MM-DD``). Idempotent: a booking is reminded once."""
    import datetime

    return booking_reminders_send(day=datetime.date.fromisoformat(day) if day else None)
