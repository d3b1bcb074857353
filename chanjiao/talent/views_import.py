"""Talent pages: the Excel import of postings, cohorts, students and their choices (志愿):
upload, check by the worker, preview, confirm, status."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_http_methods

from chanjiao.accounts.permissions import (
    can_watch_import,
    is_platform_admin,
    secretariat_body_ids,
)
from chanjiao.core.upload_views import status_page, upload_page
from chanjiao.core.uploads import private_file_response
from chanjiao.registry.views_excel import xlsx_response

from . import excel, forms
from .models import TalentImport
from .views import COHORTS, POSTINGS, _crumbs, _visible_bodies

# --- Excel import of postings, cohorts, students and choices ---------------------------------

_IMPORT_KINDS = {
    "postings": POSTINGS,
    "cohorts": COHORTS,
    "students": pgettext_lazy("list", "学生"),
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
    return upload_page(
        request,
        uploads=excel.UPLOADS,
        jobs=TalentImport.objects.filter(body=body, kind=kind),
        form_class=forms.TalentFileForm,
        create=lambda upload: excel.talent_import_create(
            actor=user, body=body, kind=kind, file=upload, name=upload.name
        ),
        here=reverse("talent:import", args=[body.pk, kind]),
        status="talent:import_status",
        templates="talent/import",
        context=context,
    )


@login_required
def import_status(request, pk: int):
    """The progress of a postings or cohorts import; htmx polls the progress partial."""
    job = get_object_or_404(TalentImport.objects.select_related("body", "created_by"), pk=pk)
    kind_label = _IMPORT_KINDS.get(job.kind, job.get_kind_display())
    list_url = reverse(_LIST_OF[job.kind]) + f"?body={job.body_id}"
    return status_page(
        request,
        job,
        allowed=can_watch_import(request.user, job),
        templates="talent/import",
        partial="talent/_import_progress.html",
        context={
            "kind": job.kind,
            "kind_label": kind_label,
            "title": _("%(what)s导入进度") % {"what": kind_label},
            "crumbs": _crumbs((kind_label, list_url)),
            "list_url": list_url,
        },
    )


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
        filename=_("%(kind)s-模板.xlsx") % {"kind": _IMPORT_KINDS[kind]},
        fallback=f"{kind}-template.xlsx",
    )
