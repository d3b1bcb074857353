"""The annual report written in the background (报告生成任务): the reader asks for the .docx or
the PDF of a large report, watches its progress, and downloads the file when it is written."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chanjiao.accounts.permissions import can_read_round
from chanjiao.core.uploads import private_file_response
from chanjiao.registry.selectors import visible_bodies

from .models import ReportJob
from .report_jobs import report_job_start
from .views_annual import _readable


@login_required
@require_POST
def report_job_create(request, pk: int, year: int, fmt: str):
    if fmt not in ReportJob.Format.values:
        raise Http404
    body = _readable(request, pk, year)
    job = report_job_start(actor=request.user, body=body, year=year, format=fmt)
    return redirect("report_job", pk=job.pk)


def _job(request, pk: int) -> ReportJob:
    """A report job of a body the reader sees and whose report it may read (404 otherwise)."""
    job = get_object_or_404(
        ReportJob.objects.select_related("body").filter(body__in=visible_bodies(request.user)),
        pk=pk,
    )
    if not can_read_round(request.user, job.body):
        raise Http404
    return job


@login_required
def report_job(request, pk: int):
    """The job's progress (htmx polls the partial every second), then its download."""
    job = _job(request, pk)
    context = {
        "job": job,
        "title": _("生成年度工作报告"),
        "crumbs": [
            (
                job.body.short_name or job.body.name,
                reverse("registry:body_detail", args=[job.body_id]),
            ),
            (_("年度工作报告"), reverse("annual_report", args=[job.body_id, job.year])),
        ],
    }
    if request.GET.get("partial") == "progress":
        return render(request, "reports/_report_job_progress.html", context)
    return render(request, "reports/report_job.html", context)


@login_required
def report_job_download(request, pk: int):
    job = _job(request, pk)
    if job.status != ReportJob.Status.SUCCEEDED:
        raise Http404
    name = _("%(name)s-%(year)s年度工作报告.%(ext)s") % {
        "name": job.body.name,
        "year": job.year,
        "ext": job.format,
    }
    return private_file_response(job.file, download_name=name)
