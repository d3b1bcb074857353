"""Excel pages of the registry: upload a member list, preview it, confirm the import (a
background job with a progress page), and download member and event lists as .xlsx.

The registry URLs are mounted at the site root, so paths here carry their own prefix.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404
from django.urls import path, reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_http_methods

from chanjiao.accounts.permissions import can_edit_body, can_watch_import
from chanjiao.core.forms import SearchForm, SpreadsheetField
from chanjiao.core.listing import xlsx_response
from chanjiao.core.upload_views import status_page, upload_page
from chanjiao.core.xlsx import XLSX_CONTENT_TYPE as XLSX

from . import excel, selectors
from .models import ImportJob, Organization, Role

BODIES = pgettext_lazy("list", "产教融合体")

__all__ = ["XLSX", "xlsx_response"]  # used by the talent pages


class MemberFileForm(forms.Form):
    file = SpreadsheetField(
        label=gettext_lazy("成员名单（.xlsx）"), help_text=gettext_lazy("第一行为表头；最大 10 MB")
    )


def _crumbs(body):
    return [
        (BODIES, reverse("registry:body_list")),
        (body.short_name or body.name, reverse("registry:body_detail", args=[body.pk])),
    ]


def _choices_help():
    return {
        "kinds": [(code, excel.kind_label(code)) for code in Organization.Kind.values],
        "roles": [(code, excel.role_label(code)) for code in Role.values],
        "columns": excel.MEMBER_COLUMNS,
    }


@login_required
@require_http_methods(["GET", "POST"])
def member_import(request, pk: int):
    """Upload a member list and preview it (nothing saved), then confirm to queue the import."""
    actor = request.user
    body = selectors.body_detail(actor=actor, pk=pk)
    excel.require_import_permission(actor, body)
    context = {
        "body": body,
        "title": _("导入成员名单"),
        "crumbs": _crumbs(body),
        "recent_jobs": body.import_jobs.exclude(status=ImportJob.Status.PREVIEW)[:5],
        **_choices_help(),
    }
    return upload_page(
        request,
        uploads=excel.UPLOADS,
        jobs=ImportJob.objects.filter(body=body),
        form_class=MemberFileForm,
        create=lambda upload: excel.import_job_create(
            actor=actor, body=body, file=upload, name=upload.name
        ),
        here=reverse("registry:member_import", args=[body.pk]),
        status="registry:member_import_status",
        templates="registry/import",
        context=context,
    )


@login_required
def member_import_status(request, pk: int):
    """The progress of an import job; htmx polls the progress partial every second."""
    job = get_object_or_404(ImportJob.objects.select_related("body", "created_by"), pk=pk)
    return status_page(
        request,
        job,
        allowed=can_watch_import(request.user, job),
        templates="registry/import",
        partial="registry/import_progress.html",
        context={
            "title": _("成员导入进度"),
            "crumbs": _crumbs(job.body),
            "body_url": reverse_lazy("registry:body_detail", args=[job.body_id]),
        },
    )


class MemberFilterForm(SearchForm):
    """Filters of a body's member list: the unit (as the organisations list searches it) and
    the role. As every filter bar, a value that fails its field is left out, with its error on
    the form, and the others still filter (:meth:`SearchForm.filters`)."""

    role = forms.ChoiceField(label=gettext_lazy("角色"), required=False, choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", gettext_lazy("全部")), *Role.choices]


def member_list(request, pk: int):
    """成员单位列表 of one body: search, filter by role, sort by any column, export to .xlsx
    (the contact column only for readers the privacy rule allows)."""
    from chanjiao.accounts.privacy import annotate_personal
    from chanjiao.core.views import list_page

    from .lists import MEMBERS

    body = selectors.body_detail(actor=request.user, pk=pk)
    form = MemberFilterForm(request.GET or None)
    filters = form.filters()
    qs = selectors.body_members(
        actor=request.user, body=body, role=filters.get("role"), q=filters.get("q")
    )
    return list_page(
        request,
        template="registry/member_list.html",
        partial="registry/_member_table.html",
        filter_form=form,
        queryset=annotate_personal(qs, request.user),
        spec=MEMBERS,
        extra={
            "title": _("成员单位"),
            "crumbs": _crumbs(body),
            "body": body,
            "can_edit": can_edit_body(request.user, body),
        },
    )


def member_export(request, pk: int):
    """The body's current members as .xlsx (the import's columns, so it imports back)."""
    body = selectors.body_detail(actor=request.user, pk=pk)
    today = timezone.localdate().isoformat()
    return xlsx_response(
        excel.members_to_xlsx(body, actor=request.user),
        filename=f"{body.name}-成员名单-{today}.xlsx",
        fallback=f"body-{body.pk}-members-{today}.xlsx",
    )


urlpatterns = [
    path("bodies/<int:pk>/members/import/", member_import, name="member_import"),
    path("bodies/<int:pk>/members/", member_list, name="member_list"),
    path("bodies/<int:pk>/members/export.xlsx", member_export, name="member_export"),
    path("imports/<int:pk>/", member_import_status, name="member_import_status"),
]
