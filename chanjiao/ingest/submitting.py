"""Submitting news to ingest (提交): a page's address, a file or a pasted text becomes a queued
article, or finds the one the submitter already has; several at once become a batch
(批量入库) that the job worker processes. A long text or file goes to the worker too
(``Submission.long``): processing it would outlast a web request."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from chanjiao.accounts.permissions import can_ingest, require
from chanjiao.core import jobs
from chanjiao.core.changelog import Actor

from .models import Article, IngestBatch
from .pipeline import decode
from .pipeline.fetch import DEFAULT_MAX_BYTES, FetchError, check_url
from .saving import _DENIED
from .selectors import visible_articles


def _fingerprint(text: str) -> str:
    # Whitespace differs between copies of one text (a paste, a saved file); the words do not.
    return hashlib.sha256(re.sub(r"\s+", "", text or "").encode("utf-8")).hexdigest()


INLINE_BYTES = 64 * 1024
"""A text or file up to this size is processed in the request that submits it (a news article
is a few KB and takes a fraction of a second); a longer one goes to the job worker."""


@dataclass(frozen=True, slots=True)
class Submission:
    """One input: an address to fetch, or a file's bytes, or pasted text."""

    url: str = ""
    data: bytes | None = None
    text: str = ""
    name: str = ""

    @property
    def input(self) -> str:
        if self.data is not None:
            return Article.Input.FILE
        if self.text:
            return Article.Input.TEXT
        return Article.Input.URL

    @property
    def long(self) -> bool:
        """Too long to process in a web request (over :data:`INLINE_BYTES`): it goes to the job
        worker as a batch of one. (A page's address is fetched and read in the request.)"""
        size = len(self.data) if self.data is not None else len(self.text.encode("utf-8"))
        return size > INLINE_BYTES


def _clean_url(url: str, field: str = "url") -> str:
    try:
        url = check_url(url)
    except FetchError as exc:
        raise ValidationError({field: [exc.translated(_)]}) from exc
    limit = Article._meta.get_field("source_url").max_length
    if len(url) > limit:
        raise ValidationError({field: [_("网址超过 %(n)d 个字符") % {"n": limit}]})
    return url


def _existing(actor: Actor, url: str, raw_hash: str) -> Article | None:
    """The article the actor already has for this address or text: one it may see (its own,
    or its body's); an article another body's secretariat ingested is no duplicate of it.
    One that was read is preferred to one whose processing failed."""
    q = Q()
    if url:
        q |= Q(source_url=url)
    if raw_hash:
        q |= Q(raw_hash=raw_hash)
    found = list(visible_articles(actor).filter(q).order_by("pk")) if q else []
    return next((a for a in found if a.status != Article.Status.FAILED), None) or next(
        iter(found), None
    )


def _retry(article: Article, batch: IngestBatch | None, url: str, new: dict) -> Article:
    """Queue again an article whose processing failed (a fetch that failed may work now):
    with the text submitted now (``new``), else fetched again from its address."""
    fields: dict[str, Any] = {"status": Article.Status.QUEUED, "error": ""}
    if batch is not None:
        fields["batch"] = batch
    if new["raw"]:
        taken = Article.objects.filter(
            raw_hash=new["raw_hash"], created_by_id=article.created_by_id
        ).exclude(pk=article.pk)
        if not taken.exists():
            fields.update(new)
    elif url and url == article.source_url:
        fields.update(input=Article.Input.URL, raw="", raw_hash="", is_html=False, encoding="")
    # only if still failed: two submissions at once queue it once
    Article.objects.filter(pk=article.pk, status=Article.Status.FAILED).update(
        **fields, updated_at=timezone.now()
    )
    article.refresh_from_db()
    return article


