"""Talent pages: the Excel import of postings, cohorts, students and their choices (志愿):
upload, check by the worker, preview, confirm, status."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from chanjiao.accounts.permissions import (
    can_edit_body,
    is_platform_admin,
    require,
    secretariat_body_ids,
)
from chanjiao.core.uploads import private_file_response
from chanjiao.registry.views_excel import xlsx_response

from . import excel, forms
from .models import TalentImport
from .views import COHORTS, POSTINGS, _crumbs, _visible_bodies

# --- Excel import of postings, cohorts, students and choices ---------------------------------

_IMPORT_KINDS = {
    "postings": POSTINGS,
    "cohorts": COHORTS,
    "students": gettext_lazy("学生"),
    "applications": gettext_lazy("学生志愿"),
}
#: The list an import returns to: students are shown by cohort, choices by posting.
_LIST_OF = {
    "postings": "talent:posting_list",
    "cohorts": "talent:cohort_list",
    "students": "talent:cohort_list",
    "applications": "talent:posting_list",
}


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request, pk: int, kind: str):
    """Upload a postings or cohorts list: the file is checked at the door and stored, the
    worker parses it and stores its preview (this page polls until then, nothing saved), and
    a confirmation queues the import (a job with a progress page)."""
    if kind not in _IMPORT_KINDS:
        raise Http404(kind)
    user = request.user
    body = get_object_or_404(_visible_bodies(user), pk=pk)
    excel.require_import_permission(user, body)
    list_url = reverse(_LIST_OF[kind]) + f"?body={body.pk}"
    context = {
        "body": body,
        "kind": kind,
        "kind_label": _IMPORT_KINDS[kind],
        "title": _("导入%(what)s") % {"what": _IMPORT_KINDS[kind]},
        "crumbs": _crumbs((_IMPORT_KINDS[kind], list_url)),
        "columns": excel.columns_of(kind),
        "list_url": list_url,
    }
    if request.method == "POST" and request.POST.get("job", "").isdigit():
        job = get_object_or_404(TalentImport, pk=int(request.POST["job"]), body=body, kind=kind)
        excel.talent_import_enqueue(actor=user, job=job)
        return redirect("talent:import_status", pk=job.pk)
    if request.method == "GET" and request.GET.get("job", "").isdigit():
        return _import_preview(request, body, kind, int(request.GET["job"]), context)
    form = forms.TalentFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        # The form checked sizes, zip ratio and rows; the file is stored and parsed by the
        # worker, and this page shows the preview when it is ready.
        upload = form.cleaned_data["file"]
        job = excel.talent_import_create(
            actor=user, body=body, kind=kind, file=upload, name=upload.name
        )
        excel.talent_import_check_enqueue(actor=user, job=job)
        return redirect(f"{reverse('talent:import', args=[body.pk, kind])}?job={job.pk}")
    context["form"] = form
    return render(request, "talent/import_upload.html", context, status=400 if form.errors else 200)


def _import_preview(request, body, kind: str, job_pk: int, context: dict):
    """The preview of an uploaded list once the worker has checked it; until then a page that
    polls (htmx) and reloads itself when the preview is there."""
    job = get_object_or_404(
        TalentImport, pk=job_pk, body=body, kind=kind, status=TalentImport.Status.PREVIEW
    )
    preview = excel.talent_import_stored_preview(job)
    htmx = getattr(request, "htmx", None)
    if preview is None:
        context.update({"job": job})
        template = "core/_job_checking.html" if htmx else "talent/import_checking.html"
        return render(request, template, context)
    if htmx:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    context.update({"job": job, "preview": preview, "form": forms.TalentFileForm()})
    return render(request, "talent/import_preview.html", context)


@login_required
def import_status(request, pk: int):
    """The progress of a postings or cohorts import; htmx polls the progress partial."""
    job = get_object_or_404(TalentImport.objects.select_related("body", "created_by"), pk=pk)
    require(
        job.created_by_id == request.user.pk or can_edit_body(request.user, job.body),
        _("只有提交人或该产教融合体秘书处可以查看"),
    )
    kind_label = _IMPORT_KINDS.get(job.kind, job.get_kind_display())
    list_url = reverse(_LIST_OF[job.kind]) + f"?body={job.body_id}"
    context = {
        "job": job,
        "body": job.body,
        "kind": job.kind,
        "kind_label": kind_label,
        "title": _("%(what)s导入进度") % {"what": kind_label},
        "crumbs": _crumbs((kind_label, list_url)),
        "list_url": list_url,
    }
    if getattr(request, "htmx", False):
        return render(request, "talent/_import_progress.html", context)
    return render(request, "talent/import_status.html", context)


def import_file(request, pk: int):
    """An uploaded postings or cohorts list: the body's secretariat, its uploader and admins
    only; 404 for anyone else."""
    job = get_object_or_404(TalentImport.objects.select_related("body"), pk=pk)
    if not (
        is_platform_admin(request.user)
        or job.body_id in secretariat_body_ids(request.user)
        or (request.user.is_authenticated and job.created_by_id == request.user.pk)
    ):
        raise Http404
    return private_file_response(job.file, download_name=job.original_name or f"import-{job.pk}")


@login_required
def import_template(request, kind: str):
    """An empty .xlsx with the import's headers."""
    if kind not in _IMPORT_KINDS:
        raise Http404(kind)
    return xlsx_response(
        excel.template_xlsx(kind),
        filename=f"{_IMPORT_KINDS[kind]}-模板.xlsx",
        fallback=f"{kind}-template.xlsx",
    )
