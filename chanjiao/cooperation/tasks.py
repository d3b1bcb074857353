"""Background entry points of cooperation (run by ``chanjiao worker``)."""

from django_tasks import task

from .lifecycle import agreements_refresh
from .progress import carriers_refresh


@task()
def refresh_agreements(day: str | None = None) -> dict:
    """Daily: move agreements' statuses by date and mail the expiry reminders (once each),
    and found the carriers whose founding date has come; ``day`` (``YYYY-MM-DD``) stands for
    today."""
    import datetime

    from chanjiao.core.changelog import change_source

    today = datetime.date.fromisoformat(day) if day else None
    with change_source("job"):
        result = agreements_refresh(today=today)
        result["carriers"] = carriers_refresh(today=today)
    return result
