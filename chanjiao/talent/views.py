"""Talent pages (人才供需): a body's overview, cohorts, postings, their Excel import, the
supply–demand gap, match runs with their proposals, and placements."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from chanjiao.accounts.permissions import (
    can_edit_body,
    contact_organization_ids,
    is_platform_admin,
    require,
    role_body_ids,
    secretariat_body_ids,
)
from chanjiao.core.uploads import private_file_response
from chanjiao.core.views import (
    fresh,
    list_page,
    model_data,
    paginate,
    render_form,
    render_history,
    run_service,
)
from chanjiao.registry.models import Body
from chanjiao.registry.selectors import editable_bodies, visible_bodies
from chanjiao.registry.views_excel import xlsx_response

from . import excel, forms, lists, selectors, services
from .models import DEFAULT_WEIGHTS, MatchProposal, MatchRun, TalentImport
from .permissions import can_edit_cohort, can_edit_posting, can_run_matching

TALENT = gettext_lazy("人才供需")
COHORTS = gettext_lazy("培养规模")
POSTINGS = gettext_lazy("需求岗位")
GAP = gettext_lazy("供需分析")
RUNS = gettext_lazy("人岗匹配")
PLACEMENTS = gettext_lazy("安置")

#: Score components as the pages name them.
COMPONENT_LABELS = {
    "major_fit": gettext_lazy("专业对口"),
    "skills_overlap": gettext_lazy("技能重合"),
    "region": gettext_lazy("地区一致"),
    "preference_rank": gettext_lazy("学生志愿"),
    "enterprise": gettext_lazy("企业评价"),
}


GROUP_LABELS = {
    "major": gettext_lazy("专业"),
    "category": gettext_lazy("专业大类"),
    "industry": gettext_lazy("行业"),
    "region": gettext_lazy("地区"),
}


def _crumbs(*extra):
    return [(TALENT, reverse("talent:overview")), *extra]


def _visible_bodies(user):
    return visible_bodies(user).order_by("name")


def _body_param(request) -> Body | None:
    """The body named by ``?body=`` if the user may see it (None when absent)."""
    value = request.GET.get("body", "")
    if not value.isdigit():
        return None
    return _visible_bodies(request.user).filter(pk=int(value)).first()


def _editable_bodies(user, current: Body | None = None):
    return editable_bodies(actor=user, also=[current.pk] if current else [])


def _org_choices(user, kinds, current=None):
    """Admins and secretariats pick any unit of the kinds; contacts only their own units."""
    if is_platform_admin(user) or secretariat_body_ids(user):
        qs = forms.organizations_for(kinds)
    else:
        qs = forms.organizations_for(None, ids=contact_organization_ids(user))
    if current is not None:
        qs = qs | forms.organizations_for(None, ids=[current.pk])
    return qs.distinct().order_by("name")


def _form_kwargs(request, kinds, current_org=None, current_body=None) -> dict:
    user = request.user
    return {
        "bodies": _editable_bodies(user, current_body),
        "organizations": _org_choices(user, kinds, current_org),
        "body_required": not (is_platform_admin(user) or contact_organization_ids(user)),
    }


def _can_create(user) -> bool:
    return (
        is_platform_admin(user)
        or bool(secretariat_body_ids(user))
        or bool(contact_organization_ids(user))
    )


def _initial_body(request) -> dict:
    value = request.GET.get("body", "")
    return {"body": int(value)} if value.isdigit() else {}


# --- overview ---------------------------------------------------------------------------


def overview(request):
    """人才供需: pick a body; see its supply, demand, largest gaps, runs and placements."""
    user = request.user
    body = _body_param(request)
    bodies = _visible_bodies(user)
    context = {
        "title": TALENT,
        "bodies": bodies,
        "body": body,
        "can_run": body is not None and can_run_matching(user, body),
        "can_import": body is not None and can_run_matching(user, body),
        "can_create": _can_create(user),
    }
    if body is not None:
        context["stats"] = selectors.talent_overview(actor=user, body=body.pk)
        context["gaps"] = selectors.talent_gap(actor=user, body=body.pk, by="category")[:8]
        context["synthetic"] = selectors.gap_includes_synthetic(actor=user, body=body.pk)
        context["runs"] = selectors.match_run_list(actor=user, body=body.pk)[:5]
        query = f"?body={body.pk}"
        context["links"] = {
            name: reverse(f"talent:{view}") + query
            for name, view in (
                ("cohorts", "cohort_list"),
                ("postings", "posting_list"),
                ("gap", "gap"),
                ("runs", "run_list"),
                ("placements", "placement_list"),
            )
        }
    return render(request, "talent/overview.html", context)


# --- cohorts (培养规模) --------------------------------------------------------------------


def _cohort(request, pk):
    return get_object_or_404(selectors.cohort_list(actor=request.user), pk=pk)


def cohort_list(request):
    form = forms.CohortFilterForm(request.GET or None, bodies=_visible_bodies(request.user))
    return list_page(
        request,
        template="talent/cohort_list.html",
        partial="talent/_cohort_table.html",
        filter_form=form,
        queryset=selectors.cohort_list(actor=request.user, **form.filters()),
        spec=lists.COHORTS,
        extra={
            "title": COHORTS,
            "crumbs": _crumbs(),
            "can_create": _can_create(request.user),
            "body": _body_param(request),
        },
    )


def cohort_detail(request, pk: int):
    cohort = _cohort(request, pk)
    students = paginate(request, selectors.cohort_students(actor=request.user, cohort=cohort), 50)
    context = {
        "cohort": cohort,
        "title": str(cohort),
        "crumbs": _crumbs((COHORTS, reverse("talent:cohort_list"))),
        "page_obj": students,
        "can_edit": can_edit_cohort(request.user, school=cohort.school_id, body=cohort.body_id),
    }
    return render(request, "talent/cohort_detail.html", context)


def cohort_history(request, pk: int):
    cohort = _cohort(request, pk)
    return render_history(
        request,
        cohort,
        crumbs=_crumbs((COHORTS, reverse("talent:cohort_list"))),
        back_url=reverse("talent:cohort_detail", args=[pk]),
    )


@login_required
def cohort_create(request):
    require(_can_create(request.user))
    form = forms.CohortForm(
        request.POST or None,
        initial=_initial_body(request),
        **_form_kwargs(request, forms.SCHOOL_KINDS),
    )
    if request.method == "POST" and form.is_valid():
        cohort = run_service(
            form, lambda: services.cohort_create(actor=request.user, **model_data(form))
        )
        if cohort:
            messages.success(request, _("已登记培养规模。"))
            return redirect("talent:cohort_detail", pk=cohort.pk)
    return render_form(
        request,
        form,
        title=_("登记培养规模"),
        crumbs=_crumbs((COHORTS, reverse("talent:cohort_list"))),
        cancel_url=reverse("talent:cohort_list"),
    )


@login_required
def cohort_edit(request, pk: int):
    cohort = _cohort(request, pk)
    require(can_edit_cohort(request.user, school=cohort.school_id, body=cohort.body_id))
    form = forms.CohortForm(
        request.POST or None,
        instance=fresh(cohort),
        **_form_kwargs(request, forms.SCHOOL_KINDS, cohort.school, cohort.body),
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            form,
            lambda: services.cohort_update(
                actor=request.user, cohort=cohort, data=model_data(form)
            ),
        )
    ):
        messages.success(request, _("已保存。"))
        return redirect("talent:cohort_detail", pk=cohort.pk)
    return render_form(
        request,
        form,
        title=_("编辑培养规模"),
        crumbs=_crumbs((COHORTS, reverse("talent:cohort_list"))),
        cancel_url=reverse("talent:cohort_detail", args=[pk]),
    )


# --- postings (需求岗位) -------------------------------------------------------------------


def _posting(request, pk):
    return get_object_or_404(selectors.posting_list(actor=request.user), pk=pk)


def posting_list(request):
    form = forms.PostingFilterForm(request.GET or None, bodies=_visible_bodies(request.user))
    return list_page(
        request,
        template="talent/posting_list.html",
        partial="talent/_posting_table.html",
        filter_form=form,
        queryset=selectors.posting_list(actor=request.user, **form.filters()),
        spec=lists.POSTINGS,
        extra={
            "title": POSTINGS,
            "crumbs": _crumbs(),
            "can_create": _can_create(request.user),
            "body": _body_param(request),
        },
    )


def posting_detail(request, pk: int):
    posting = _posting(request, pk)
    user = request.user
    context = {
        "posting": posting,
        "title": posting.title,
        "crumbs": _crumbs((POSTINGS, reverse("talent:posting_list"))),
        "can_edit": can_edit_posting(user, enterprise=posting.enterprise_id, body=posting.body_id),
        "applications": selectors.application_list(actor=user, posting=posting.pk)[:200],
        "placements": selectors.placement_list(actor=user, posting=posting.pk)[:200],
    }
    return render(request, "talent/posting_detail.html", context)


def posting_history(request, pk: int):
    posting = _posting(request, pk)
    return render_history(
        request,
        posting,
        crumbs=_crumbs((POSTINGS, reverse("talent:posting_list"))),
        back_url=reverse("talent:posting_detail", args=[pk]),
    )


@login_required
def posting_create(request):
    require(_can_create(request.user))
    form = forms.PostingForm(
        request.POST or None, initial=_initial_body(request), **_form_kwargs(request, None)
    )
    if request.method == "POST" and form.is_valid():
        posting = run_service(
            form, lambda: services.posting_create(actor=request.user, **model_data(form))
        )
        if posting:
            messages.success(request, _("已发布需求岗位。"))
            return redirect("talent:posting_detail", pk=posting.pk)
    return render_form(
        request,
        form,
        title=_("发布需求岗位"),
        crumbs=_crumbs((POSTINGS, reverse("talent:posting_list"))),
        cancel_url=reverse("talent:posting_list"),
    )


@login_required
def posting_edit(request, pk: int):
    posting = _posting(request, pk)
    require(can_edit_posting(request.user, enterprise=posting.enterprise_id, body=posting.body_id))
    form = forms.PostingForm(
        request.POST or None,
        instance=fresh(posting),
        **_form_kwargs(request, None, posting.enterprise, posting.body),
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            form,
            lambda: services.posting_update(
                actor=request.user, posting=posting, data=model_data(form)
            ),
        )
    ):
        messages.success(request, _("已保存。"))
        return redirect("talent:posting_detail", pk=posting.pk)
    return render_form(
        request,
        form,
        title=_("编辑需求岗位"),
        crumbs=_crumbs((POSTINGS, reverse("talent:posting_list"))),
        cancel_url=reverse("talent:posting_detail", args=[pk]),
    )


# --- Excel import of postings and cohorts --------------------------------------------------

_IMPORT_KINDS = {"postings": POSTINGS, "cohorts": COHORTS}


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
    list_url = reverse(f"talent:{kind[:-1]}_list") + f"?body={body.pk}"
    context = {
        "body": body,
        "kind": kind,
        "kind_label": _IMPORT_KINDS[kind],
        "title": _("导入%(what)s") % {"what": _IMPORT_KINDS[kind]},
        "crumbs": _crumbs((_IMPORT_KINDS[kind], list_url)),
        "columns": excel.POSTING_COLUMNS if kind == "postings" else excel.COHORT_COLUMNS,
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
    list_url = reverse(f"talent:{job.kind[:-1]}_list") + f"?body={job.body_id}"
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


# --- the supply–demand gap (供需分析) ------------------------------------------------------


def _gap_form(request):
    user = request.user
    body = _body_param(request)
    years = selectors.gap_years(actor=user, body=body.pk if body else None)
    return forms.GapForm(request.GET or None, bodies=_visible_bodies(user), years=years)


def gap(request):
    """Supply against demand by major, category, industry or region, with charts."""
    form = _gap_form(request)
    filters = form.filters()
    rows = selectors.talent_gap(actor=request.user, **filters)
    top = rows[:20]
    chart = {
        "labels": [r.label for r in top],
        "supply": [r.supply for r in top],
        "demand": [r.demand for r in top],
        "gap": [r.gap for r in top],
        "names": {"supply": _("供给（毕业生）"), "demand": _("需求（岗位）"), "gap": _("缺口")},
    }
    context = {
        "title": GAP,
        "crumbs": _crumbs(),
        "filter_form": form,
        "rows": rows,
        "chart": chart,
        "by": filters["by"],
        "group_label": GROUP_LABELS[filters["by"]],
        "totals": {
            "supply": sum(r.supply for r in rows),
            "demand": sum(r.demand for r in rows),
            "gap": sum(r.gap for r in rows),
        },
        "export_query": request.GET.urlencode(),
        "synthetic": selectors.gap_includes_synthetic(
            actor=request.user, **{k: v for k, v in filters.items() if k != "by"}
        ),
    }
    response = render(request, "talent/gap.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def gap_export(request):
    """The gap analysis as .xlsx (one sheet per dimension)."""
    form = _gap_form(request)
    filters = form.filters()
    filters.pop("by")
    today = datetime.date.today().isoformat()
    return xlsx_response(
        excel.gap_to_xlsx(actor=request.user, **filters),
        filename=f"人才供需分析-{today}.xlsx",
        fallback=f"talent-gap-{today}.xlsx",
    )


# --- match runs (人岗匹配) -----------------------------------------------------------------


@login_required
def run_list(request):
    user = request.user
    bodies = _visible_bodies(user)
    if not is_platform_admin(user):
        bodies = bodies.filter(pk__in=role_body_ids(user))
    form = forms.RunFilterForm(request.GET or None, bodies=bodies)
    body = _body_param(request)
    return list_page(
        request,
        template="talent/run_list.html",
        partial="talent/_run_table.html",
        filter_form=form,
        queryset=selectors.match_run_list(actor=user, **form.filters()),
        spec=lists.RUNS,
        extra={
            "title": RUNS,
            "crumbs": _crumbs(),
            "body": body,
            "can_run": body is not None and can_run_matching(user, body),
            "runnable": _editable_bodies(user),
        },
    )


@login_required
def run_create(request):
    """The “run matching” form: method, weights, students and postings."""
    user = request.user
    body = _body_param(request) or get_object_or_404(
        _visible_bodies(user), pk=request.POST.get("body") or 0
    )
    require(
        can_run_matching(user, body),
        _("只有该产教融合体秘书处或平台管理员可以运行匹配"),
    )
    form = forms.MatchRunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        run = run_service(
            form,
            lambda: services.match_run_create(actor=user, body=body, **form.service_input()),
        )
        if run:
            messages.success(request, _("已开始匹配，结果出来前可离开此页。"))
            return redirect("talent:run_detail", pk=run.pk)
    stats = selectors.talent_overview(actor=user, body=body.pk)
    return render_form(
        request,
        form,
        title=_("运行匹配"),
        crumbs=_crumbs((RUNS, reverse("talent:run_list") + f"?body={body.pk}")),
        cancel_url=reverse("talent:overview") + f"?body={body.pk}",
        submit_label=_("开始匹配"),
        template="talent/run_form.html",
        body=body,
        stats=stats,
        form_action=reverse("talent:run_create") + f"?body={body.pk}",
    )


def _explained(proposals, weights):
    """Each proposal with its components in a fixed order, labelled, for the table."""
    rows = []
    for p in proposals:
        parts = []
        for name, label in COMPONENT_LABELS.items():
            item = (p.explanation or {}).get(name)
            if item is None:
                continue
            parts.append(
                {
                    "name": name,
                    "label": label,
                    "value": item.get("value", 0),
                    "weight": item.get("weight", weights.get(name, 0)),
                    "points": item.get("points", 0),
                }
            )
        rows.append((p, parts))
    return rows


@login_required
def run_detail(request, pk: int):
    """A run: progress while it runs (htmx polls), then its summary and proposed matches."""
    user = request.user
    run = selectors.run_detail(actor=user, pk=pk)
    htmx = getattr(request, "htmx", None)
    context = {
        "run": run,
        "title": _("匹配运行 #%(n)d") % {"n": run.pk},
        "crumbs": _crumbs((RUNS, reverse("talent:run_list") + f"?body={run.body_id}")),
        "can_accept": can_run_matching(user, run.body) and run.status == MatchRun.Status.SUCCEEDED,
        "component_labels": COMPONENT_LABELS,
        "weights": [(COMPONENT_LABELS[k], run.weights.get(k, 0)) for k in DEFAULT_WEIGHTS],
    }
    if htmx and request.GET.get("partial") == "progress":
        response = render(request, "talent/_run_progress.html", context)
        if run.is_finished:
            # The page reloads once to show the proposals under the summary.
            response["HX-Refresh"] = "true"
        return response
    decision = request.GET.get("decision", "")
    if decision not in MatchProposal.Decision.values:
        decision = ""
    page = paginate(
        request,
        selectors.proposal_list(
            actor=user, run=run, decision=decision or None, q=request.GET.get("q")
        ),
        50,
    )
    context.update(
        {
            "page_obj": page,
            "proposals": _explained(page.object_list, run.weights),
            "decision": decision,
            "decisions": MatchProposal.Decision.choices,
        }
    )
    return render(request, "talent/run_detail.html", context)


@login_required
@require_POST
def run_accept(request, pk: int):
    """Accept the ticked proposals (or every pending one): they become placements."""
    user = request.user
    run = selectors.run_detail(actor=user, pk=pk)
    require(
        can_run_matching(user, run.body),
        _("只有该产教融合体秘书处或平台管理员可以确认匹配结果"),
    )
    ids = None
    if request.POST.get("action") != "all":
        ids = [int(v) for v in request.POST.getlist("proposal") if v.isdigit()]
        if not ids:
            messages.warning(request, _("请先勾选要确认的推荐。"))
            return redirect("talent:run_detail", pk=run.pk)
    try:
        if request.POST.get("action") == "reject":
            count = services.match_proposals_reject(actor=user, run=run, proposals=ids)
            messages.success(request, _("已标记 %(n)d 条为未采纳。") % {"n": count})
        else:
            placements = services.match_proposals_accept(actor=user, run=run, proposals=ids)
            messages.success(
                request, _("已确认 %(n)d 条推荐，生成安置记录。") % {"n": len(placements)}
            )
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect("talent:run_detail", pk=run.pk)


def run_history(request, pk: int):
    run = selectors.run_detail(actor=request.user, pk=pk)
    return render_history(
        request,
        run,
        crumbs=_crumbs((RUNS, reverse("talent:run_list"))),
        back_url=reverse("talent:run_detail", args=[pk]),
    )


# --- placements (安置) ---------------------------------------------------------------------


@login_required
def placement_list(request):
    form = forms.PlacementFilterForm(request.GET or None, bodies=_visible_bodies(request.user))
    return list_page(
        request,
        template="talent/placement_list.html",
        partial="talent/_placement_table.html",
        filter_form=form,
        queryset=selectors.placement_list(actor=request.user, **form.filters()),
        spec=lists.PLACEMENTS,
        extra={
            "title": PLACEMENTS,
            "crumbs": _crumbs(),
            "editable_body_ids": secretariat_body_ids(request.user),
        },
    )


@login_required
def placement_edit(request, pk: int):
    """Record an outcome: started, finished, hired or withdrawn."""
    placement = get_object_or_404(selectors.placement_list(actor=request.user), pk=pk)
    require(
        placement.body is not None
        and can_run_matching(request.user, placement.body)
        or is_platform_admin(request.user)
    )
    form = forms.PlacementOutcomeForm(request.POST or None, instance=fresh(placement))
    if (
        request.method == "POST"
        and form.is_valid()
        and run_service(
            form,
            lambda: services.placement_update(
                actor=request.user, placement=placement, data=dict(form.cleaned_data)
            ),
        )
    ):
        messages.success(request, _("已记录安置结果。"))
        return redirect("talent:placement_list")
    return render_form(
        request,
        form,
        title=_("记录安置结果：%(s)s → %(p)s") % {"s": placement.student, "p": placement.posting},
        crumbs=_crumbs((PLACEMENTS, reverse("talent:placement_list"))),
        cancel_url=reverse("talent:placement_list"),
    )
