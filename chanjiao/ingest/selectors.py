"""Reads of the ingest app: the review queue (审核队列) as the acting user may see it."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Model, Q, QuerySet
from django.utils.translation import gettext as _

from chanjiao.accounts.permissions import is_platform_admin, secretariat_body_ids
from chanjiao.core.selectors import search
from chanjiao.core.validators import normalize_name
from chanjiao.registry.models import Organization
from chanjiao.registry.selectors import organizations_called

from .models import Article, IngestBatch, Proposal


def visible_articles(actor) -> QuerySet[Article]:
    """Articles the actor submitted or that concern a body the actor runs (admins: all).

    The one rule for the queue, the to-do list and the dedupe of submissions: an article
    somebody else ingested for another body is no duplicate of the actor's."""
    if is_platform_admin(actor):
        return Article.objects.all()
    if not getattr(actor, "is_authenticated", False):
        return Article.objects.none()
    return Article.objects.filter(Q(created_by=actor) | Q(body_id__in=secretariat_body_ids(actor)))


def article_list(*, actor, status: str | None = None, q: str | None = None) -> QuerySet[Article]:
    """Articles the actor submitted or that concern a body the actor runs (admins: all)."""
    qs = (
        visible_articles(actor)
        .select_related("created_by", "event", "body")
        .annotate(proposal_count=Count("proposals"))
    )
    if status:
        qs = qs.filter(status=status)
    qs = search(qs, q, ["title", "source_url", "original_name"])
    return qs.order_by("-created_at", "-pk")


def article_get(*, actor, pk: int) -> Article:
    """One article the actor may see (DoesNotExist otherwise)."""
    return article_list(actor=actor).get(pk=pk)


def proposals_of(article: Article) -> list[Proposal]:
    """The article's proposals in review order."""
    return list(article.proposals.order_by("order", "pk"))


def batch_get(*, actor, pk: int) -> IngestBatch:
    """A batch the actor submitted (admins: any)."""
    qs = IngestBatch.objects.all()
    if not is_platform_admin(actor):
        qs = qs.filter(created_by=actor) if getattr(actor, "is_authenticated", False) else qs.none()
    return qs.get(pk=pk)


@dataclass(frozen=True, slots=True)
class EarlierArticle:
    """A submission of a batch that was ingested before: the article, if the reader may see
    it (``id``, ``title``), and what became of it in words (``label``)."""

    id: int | None
    title: str
    status: str
    label: str


def batch_earlier(*, actor, batch: IngestBatch) -> list[EarlierArticle]:
    """The batch's submissions found already ingested, as ``actor`` may see them: one it may
    not read (its body changed since, say) is only said to be somebody else's, with no id."""
    earlier = list(batch.earlier.order_by("pk"))
    seen = set(
        visible_articles(actor).filter(pk__in=[a.pk for a in earlier]).values_list("pk", flat=True)
    )
    return [
        EarlierArticle(a.pk, str(a), a.status, _("已入库过 #%(id)s") % {"id": a.pk})
        if a.pk in seen
        else EarlierArticle(None, "", "", _("已被其他用户入库"))
        for a in earlier
    ]


def record_by_name(model: type[Model], name: str) -> Model | None:
    """The registry record called ``name``: its name, else (organisations and bodies) its
    short name or one of its aliases, compared as the linker compares names."""
    from .pipeline.link import normalize

    name = normalize_name((name or "").strip())
    if not name:
        return None
    if model is Organization:
        units = organizations_called(name)
        return units[0] if len(units) == 1 else None
    found = model.objects.filter(name=name).first()
    if found is not None or not hasattr(model, "aliases"):
        return found
    key = normalize(name)
    for record in model.objects.filter(Q(aliases__contains=name) | Q(short_name=name)):
        others = [record.short_name, *record.aliases.splitlines()]
        if key in {normalize(a) for a in others if a.strip()}:
            return record
    return None
