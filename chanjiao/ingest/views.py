"""Pages of the ingest app: submit articles, follow a batch, review and save an article."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_POST

from chanjiao.accounts.permissions import (
    can_ingest,
    require,
)
from chanjiao.core.listing import list_response
from chanjiao.core.views import paginate, run_service
from chanjiao.core.words import sentences
from chanjiao.registry.selectors import editable_bodies

from . import lists, selectors, services
from .forms import MainBodyForm, SubmitForm, proposal_form
from .highlight import saved_url, segments
from .models import Article, IngestBatch, Proposal

# headings of the review page's groups: lists, where Proposal.Kind names one record
GROUP_LABELS = {
    Proposal.Kind.EVENT: pgettext_lazy("proposal group", "活动"),
    Proposal.Kind.BODY: pgettext_lazy("proposal group", "产教融合体"),
    Proposal.Kind.ORGANIZATION: pgettext_lazy("proposal group", "单位"),
    Proposal.Kind.PERSON: pgettext_lazy("proposal group", "人员"),
    Proposal.Kind.AGENDA: pgettext_lazy("proposal group", "议程"),
    Proposal.Kind.COUNT: pgettext_lazy("proposal group", "数量"),
    Proposal.Kind.CARRIER: pgettext_lazy("proposal group", "载体"),
    Proposal.Kind.AGREEMENT: pgettext_lazy("proposal group", "协议"),
}


def _crumbs():
    return [(_("新闻入库"), reverse("ingest:article_list"))]


def _get_article(request, pk: int) -> Article:
    try:
        return selectors.article_get(actor=request.user, pk=pk)
    except Article.DoesNotExist as exc:
        raise Http404 from exc


@login_required
def article_list(request):
    """The review queue, and the form to ingest more."""
    require(can_ingest(request.user))
    form = SubmitForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        submissions = form.cleaned_data["submissions"]
        if len(submissions) > 1 or submissions[0].long:  # (a long text: the worker reads it)
            submitted = run_service(
                form, lambda: services.batch_submit(actor=request.user, submissions=submissions)
            )
            if submitted:
                if len(submissions) == 1 and submitted[0].total:
                    messages.info(request, _("文章较长，已转入后台处理，完成后可在此审核"))
                return redirect("ingest:batch_detail", pk=submitted[0].pk)
        elif submitted := run_service(
            form,
            lambda: services.article_submit(actor=request.user, submission=submissions[0]),
        ):
            article, created = submitted
            retried = not created and article.status == Article.Status.QUEUED
            article = services.article_process(article_id=article.pk)  # new, or failed before
            if retried:
                messages.info(request, _("这篇文章之前处理失败，已重新处理"))
            elif not created:
                messages.info(request, _("这篇文章已入库过，没有重复创建"))
            return redirect("ingest:article_review", pk=article.pk)
    filter_form = lists.ARTICLE_FILTERS.form(request.GET)
    filters = filter_form.filters()
    queryset = selectors.article_list(actor=request.user, **filters)
    queryset, export = list_response(request, lists.ARTICLES, queryset)
    if export is not None:
        return export
    return render(
        request,
        "ingest/article_list.html",
        {
            "title": _("新闻入库"),
            "form": form,
            "page": paginate(request, queryset),
            "list_spec": lists.ARTICLES,
            "filter_form": filter_form,
            "status": filters.get("status", ""),
            "statuses": Article.Status.choices,
        },
    )


@login_required
def batch_detail(request, pk: int):
    """A batch's progress (polled by htmx while it runs) and its articles."""
    try:
        batch = selectors.batch_get(actor=request.user, pk=pk)
    except IngestBatch.DoesNotExist as exc:
        raise Http404 from exc
    context = {
        "batch": batch,
        "articles": batch.articles.order_by("pk"),
        "earlier": selectors.batch_earlier(actor=request.user, batch=batch),
        "title": _("批量入库任务 #%(pk)s") % {"pk": batch.pk},
        "crumbs": _crumbs(),
    }
    if request.htmx:
        return render(request, "ingest/_batch_progress.html", context)
    return render(request, "ingest/batch_detail.html", context)


@login_required
def article_review(request, pk: int):
    """The article beside its proposals: fix, link or drop each, then save all at once."""
    article = _get_article(request, pk)
    proposals = selectors.proposals_of(article)
    data = request.POST if request.method == "POST" else None
    forms = [proposal_form(p, data) for p in proposals]
    main_form = MainBodyForm(
        data, proposals=proposals, bodies=editable_bodies(actor=request.user), article=article
    )
    save_errors: list[str] = []
    if request.method == "POST":
        require(can_ingest(request.user))
        if all(f.is_valid() for f in forms) and main_form.is_valid():
            try:
                result = services.article_review(
                    actor=request.user,
                    article=article,
                    changes={f.proposal.pk: f.changes() for f in forms},
                    main=main_form.cleaned_data["main"],
                )
            except ValidationError as exc:
                save_errors = exc.messages
            else:
                if result and result.changed:
                    messages.success(request, _("已入库"))
                else:
                    messages.info(request, _("已入库：所有记录都已存在，没有新建"))
                return redirect("ingest:article_review", pk=article.pk)
        else:
            save_errors = [_("请更正下面标出的错误。")]
    groups = []
    for kind, label in GROUP_LABELS.items():
        items = [(p, f) for p, f in zip(proposals, forms, strict=True) if p.kind == kind]
        if items:
            # Linked, new and doubtful apart (doubtful ones collapsed): a reviewer mostly
            # confirms what the registry already holds, and opens the doubtful on purpose.
            parts = [
                (standing, standing_label, [(p, f) for p, f in items if p.standing == standing])
                for standing, standing_label in Proposal.Standing.choices
            ]
            groups.append((kind, label, items, [part for part in parts if part[2]]))
    return render(
        request,
        "ingest/article_review.html",
        {
            "article": article,
            "title": article.title or str(article),
            "crumbs": _crumbs(),
            "groups": groups,
            "main_form": main_form,
            "segments": segments(article.text, proposals),
            "save_errors": save_errors,
            "saved": [
                (p, saved_url(p, event_id=article.event_id, body_id=article.body_id))
                for p in proposals
                if p.saved_id
            ],
        },
    )


@login_required
@require_POST
def article_discard(request, pk: int):
    """Set an article aside without saving anything."""
    article = _get_article(request, pk)
    try:
        services.article_discard(actor=request.user, article=article)
    except ValidationError as exc:
        messages.error(request, sentences(exc.messages))
    return redirect("ingest:article_review", pk=article.pk)
