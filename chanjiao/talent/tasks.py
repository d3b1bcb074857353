"""Background entry points of talent (run by ``chanjiao worker``)."""

from django_tasks import task

from .matching import match_run_execute


@task()
def run_match(run_id: int, token: str | None = None) -> dict:
    """Run a :class:`~chanjiao.talent.models.MatchRun`: build candidates, solve, verify and
    store the proposed matches. Idempotent: a run that succeeded is not run again, a task
    whose ``token`` is no longer the run's does nothing, and a rerun after a worker restart
    replaces what the cut-off attempt left (nothing, since the proposals are written in one
    transaction)."""
    return match_run_execute(run_id=run_id, token=token)


@task()
def run_talent_preview(job_id: int, token: str | None = None) -> dict:
    """Check an uploaded postings or cohorts list and store its preview on the
    :class:`~chanjiao.talent.models.TalentImport`: the file is parsed here, in the worker,
    never in the web request that received it. A task whose ``token`` is no longer the job's
    does nothing."""
    from .excel import UPLOADS

    return UPLOADS.check_run(job_id=job_id, token=token)


@task()
def run_talent_import(job_id: int, token: str | None = None) -> dict:
    """Import a confirmed postings or cohorts list in short batches, all rows or none.

    Idempotent: an import that succeeded is not run again; a task whose ``token`` is no longer
    the job's does nothing; a rerun after a worker was killed skips the rows already written.
    """
    from .excel import UPLOADS

    return UPLOADS.run_job(job_id=job_id, token=token)


@task()
def run_acceptance(job_id: int, token: str | None = None) -> dict:
    """Accept a run's proposals in the background (a
    :class:`~chanjiao.talent.models.MatchAcceptance`): checked again, then written in short
    batches, all or none. Idempotent: an acceptance that succeeded is not run again; a task
    whose ``token`` is no longer the job's does nothing; a rerun after a worker was killed
    accepts what the cut-off attempt left."""
    from .services import match_acceptance_execute

    return match_acceptance_execute(job_id=job_id, token=token)