def _new_article(
    *, actor: Actor, submission: Submission, batch: IngestBatch | None
) -> tuple[Article, bool]:
    url = _clean_url(submission.url) if submission.url else ""
    raw, is_html, encoding = "", False, ""
    if submission.data is not None:
        decoded = decode.decode_bytes(submission.data)
        raw, encoding = decoded.text, decoded.encoding
        is_html = submission.name.lower().endswith(
            (".html", ".htm", ".xhtml", ".shtml")
        ) or decode.looks_like_html(raw)
    elif submission.text:
        raw = submission.text
        is_html = decode.looks_like_html(raw)
    if submission.input != Article.Input.URL and not raw.strip():
        raise ValidationError({"text": [_("文本为空")]})
    if len(raw.encode("utf-8")) > DEFAULT_MAX_BYTES:
        raise ValidationError(
            {"text": [_("文本超过 %(mb)d MB") % {"mb": DEFAULT_MAX_BYTES // (1024 * 1024)}]}
        )
    if submission.input == Article.Input.URL and not url:
        raise ValidationError({"url": [_("请给出网址、文件或文本")]})
    raw_hash = _fingerprint(raw) if raw else ""
    new = {
        "input": submission.input,
        "original_name": submission.name[:255],
        "raw": raw,
        "is_html": is_html,
        "encoding": encoding,
        "raw_hash": raw_hash,
    }
    found = _existing(actor, url, raw_hash)
    if found and found.status == Article.Status.FAILED:
        return _retry(found, batch, url, new), False
    if found:
        return found, False
    article = Article(
        batch=batch,
        source_url=url,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **new,
    )
    try:
        with transaction.atomic():
            article.save()
    except IntegrityError:
        # Another request submitted the same page a moment ago: that one is the article.
        found = _existing(actor, url, raw_hash)
        if found is None:
            raise
        return found, False
    return article, True


def article_submit(*, actor: Actor, submission: Submission) -> tuple[Article, bool]:
    """Queue one article; ``(article, created)``. The same address or text finds the one the
    actor already has; one whose processing failed is queued again (status 待处理), so the
    caller processes every article it gets back queued."""
    require(can_ingest(actor), _(_DENIED))
    return _new_article(actor=actor, submission=submission, batch=None)


def batch_submit(
    *, actor: Actor, submissions: Sequence[Submission], enqueue: bool = True
) -> tuple[IngestBatch, list[Article]]:
    """Queue several articles as one background job (批量入库); returns the batch and articles.

    Articles ingested before are not processed again: they are recorded on the batch as
    ``earlier`` (its page lists them); one whose processing failed is processed again in the
    batch. Bad input (an address that is not http/https, an empty text) refuses the whole
    batch before anything is written.
    """
    require(can_ingest(actor), _(_DENIED))
    if not submissions:
        raise ValidationError({"files": [_("请至少给出一篇文章")]})
    with transaction.atomic():
        batch = IngestBatch.objects.create(created_by=actor)
        articles: list[Article] = []
        new = 0
        for i, submission in enumerate(submissions, 1):
            try:
                article, _created = _new_article(actor=actor, submission=submission, batch=batch)
            except ValidationError as exc:
                if len(submissions) == 1:
                    raise  # one article (a long one): its own field names what to fix
                label = submission.name or submission.url or f"#{i}"
                raise ValidationError({"files": [f"{label}: {m}" for m in exc.messages]}) from exc
            if article in articles:  # the same one twice in this batch
                continue
            articles.append(article)
            new += article.batch_id == batch.pk and article.status == Article.Status.QUEUED
        batch.total = new
        if not new:
            batch.status = IngestBatch.Status.SUCCEEDED
            batch.finished_at = timezone.now()
        batch.save()
        batch.earlier.set([a for a in articles if a.batch_id != batch.pk])
    if new and enqueue:
        batch.task_id = jobs.enqueue(IngestBatch, batch.pk, IngestBatch.task())
        IngestBatch.objects.filter(pk=batch.pk).update(task_id=batch.task_id)
    return batch, articles
