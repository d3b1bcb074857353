"""Writing an annual report in the background (报告生成任务): the reader asks for the .docx or
the PDF, the worker gathers the report, draws its charts and writes the document step by step,
and the page shows how far it got until the file can be downloaded.

A report of a body with thousands of members and events takes seconds to write; done in the
worker, no web request waits on it and the reader sees a progress bar instead of a spinner
that may time out. The same three steps (gather, draw, write) make the file the page's direct
download makes, so both carry the same numbers.
"""

from __future__ import annotations

import logging

from django.core.files.base import ContentFile
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chanjiao.accounts.permissions import can_read_round, require
from chanjiao.core import jobs
from chanjiao.core.changelog import Actor
from chanjiao.core.mail import page_language
from chanjiao.registry.models import Body

from . import annual
from .charts import report_charts
from .documents import to_docx, to_pdf
from .models import ReportJob

logger = logging.getLogger(__name__)

WRITERS = {ReportJob.Format.DOCX: to_docx, ReportJob.Format.PDF: to_pdf}
#: Member units at the year's end plus events in the year above which the report page writes
#: its .docx and PDF in the background (with a progress bar) rather than in the request.
LARGE_REPORT = 2_000
#: The steps the progress bar counts: gather, draw, write.
STEPS = 3
_DENIED = gettext_lazy("只有该产教融合体的秘书处、主管部门或平台管理员可以生成年度报告")


def is_large(report: annual.AnnualReport) -> bool:
    """Whether the report is written in the background when its page asks for a document."""
    members = report.figure("members_total") or 0
    return members + report.events_total > LARGE_REPORT


def report_job_start(*, actor: Actor, body: Body, year: int, format: str) -> ReportJob:
    """Queue the writing of ``body``'s report for ``year`` as ``format`` (docx or pdf), for
    a reader of the report (its secretariat, supervising department, admins)."""
    require(can_read_round(actor, body), _DENIED)
    job = ReportJob(
        body=body,
        year=year,
        format=format,
        created_by=actor,
        total=STEPS,
        language=page_language(),
    )
    job.full_clean()
    job.save()
    task_id = jobs.enqueue(ReportJob, job.pk, ReportJob.task())
    ReportJob.objects.filter(pk=job.pk).update(task_id=task_id)
    return job


def _step(job: ReportJob, phase: str, done: int, lease: jobs.Lease) -> None:
    lease.check()
    jobs.retry_locked(lambda: ReportJob.objects.filter(pk=job.pk).update(phase=phase, done=done))


def report_job_execute(*, job_id: int, token: str | None = None) -> dict:
    """Write the report of a queued job (the worker's entry point); safe to run again: a job
    that succeeded is left as it is, and a task whose ``token`` is no longer the job's does
    nothing."""
    job = ReportJob.objects.select_related("body").get(pk=job_id)
    if job.status == ReportJob.Status.SUCCEEDED:
        return {"file": job.file.name}
    fresh = {"phase": ReportJob.Phase.GATHERING, "done": 0, "total": STEPS, "error": ""}
    if not jobs.start(ReportJob, job.pk, token=token, **fresh):
        return {"skipped": "queued again under another task, or finished"}
    with jobs.running(ReportJob, job.pk, token=token) as lease:
        try:
            # In the reader's language, as the page's direct download is.
            with translation.override(job.language):
                report = annual.build(job.body, job.year)
                _step(job, ReportJob.Phase.CHARTS, 1, lease)
                charts = report_charts(report)
                _step(job, ReportJob.Phase.WRITING, 2, lease)
                data = WRITERS[job.format](report, charts)
            lease.check()
            name = job.file.field.upload_to(job, f"report.{job.format}")
            job.file.save(name, ContentFile(data), save=False)
            jobs.retry_locked(
                lambda: ReportJob.objects.filter(pk=job.pk).update(
                    file=job.file.name,
                    status=ReportJob.Status.SUCCEEDED,
                    done=STEPS,
                    finished_at=timezone.now(),
                )
            )
            return {"file": job.file.name, "bytes": len(data)}
        except jobs.LeaseLost:
            return {"skipped": "taken over by another worker"}
        except Exception:
            # The reader sees what happened in words (the details are in the log), in the
            # language of the page that asked.
            logger.exception("report job %s failed", job.pk)
            with translation.override(job.language):
                _fail(job, _("报告生成失败：系统出错，请稍后重试；如仍失败，请联系平台管理员。"))
            raise


def _fail(job: ReportJob, reason: str) -> None:
    jobs.retry_locked(
        lambda: ReportJob.objects.filter(pk=job.pk).update(
            status=ReportJob.Status.FAILED, error=reason[:2000], finished_at=timezone.now()
        )
    )


def report_jobs_recover() -> list[ReportJob]:
    """Queue again the report jobs whose worker is gone; end failed (with the reason) those
    cut off too often. A rerun writes the whole file again."""
    return jobs.recover(ReportJob, task=ReportJob.task(), fail=_fail)
