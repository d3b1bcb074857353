"""Background entry points of the reports app (run by ``chanjiao worker``)."""

from django_tasks import task

from .report_jobs import report_job_execute


@task()
def run_report(job_id: int, token: str | None = None) -> dict:
    """Write the annual report of a :class:`~chanjiao.reports.models.ReportJob` (.docx or PDF)
    step by step, its progress on the job. Idempotent: a job that succeeded is not run again,
    and a task whose ``token`` is no longer the job's does nothing."""
    return report_job_execute(job_id=job_id, token=token)
