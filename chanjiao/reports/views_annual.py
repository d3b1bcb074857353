"""The annual report's page (年度工作报告): read it, write its sections, download it as .docx,
PDF or a printable HTML page. For the body's secretariat, its supervising department and
admins."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from chanjiao.accounts.permissions import can_read_round, can_run_collection, require
from chanjiao.core.listing import download_response
from chanjiao.core.words import sentences
from chanjiao.registry.selectors import body_detail

from . import annual, services
from .charts import report_charts
from .documents import (
    DOCX_CONTENT_TYPE,
    PDF_CONTENT_TYPE,
    document_context,
    to_docx,
    to_html,
    to_pdf,
)
from .indicators import FIRST_YEAR, check_year
from .models import ReportText
from .report_jobs import is_large

FORMATS = {
    "docx": (DOCX_CONTENT_TYPE, to_docx),
    "pdf": (PDF_CONTENT_TYPE, to_pdf),
    "html": ("text/html; charset=utf-8", lambda report, charts: to_html(report, charts).encode()),
}


class ReportTextsForm(forms.Form):
    """The sections people write, one text area each."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in ReportText.Section.choices:
            self.fields[key] = forms.CharField(
                label=label,
                required=False,
                max_length=20000,
                widget=forms.Textarea(attrs={"rows": 5}),
            )


def readable_report(actor, pk: int, year: int):
    """The body (404 unless ``actor`` sees it), for those who may read its report (403
    otherwise); a year outside 1990 – this year, or before the year the body was founded, is
    an error that says so."""
    body = body_detail(actor=actor, pk=pk)
    require(
        can_read_round(actor, body),
        _("只有该产教融合体的秘书处、主管部门或平台管理员可以查看年度报告"),
    )
    check_year(year)
    if body.founded_on is not None and year < body.founded_on.year:
        raise ValidationError(
            {
                "year": _("该产教融合体成立于 %(founded)d 年，请选择 %(founded)d 年或之后的年度")
                % {"founded": body.founded_on.year}
            }
        )
    return body


def report_years(body) -> list[int]:
    """The years the report page links to: the last six, none before the body's founding."""
    this_year = timezone.localdate().year
    first = body.founded_on.year if body.founded_on else FIRST_YEAR
    return [y for y in range(this_year, this_year - 6, -1) if y >= first]


def _readable(request, pk: int, year: int):
    try:
        return readable_report(request.user, pk, year)
    except ValidationError as exc:
        raise Http404 from exc


@login_required
@require_http_methods(["GET", "POST"])
def annual_report(request, pk: int, year: int):
    body = _readable(request, pk, year)
    may_write = can_run_collection(request.user, body)
    texts_form = None
    if may_write:
        # Only the written sections: the whole report is gathered once, below.
        written = ReportText.objects.filter(body=body, year=year).values_list("section", "text")
        texts_form = ReportTextsForm(request.POST or None, initial=dict(written))
        if request.method == "POST" and texts_form.is_valid():
            try:
                services.report_texts_save(
                    actor=request.user, body=body, year=year, texts=texts_form.cleaned_data
                )
            except ValidationError as exc:
                messages.error(request, sentences(exc.messages))
            else:
                messages.success(request, _("已保存报告文字。"))
                return redirect("annual_report", pk=pk, year=year)
    elif request.method == "POST":
        raise Http404
    report = annual.build(body, year)
    context = {
        "title": report.title,
        "crumbs": [(body.short_name or body.name, reverse("registry:body_detail", args=[pk]))],
        "body": body,
        "years": report_years(body),
        "texts_form": texts_form,
        "in_background": is_large(report),
        **document_context(report, report_charts(report)),
    }
    return render(request, "reports/annual_report.html", context)


@login_required
def annual_report_download(request, pk: int, year: int, fmt: str):
    if fmt not in FORMATS:
        raise Http404
    body = _readable(request, pk, year)
    return report_response(body, year, fmt)


def report_response(body, year: int, fmt: str) -> HttpResponse:
    """The report as a download (.docx, .pdf) or a standalone page (html)."""
    content_type, write = FORMATS[fmt]
    report = annual.build(body, year)
    data = write(report, report_charts(report))
    if fmt == "html":
        return HttpResponse(data, content_type=content_type)
    return download_response(
        data,
        content_type=content_type,
        filename=_("%(name)s-%(year)s年度工作报告.%(ext)s")
        % {"name": body.name, "year": year, "ext": fmt},
        fallback=f"body-{body.pk}-{year}-report.{fmt}",
    )
