"""Background entry points of cooperation (run by ``chanjiao worker``)."""

from django_tasks import task

from .lifecycle import agreements_refresh


@task()
def refresh_agreements(day: str | None = None) -> dict:
    """Daily: move agreements' statuses by date and mail the expiry reminders (once each);
    ``day`` (``YYYY-MM-DD``) stands for today."""
    import datetime

    from chanjiao.core.changelog import change_source

    with change_source("job"):
        return agreements_refresh(today=datetime.date.fromisoformat(day) if day else None)
