"""REST endpoints of news ingest (新闻入库): submit articles, review proposals, save.

All of it needs a bearer token of an admin or a secretariat: the queue holds unreviewed text.
"""

import datetime
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router
from ninja.pagination import paginate
from ninja.responses import Status
from pydantic import Strict

from chanjiao.accounts.permissions import can_ingest, require
from chanjiao.core.api import (
    READ_ERRORS,
    WRITE_ERRORS,
    ApiPagination,
    actor,
    call_service,
    get_or_404,
)
from chanjiao.core.crud_api import Actions
from chanjiao.core.schemas import ErrorOut, InputSchema, OutSchema, Text, choice

from . import lists, selectors, services
from .models import Article, IngestBatch, Proposal

router = Router(tags=["ingest"])


class ArticleIn(InputSchema):
    """One article: an address to fetch, or the page's HTML or text (with its address)."""

    url: Text = Field("", description="The page to fetch (http/https), or the address of `text`.")
    text: str = Field("", description="The article's text or saved HTML, if not fetched.")
    name: Text = Field("", description="A file name to show for `text`.")


class ArticleProposalOut(OutSchema):
    id: int
    kind: str
    kind_label: str
    data: dict[str, Any] = Field(description="The proposed fields (FORMAT.md shape).")
    extracted: dict[str, Any] = Field(description="What the pipeline extracted, before review.")
    spans: list[list[int]] = Field(description="[start, end] offsets of mentions in `text`.")
    candidates: list[dict[str, Any]] = Field(
        description="Registry records it may be: {id, name, method, confidence}, best first."
    )
    confidence: float | None = Field(description="How close the best registry candidate is.")
    evidence: list[str] = Field(
        description="Why the name is proposed: suffix, weak_suffix, everyday_head, place, role, "
        "list, enumerated, person, repeated, headline, alias, quoted, founded, level, registry "
        "(names only; else empty)."
    )
    support: float | None = Field(
        description="How sure the extraction is of the name (0..1), from its evidence."
    )
    method: str
    decision: str
    target_id: int | None
    saved_id: int | None
    saved_created: bool


class ArticleOut(OutSchema):
    id: int
    status: str
    status_label: str
    input: str
    source_url: str
    original_name: str
    title: str
    published: datetime.date | None
    body_id: int | None = Field(description="The body the article is about.")
    event_id: int | None = Field(description="The event it became, once saved.")
    duplicate_of_id: int | None
    batch_id: int | None = Field(
        description="The background job (GET /ingest-batches/{id}) the article is processed in, "
        "if it was submitted in a batch or was too long for the request."
    )
    error: str
    warnings: list[str]
    created_at: datetime.datetime


class ArticleDetailOut(ArticleOut):
    text: str = Field(description="The repaired, Simplified main text the proposals refer to.")
    record: dict[str, Any] = Field(description="The extracted FORMAT.md object.")
    proposals: list[ArticleProposalOut]

    @staticmethod
    def resolve_proposals(obj: Article):
        return selectors.proposals_of(obj)


ArticleFilters = lists.ARTICLE_FILTERS.schema()


class ArticleProposalPatch(InputSchema):
    """Fix fields, link to an existing record, or drop."""

    decision: choice(Proposal.Decision) | None = None
    target_id: int | None = Field(None, ge=1, description="The record to link to (decision link).")
    data: dict[str, Any] | None = Field(None, description="Fields to change (merged).")


class ReviewIn(InputSchema):
    """Apply decisions and save in one transaction."""

    # JSON object keys are strings: the ids are read from them ("12" → 12).
    proposals: dict[Annotated[int, Strict(False)], ArticleProposalPatch] = Field(
        default_factory=dict, description="Changes by proposal id, applied before saving."
    )
    main: str | None = Field(
        None,
        description='The body the article is about: "p<proposal id>", "b<body id>", "" for none.',
    )


class SaveOut(OutSchema):
    article: ArticleDetailOut
    created: dict[str, int] = Field(description="New records by kind.")
    linked: dict[str, int] = Field(description="Existing records used, by kind.")


class BatchIn(InputSchema):
    articles: list[ArticleIn] = Field(min_length=1, max_length=1000)


class EarlierOut(OutSchema):
    id: int | None = Field(description="The article, or null when the reader may not see it.")
    title: str
    status: str
    label: str = Field(description="「已入库过 #id」, or 「已被其他用户入库」 without the id.")


