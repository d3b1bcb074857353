"""Background entry points of talent (run by ``chanjiao worker``)."""

from django_tasks import task

from .services import match_run_execute


@task()
def run_match(run_id: int, token: str | None = None) -> dict:
    """Run a :class:`~chanjiao.talent.models.MatchRun`: build candidates, solve, verify and
    store the proposed matches. Idempotent: a run that succeeded is not run again, a task
    whose ``token`` is no longer the run's does nothing, and a rerun after a worker restart
    replaces what the cut-off attempt left (nothing, since the proposals are written in one
    transaction)."""
    return match_run_execute(run_id=run_id, token=token)
