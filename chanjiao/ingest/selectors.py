"""Reads of the ingest app: the review queue (审核队列) as the acting user may see it."""

from __future__ import annotations

from django.db.models import Count, Model, Q, QuerySet

from chanjiao.accounts.permissions import is_platform_admin, secretariat_body_ids
from chanjiao.core.selectors import search

from .models import Article, IngestBatch, Proposal


def article_list(*, actor, status: str | None = None, q: str | None = None) -> QuerySet[Article]:
    """Articles the actor submitted or that concern a body the actor runs (admins: all)."""
    qs = Article.objects.select_related("created_by", "event", "body").annotate(
        proposal_count=Count("proposals")
    )
    if not is_platform_admin(actor):
        if not getattr(actor, "is_authenticated", False):
            return qs.none()
        qs = qs.filter(Q(created_by=actor) | Q(body_id__in=secretariat_body_ids(actor)))
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


def record_by_name(model: type[Model], name: str) -> Model | None:
    """The registry record called ``name``: its name, else (organisations and bodies) its
    short name or one of its aliases, compared as the linker compares names."""
    from .pipeline.link import normalize

    name = (name or "").strip()
    if not name:
        return None
    found = model.objects.filter(name=name).first()
    if found is not None or not hasattr(model, "aliases"):
        return found
    key = normalize(name)
    for record in model.objects.filter(Q(aliases__contains=name) | Q(short_name=name)):
        others = [record.short_name, *record.aliases.splitlines()]
        if key in {normalize(a) for a in others if a.strip()}:
            return record
    return None