class BatchOut(OutSchema):
    id: int
    status: str
    status_label: str
    done: int
    total: int
    articles: list[ArticleOut] = Field(description="The articles this batch processes.")
    earlier: list[EarlierOut] = Field(
        description="Submissions found already ingested: listed, not processed again."
    )

    @staticmethod
    def resolve_articles(obj: IngestBatch):
        return obj.articles.order_by("pk")

    @staticmethod
    def resolve_earlier(obj: IngestBatch, context):
        return selectors.batch_earlier(actor=actor(context["request"]), batch=obj)


def _articles(request: HttpRequest):
    who = actor(request)
    require(can_ingest(who))
    return selectors.article_list(actor=who)


def _submission(item: ArticleIn) -> services.Submission:
    return services.Submission(url=item.url, text=item.text, name=item.name)


@router.get(
    "/articles",
    # 403: a user who may not ingest (neither admin nor secretariat)
    response={200: list[ArticleOut], **READ_ERRORS, 403: ErrorOut},
    summary="The review queue",
)
@paginate(ApiPagination)
def list_articles(request, filters: Query[ArticleFilters]):
    require(can_ingest(actor(request)))
    return selectors.article_list(actor=actor(request), **filters.model_dump())


@router.get(
    "/articles/{id}",
    response={200: ArticleDetailOut, **WRITE_ERRORS},
    summary="One article with its proposals",
)
def get_article(request, id: int):
    return _article(request, id)


def _article(request, id: int) -> Article:
    return get_or_404(_articles(request), id)


@router.post(
    "/articles",
    response={200: ArticleDetailOut, 201: ArticleDetailOut, 202: ArticleDetailOut, **WRITE_ERRORS},
    summary="Ingest one article (201), or find it when ingested before (200); one whose "
    "processing failed is processed again. A text or file over 64 KB is processed by the job "
    "worker (202, status queued, batch_id set): read GET /articles/{id} until it is pending",
)
def create_article(request, payload: ArticleIn):
    submission = _submission(payload)
    if submission.long:
        batch, (article,) = call_service(services.batch_submit, request, submissions=[submission])
        return Status(202 if article.batch_id == batch.pk else 200, _article(request, article.pk))
    article, created = call_service(services.article_submit, request, submission=submission)
    # new, or failed before and queued again (nothing is done to any other)
    services.article_process(article_id=article.pk)
    return Status(201 if created else 200, _article(request, article.pk))


@router.patch(
    "/articles/{id}/proposals/{proposal_id}",
    response={200: ArticleProposalOut, **WRITE_ERRORS},
    summary="Fix, link or drop one proposal",
)
def patch_proposal(request, id: int, proposal_id: int, payload: ArticleProposalPatch):
    article = _article(request, id)
    proposal = get_or_404(article.proposals.all(), proposal_id)
    data = payload.model_dump(exclude_unset=True)
    call_service(services.proposal_update, request, proposal=proposal, data=data)
    return get_or_404(article.proposals.all(), proposal_id)


@router.post(
    "/articles/{id}/save",
    response={200: SaveOut, **WRITE_ERRORS},
    summary="Apply decisions and save everything in one transaction",
)
def save_article(request, id: int, payload: ReviewIn):
    article = _article(request, id)
    changes = {pk: p.model_dump(exclude_unset=True) for pk, p in payload.proposals.items()}
    result = call_service(
        services.article_review, request, article=article, changes=changes, main=payload.main
    )
    return {
        "article": _article(request, id),
        "created": result.created,
        "linked": result.linked,
    }


Actions(router, __name__, "/articles/{id}", "article", ArticleOut, _article).add(
    "discard", services.article_discard, "Set an article aside without saving anything"
)


@router.post(
    "/ingest-batches",
    response={201: BatchOut, **WRITE_ERRORS},
    summary="Ingest several articles as one background job",
)
def create_batch(request, payload: BatchIn):
    batch, _articles_ = call_service(
        services.batch_submit,
        request,
        submissions=[_submission(item) for item in payload.articles],
    )
    return Status(201, batch)


@router.get(
    "/ingest-batches/{id}",
    response={200: BatchOut, **WRITE_ERRORS},
    summary="A batch's progress and articles",
)
def get_batch(request, id: int):
    who = actor(request)
    require(can_ingest(who))
    try:
        return selectors.batch_get(actor=who, pk=id)
    except IngestBatch.DoesNotExist as exc:
        raise Http404(_("找不到这个批量入库任务")) from exc
