"""Background entry points of the registry (run by ``chanjiao worker``)."""

from django_tasks import task

from .excel import UPLOADS


@task()
def run_member_import(job_id: int, token: str | None = None) -> dict:
    """Import the member list of an :class:`~chanjiao.registry.models.ImportJob`.

    Idempotent: a job that succeeded is not run again; a task whose ``token`` is no longer
    the job's (it was queued again by a recovery) does nothing; a rerun after a worker was
    killed resumes with the rows still to write.
    """
    return UPLOADS.run_job(job_id=job_id, token=token)


@task()
def run_member_preview(job_id: int, token: str | None = None) -> dict:
    """Check an uploaded member list and store its preview on the job: the .xlsx is parsed
    here, in the worker, never in the web request that received it. A task whose ``token`` is
    no longer the job's (the check was queued again after its worker died) does nothing."""
    return UPLOADS.check_run(job_id=job_id, token=token)
