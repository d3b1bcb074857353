"""Talent pages: match runs (人岗匹配) with their proposals explained, and placements (安置)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from chanjiao.accounts.permissions import (
    is_platform_admin,
    require,
    role_body_ids,
    secretariat_body_ids,
)
from chanjiao.core.forms import SearchForm
from chanjiao.core.validators import as_id
from chanjiao.core.views import (
    form_page,
    fresh,
    history_view,
    list_page,
    list_view,
    paginate,
)
from chanjiao.core.words import sentences

from . import forms, lists, selectors, services
from .models import DEFAULT_WEIGHTS, MatchProposal, MatchRun
from .permissions import can_run_matching
from .views import (
    COMPONENT_LABELS,
    PLACEMENTS,
    RUNS,
    _body_param,
    _crumbs,
    _editable_bodies,
    _visible_bodies,
)

# --- match runs (人岗匹配) -----------------------------------------------------------------


@login_required
def run_list(request):
    user = request.user
    bodies = _visible_bodies(user)
    if not is_platform_admin(user):
        bodies = bodies.filter(pk__in=role_body_ids(user))
    form = lists.RUN_FILTERS.form(request.GET, choices={"body": bodies})
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
        _visible_bodies(user), pk=as_id(request.POST.get("body")) or 0
    )
    require(
        can_run_matching(user, body),
        _("只有该产教融合体秘书处或平台管理员可以运行匹配"),
    )
    form = forms.MatchRunForm(request.POST or None)
    return form_page(
        request,
        form,
        save=lambda: services.match_run_create(actor=user, body=body, **form.service_input()),
        message=_("已开始匹配，结果出来前可离开此页。"),
        done=lambda run: redirect("talent:run_detail", pk=run.pk),
        title=_("运行匹配"),
        crumbs=_crumbs((RUNS, reverse("talent:run_list") + f"?body={body.pk}")),
        cancel_url=reverse("talent:overview") + f"?body={body.pk}",
        submit_label=_("开始匹配"),
        template="talent/run_form.html",
        body=body,
        stats=selectors.talent_overview(actor=user, body=body.pk),
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
    # The latest background acceptance of its proposals ("全部确认" of many), if any.
    acceptance = next(iter(run.acceptance_jobs), None)
    accepting = acceptance is not None and not acceptance.is_finished
    context = {
        "run": run,
        "title": _("匹配运行 #%(n)d") % {"n": run.pk},
        "crumbs": _crumbs((RUNS, reverse("talent:run_list") + f"?body={run.body_id}")),
        "can_accept": can_run_matching(user, run.body)
        and run.status == MatchRun.Status.SUCCEEDED
        and not accepting,
        "acceptance": acceptance,
        "component_labels": COMPONENT_LABELS,
        "weights": [(COMPONENT_LABELS[k], run.weights.get(k, 0)) for k in DEFAULT_WEIGHTS],
    }
    partials = {
        "progress": (run, "talent/_run_progress.html"),
        "acceptance": (acceptance, "talent/_acceptance_progress.html"),
    }
    if htmx and request.GET.get("partial") in partials:
        job, template = partials[request.GET["partial"]]
        response = render(request, template, context)
        if job is None or job.is_finished:
            # The page reloads once to show the proposals (and what was accepted).
            response["HX-Refresh"] = "true"
        return response
    decision = request.GET.get("decision", "")
    if decision not in MatchProposal.Decision.values:
        decision = ""
    page = paginate(
        request,
        selectors.proposal_list(
            actor=user,
            run=run,
            decision=decision or None,
            q=SearchForm(request.GET).filters().get("q"),
        ),
        50,
    )
    context.update(
        {
            "page_obj": page,
            "proposals": _explained(page.object_list, run.weights),
            "decision": decision,
            "decisions": MatchProposal.Decision.choices,
            # Pending proposals whose posting closed since the run: accepting them is refused.
            "closed_pending": selectors.proposals_in_closed_postings(run=run),
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
        ids = [pk for v in request.POST.getlist("proposal") if (pk := as_id(v)) is not None]
        if not ids:
            messages.warning(request, _("请先勾选要确认的推荐。"))
            return redirect("talent:run_detail", pk=run.pk)
    try:
        if request.POST.get("action") == "reject":
            count = services.match_proposals_reject(actor=user, run=run, proposals=ids)
            rejected = ngettext("已标记 %(n)d 条为未采纳。", "已标记 %(n)d 条为未采纳。", count)
            messages.success(request, rejected % {"n": count})
        elif services.accepts_in_background(run, ids):
            job = services.match_acceptance_create(actor=user, run=run, proposals=ids)
            messages.success(
                request,
                ngettext(
                    "正在后台确认 %(n)d 条推荐，完成后本页自动刷新，可先离开此页。",
                    "正在后台确认 %(n)d 条推荐，完成后本页自动刷新，可先离开此页。",
                    job.total,
                )
                % {"n": job.total},
            )
        else:
            placements = services.match_proposals_accept(actor=user, run=run, proposals=ids)
            accepted = ngettext(
                "已确认 %(n)d 条推荐，生成安置记录。",
                "已确认 %(n)d 条推荐，生成安置记录。",
                len(placements),
            )
            messages.success(request, accepted % {"n": len(placements)})
    except ValidationError as exc:
        messages.error(request, sentences(exc.messages))
    return redirect("talent:run_detail", pk=run.pk)


run_history = history_view(
    lambda request, pk: selectors.run_detail(actor=request.user, pk=pk),
    crumbs=lambda _obj: _crumbs((RUNS, reverse("talent:run_list"))),
    detail="talent:run_detail",
)


# --- placements (安置) ---------------------------------------------------------------------


placement_list = login_required(
    list_view(
        "talent/placement",
        filters=lists.PLACEMENT_FILTERS,
        choices=lambda user: {"body": _visible_bodies(user)},
        selector=selectors.placement_list,
        spec=lists.PLACEMENTS,
        extra=lambda request: {
            "title": PLACEMENTS,
            "crumbs": _crumbs(),
            "editable_body_ids": secretariat_body_ids(request.user),
        },
    )
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
    return form_page(
        request,
        form,
        save=lambda: services.placement_update(
            actor=request.user, placement=placement, data=dict(form.cleaned_data)
        ),
        message=_("已记录安置结果。"),
        done=lambda _saved: redirect("talent:placement_list"),
        title=_("记录安置结果：%(s)s → %(p)s") % {"s": placement.student, "p": placement.posting},
        crumbs=_crumbs((PLACEMENTS, reverse("talent:placement_list"))),
        cancel_url=reverse("talent:placement_list"),
    )
