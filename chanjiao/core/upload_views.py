"""The pages of a tabular import, written once for every app (member lists, postings, cohorts,
students, choices): upload → the worker checks the file → preview → confirm → progress.

One upload page has three states, told apart by the request: a file posted (stored, its check
queued, back to the same page with ``?job=``), ``?job=`` (the preview once the worker has
stored it; until then a page that polls with htmx and reloads itself), and a posted ``job``
(the import is queued, on to its progress page). An app gives its
:class:`~chanjiao.core.tabular_jobs.UploadJobs`, the jobs its page may touch, the form and its
templates (``<prefix>_upload.html``, ``<prefix>_checking.html``, ``<prefix>_preview.html``,
``<prefix>_status.html``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from chanjiao.core.validators import as_id


def upload_page(
    request,
    *,
    uploads,
    jobs,
    form_class,
    create: Callable[[Any], Any],
    here: str,
    status: str,
    templates: str,
    context: dict,
):
    """The upload page of one import. ``jobs``: the queryset of the jobs this page may show or
    confirm (the body's, of the kind); ``create(upload)`` stores an uploaded file as a job;
    ``here`` is this page's address, ``status`` the name of the progress page's URL."""
    actor = request.user
    if request.method == "POST" and (pk := as_id(request.POST.get("job"))):
        job = get_object_or_404(jobs, pk=pk)
        uploads.enqueue(actor=actor, job=job)
        return redirect(status, pk=job.pk)
    if request.method == "GET" and (pk := as_id(request.GET.get("job"))):
        job = get_object_or_404(jobs, pk=pk, status="preview")
        return _preview(request, uploads, job, form_class, templates, context)
    form = form_class(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        # The form checked sizes, zip ratio and rows; the file is stored and parsed by the
        # worker, and this page shows the preview when it is ready.
        job = create(form.cleaned_data["file"])
        uploads.check_enqueue(actor=actor, job=job)
        return redirect(f"{here}?job={job.pk}")
    context["form"] = form
    return render(request, f"{templates}_upload.html", context, status=400 if form.errors else 200)


def _preview(request, uploads, job, form_class, templates: str, context: dict):
    """The preview of an uploaded list once the worker has checked it; until then a page that
    polls (htmx) and reloads itself when the preview is there."""
    preview = uploads.stored_preview(job)
    htmx = getattr(request, "htmx", None)
    context.update({"job": job, "form": form_class()})
    if preview is None:
        template = "core/_job_checking.html" if htmx else f"{templates}_checking.html"
        return render(request, template, context)
    if htmx:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    context["preview"] = preview
    return render(request, f"{templates}_preview.html", context)


def status_page(request, job, *, allowed: bool, templates: str, partial: str, context: dict):
    """The progress page of an import job (htmx polls ``partial`` every second); ``allowed``:
    the visitor uploaded it or runs its body."""
    if not allowed:
        raise PermissionDenied(_("只有提交人或该产教融合体秘书处可以查看"))
    context = {"job": job, "body": job.body, **context}
    if getattr(request, "htmx", False):
        return render(request, partial, context)
    return render(request, f"{templates}_status.html", context)
