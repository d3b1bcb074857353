"""Background entry points of the registry (run by ``manage.py db_worker``)."""

from django_tasks import task

from .excel import import_job_run


@task()
def run_member_import(job_id: int) -> dict:
    """Import the member list of an :class:`~chanjiao.registry.models.ImportJob`.

    Idempotent: a job that succeeded is not run again, and a rerun after a worker restart
    writes only what the cut-off run did not (nothing, since the import is one transaction).
    """
    return import_job_run(job_id=job_id)
