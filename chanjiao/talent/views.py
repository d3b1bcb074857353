"""Talent pages (人才供需): a body's overview, cohorts, postings and the supply–demand gap, and
what the other talent page modules share; their Excel import is in ``views_import``, match
runs and placements in ``views_matching``."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from chanjiao.accounts.permissions import (
    contact_organization_ids,
    is_platform_admin,
    secretariat_body_ids,
)
from chanjiao.core.validators import as_id
from chanjiao.core.views import (
    create_view,
    edit_view,
    history_view,
    initial_ids,
    list_view,
    paginate,
    visible_record,
)
from chanjiao.registry.models import Body
from chanjiao.registry.selectors import editable_bodies, visible_bodies
from chanjiao.registry.views_excel import xlsx_response

from . import excel, forms, lists, selectors, services
from .permissions import can_edit_cohort, can_edit_posting, can_import, can_run_matching

TALENT = gettext_lazy("人才供需")
COHORTS = pgettext_lazy("list", "培养规模")
POSTINGS = pgettext_lazy("list", "需求岗位")
GAP = gettext_lazy("人才供需分析")
RUNS = gettext_lazy("人岗匹配")
PLACEMENTS = pgettext_lazy("list", "安置")

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
    pk = as_id(request.GET.get("body"))
    if pk is None:
        return None
    return _visible_bodies(request.user).filter(pk=pk).first()


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


# --- overview ---------------------------------------------------------------------------


def overview(request):
    """人才供需: pick a body; see its supply, demand, largest gaps, runs and placements."""
    user = request.user
    body = _body_param(request)
    bodies = _visible_bodies(user)
    # The runs and placements name students: they are for signed-in readers, and the page
    # offers them (cards, list entries, stat tiles) only to those.
    reads_students = user.is_authenticated
    context = {
        "title": TALENT,
        "reads_students": reads_students,
        "bodies": bodies,
        "body": body,
        "can_run": body is not None and can_run_matching(user, body),
        "can_import": body is not None and can_import(user, body),
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
            if reads_students or view not in ("run_list", "placement_list")
        }
    return render(request, "talent/overview.html", context)


def _filter_rows(user) -> dict:
    """The rows of the cohort and posting lists' select filters (a FilterSet takes those it
    declares): bodies the user may see, the majors catalogue and its categories."""
    return {
        "body": _visible_bodies(user),
        "category": selectors.major_category_list().order_by("level", "code"),
        "major": selectors.major_list().order_by("level", "code", "name"),
    }


def _list_extra(request, title) -> dict:
    """What the cohort and posting lists show beside their rows."""
    body = _body_param(request)
    return {
        "title": title,
        "crumbs": _crumbs(),
        "can_create": _can_create(request.user),
        "can_import": body is not None and can_import(request.user, body),
        "body": body,
    }


# --- cohorts (培养规模) --------------------------------------------------------------------


_cohort = visible_record(selectors.cohort_list)


cohort_list = list_view(
    "talent/cohort",
    filters=lists.COHORT_FILTERS,
    choices=_filter_rows,
    selector=selectors.cohort_list,
    spec=lists.COHORTS,
    extra=lambda request: _list_extra(request, COHORTS),
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


cohort_history = history_view(
    _cohort,
    crumbs=lambda _obj: _crumbs((COHORTS, reverse("talent:cohort_list"))),
    detail="talent:cohort_detail",
)


cohort_create = create_view(
    allowed=_can_create,
    form=lambda request: forms.CohortForm(
        request.POST or None,
        initial=initial_ids(request, "body"),
        **_form_kwargs(request, forms.SCHOOL_KINDS),
    ),
    create=services.cohort_create,
    message=gettext_lazy("已登记培养规模。"),
    detail="talent:cohort_detail",
    title=gettext_lazy("登记培养规模"),
    crumbs=lambda: _crumbs((COHORTS, reverse("talent:cohort_list"))),
    cancel="talent:cohort_list",
)


cohort_edit = edit_view(
    _cohort,
    allowed=lambda user, cohort: can_edit_cohort(
        user, school=cohort.school_id, body=cohort.body_id
    ),
    form=lambda request, cohort: forms.CohortForm(
        request.POST or None,
        instance=cohort,
        **_form_kwargs(request, forms.SCHOOL_KINDS, cohort.school, cohort.body),
    ),
    update=services.cohort_update,
    detail="talent:cohort_detail",
    title=gettext_lazy("编辑培养规模"),
    crumbs=lambda _cohort: _crumbs((COHORTS, reverse("talent:cohort_list"))),
)


# --- postings (需求岗位) -------------------------------------------------------------------


_posting = visible_record(selectors.posting_list)


posting_list = list_view(
    "talent/posting",
    filters=lists.POSTING_FILTERS,
    choices=_filter_rows,
    selector=selectors.posting_list,
    spec=lists.POSTINGS,
    extra=lambda request: _list_extra(request, POSTINGS),
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


posting_history = history_view(
    _posting,
    crumbs=lambda _obj: _crumbs((POSTINGS, reverse("talent:posting_list"))),
    detail="talent:posting_detail",
)


posting_create = create_view(
    allowed=_can_create,
    form=lambda request: forms.PostingForm(
        request.POST or None, initial=initial_ids(request, "body"), **_form_kwargs(request, None)
    ),
    create=services.posting_create,
    message=gettext_lazy("已发布需求岗位。"),
    detail="talent:posting_detail",
    title=gettext_lazy("发布需求岗位"),
    crumbs=lambda: _crumbs((POSTINGS, reverse("talent:posting_list"))),
    cancel="talent:posting_list",
)


posting_edit = edit_view(
    _posting,
    allowed=lambda user, posting: can_edit_posting(
        user, enterprise=posting.enterprise_id, body=posting.body_id
    ),
    form=lambda request, posting: forms.PostingForm(
        request.POST or None,
        instance=posting,
        **_form_kwargs(request, None, posting.enterprise, posting.body),
    ),
    update=services.posting_update,
    detail="talent:posting_detail",
    title=gettext_lazy("编辑需求岗位"),
    crumbs=lambda _posting: _crumbs((POSTINGS, reverse("talent:posting_list"))),
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
    today = timezone.localdate().isoformat()
    return xlsx_response(
        excel.gap_to_xlsx(actor=request.user, **filters),
        filename=_("人才供需分析-%(day)s.xlsx") % {"day": today},
        fallback=f"talent-gap-{today}.xlsx",
    )
