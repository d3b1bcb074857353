"""Every write of the ingest app (新闻入库): submit, process, review and save articles.

The flow: ``article_submit`` puts a page, a file or a text into the queue (the same address
or the same text finds the article already there); ``article_process`` fetches, runs the
plain-function pipeline, links every name to the registry and stores the proposals;
a reviewer fixes, links or drops each proposal (``proposal_update``) and ``article_save``
writes everything through the domain services in one transaction, with the article as the
source of every change. Batches (and a long text) run ``article_process`` in a background
job. Submitting lives in ``submitting``, linking and building proposals in ``proposing``,
saving in ``saving``; the names callers use are importable from here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chanjiao.cooperation.models import Agreement, Carrier
from chanjiao.core import jobs
from chanjiao.core.changelog import Actor, update_object
from chanjiao.core.validators import as_id
from chanjiao.events.models import AgendaItem, Event
from chanjiao.registry.models import Body, Organization, Person
from chanjiao.registry.selectors import editable_bodies

from .models import Article, IngestBatch, Proposal
from .pipeline import decode, ingest_bytes, process
from .pipeline.fetch import FetchError, fetch
from .proposing import Linker, _proposals_for
from .saving import (
    BODY_ROLES,
    EVENT_ROLES,
    SaveResult,
    _require_reviewable,
    article_save,
    linkable,
    missing_record,
)
from .selectors import visible_articles
from .submitting import Submission, _fingerprint, article_submit, batch_submit

__all__ = [
    "Linker",
    "Submission",
    "article_discard",
    "article_process",
    "article_save",
    "article_submit",
    "batch_run",
    "batch_submit",
    "batches_recover",
    "article_review",
    "proposal_update",
    "target_model",
]


def _fail(article: Article, message: str) -> Article:
    article.status = Article.Status.FAILED
    article.error = message
    article.save(update_fields=["status", "error", "updated_at"])
    return article


def article_process(*, article_id: int, linker: Linker | None = None) -> Article:
    """Fetch (for an address), extract, link and store the proposals; safe to run again.

    An article that is no longer queued is returned as it is. An article whose main text was
    ingested before (a saved copy of a page already in the queue) is marked a duplicate of it.
    """
    article = Article.objects.select_related("created_by").get(pk=article_id)
    if article.status != Article.Status.QUEUED:
        return article
    try:
        if article.input == Article.Input.URL and not article.raw:
            page = fetch(
                article.source_url,
                allowed_hosts=getattr(settings, "CHANJIAO_FETCH_ALLOWED_HOSTS", ()),
            )
            result = ingest_bytes(
                page.data,
                source_url=page.url,
                html=None if page.content_type is None else page.content_type != "text/plain",
            )
            decoded = decode.decode_bytes(page.data)
            article.raw, article.encoding = decoded.text, decoded.encoding
            article.is_html = decode.looks_like_html(decoded.text) or (
                page.content_type not in (None, "text/plain")
            )
        else:
            result = process(
                article.raw, source_url=article.source_url or None, html=article.is_html
            )
    except FetchError as exc:
        return _fail(article, exc.translated(_))
    record, text = result.record, result.body
    if not text.strip():
        return _fail(article, _("找不到正文"))
    content_hash = _fingerprint(text)
    with transaction.atomic():
        duplicate = (
            visible_articles(article.created_by)
            .select_for_update()
            .filter(content_hash=content_hash)
            .exclude(pk=article.pk)
            .first()
        )
        article.title = (record.get("title") or "")[:300]
        article.published = record.get("published")
        article.text = text
        article.record = record
        article.warnings = list(result.warnings)
        if result.encoding and not article.encoding:
            article.encoding = result.encoding
        if duplicate:
            article.status = Article.Status.DUPLICATE
            article.duplicate_of = duplicate
            article.save()
            return article
        article.content_hash = content_hash
        article.status = Article.Status.PENDING
        proposals = _proposals_for(article, record, text, linker or Linker(article.created_by))
        article.body_id = _main_link(article.created_by, proposals) or article.body_id
        article.save()
        article.proposals.all().delete()
        Proposal.objects.bulk_create(proposals)
    return article


def _main_link(actor: Actor, proposals, changes: dict[int, dict] | None = None) -> int | None:
    """The body the main body proposal links to, if ``actor`` runs it: the article is then
    that body's, in its secretariat's queue (``changes``: a reviewer's, not applied yet)."""
    for p in proposals:
        entry = (changes or {}).get(p.pk, {})
        data = {**p.data, **entry.get("data", {})}
        if p.kind != Proposal.Kind.BODY or not data.get("main"):
            continue
        target = entry.get("target_id", p.target_id)
        if entry.get("decision", p.decision) != Proposal.Decision.LINK or target is None:
            return None
        return target if editable_bodies(actor=actor).filter(pk=target).exists() else None
    return None


# --- the batch job (批量任务) ---------------------------------------------------------------------


def batch_run(
    *,
    batch_id: int,
    progress: Callable[[int, int], None] | None = None,
    token: str | None = None,
) -> dict:
    """Process every queued article of a batch (the worker's entry point); safe to run again.

    Each article is processed and committed on its own, so a worker that dies loses at most
    the article in hand, and a rerun continues with those still queued. ``token`` is the run
    token the batch was queued with (:func:`chanjiao.core.jobs.enqueue`): a task whose token
    is no longer the batch's does nothing.
    """
    batch = IngestBatch.objects.get(pk=batch_id)
    if batch.status == IngestBatch.Status.SUCCEEDED:
        return {"done": batch.done, "total": batch.total}
    if not jobs.start(IngestBatch, batch.pk, token=token, error=""):
        return {"skipped": "queued again under another task, or finished"}
    linker = Linker(batch.created_by)
    queued = list(
        batch.articles.filter(status=Article.Status.QUEUED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    done = batch.total - len(queued)
    with jobs.running(IngestBatch, batch.pk, token=token) as lease:
        try:
            for article_id in queued:
                lease.check()
                jobs.retry_locked(
                    lambda article_id=article_id: article_process(
                        article_id=article_id, linker=linker
                    ),
                    what="processing an article",
                )
                done += 1
                jobs.retry_locked(
                    lambda done=done: IngestBatch.objects.filter(pk=batch.pk).update(done=done)
                )
                if progress:
                    progress(done, batch.total)
        except jobs.LeaseLost:
            return {"skipped": "taken over by another worker"}
        except Exception as exc:
            _batch_fail(batch, _("处理文章时出错，已处理的文章保留：%(error)s") % {"error": exc})
            raise
    jobs.retry_locked(
        lambda: IngestBatch.objects.filter(pk=batch.pk).update(
            status=IngestBatch.Status.SUCCEEDED, done=batch.total, finished_at=timezone.now()
        )
    )
    return {"done": batch.total, "total": batch.total}


def _batch_fail(batch: IngestBatch, reason: str) -> None:
    IngestBatch.objects.filter(pk=batch.pk).update(
        status=IngestBatch.Status.FAILED, error=reason[:2000], finished_at=timezone.now()
    )


def batches_recover() -> list[IngestBatch]:
    """Queue again the batches whose worker is gone; end failed (with the reason) those cut
    off too often. Safe while other workers run (see :func:`chanjiao.core.jobs.recover`)."""
    return jobs.recover(IngestBatch, task=IngestBatch.task(), fail=_batch_fail)


# --- reviewing (审核) -----------------------------------------------------------------------------


_TEXT_FIELDS = {"name", "title", "organization", "venue", "city", "theme", "person", "subject"}
_REQUIRED = {
    Proposal.Kind.EVENT: "name",
    Proposal.Kind.BODY: "name",
    Proposal.Kind.ORGANIZATION: "name",
    Proposal.Kind.PERSON: "name",
    Proposal.Kind.AGENDA: "person",
    Proposal.Kind.COUNT: "subject",
    Proposal.Kind.CARRIER: "name",
}
_KINDS = {
    Proposal.Kind.EVENT: Event.Kind.values,
    Proposal.Kind.BODY: Body.Kind.values,
    Proposal.Kind.ORGANIZATION: Organization.Kind.values,
    Proposal.Kind.AGENDA: AgendaItem.Kind.values,
    Proposal.Kind.CARRIER: Carrier.Kind.values,
    Proposal.Kind.AGREEMENT: Agreement.Kind.values,
}
ALL_ROLES = BODY_ROLES | EVENT_ROLES


def _clean_data(kind: str, data: dict, *, keep: bool = True) -> dict:
    """Check a proposal's fields as a reviewer (or an API client) changed them."""
    errors: dict[str, list[str]] = {}

    def bad(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    out = dict(data)
    for field in _TEXT_FIELDS & set(out):
        value = out[field]
        if value is not None and not isinstance(value, str):
            bad(field, _("应为文本"))
        else:
            out[field] = (value or "").strip()
    required = _REQUIRED.get(kind)
    if keep and required and not out.get(required):  # a dropped proposal may stay incomplete
        bad(required, _("不能为空"))
    if "kind" in out and kind in _KINDS and out["kind"] not in _KINDS[kind]:
        bad("kind", _("不是有效的类型：%(kind)s") % {"kind": out["kind"]})
    if "roles" in out:
        roles = out["roles"]
        if not isinstance(roles, list) or not set(map(str, roles)) <= ALL_ROLES:
            bad(
                "roles",
                _("角色应取自：%(roles)s") % {"roles": ", ".join(sorted(ALL_ROLES))},
            )
    for field in ("value", "attendance", "order"):
        if out.get(field) is None:
            continue
        try:
            number = int(out[field])
        except (TypeError, ValueError):
            number = -1
        if number < 0 or isinstance(out[field], bool):
            bad(field, _("应为非负整数"))
        else:
            out[field] = number
    if out.get("date"):
        try:
            out["date"] = dt.date.fromisoformat(str(out["date"])).isoformat()
        except ValueError:
            bad("date", _("日期格式应为 YYYY-MM-DD"))
    if "parties" in out and not (
        isinstance(out["parties"], list) and all(isinstance(p, str) for p in out["parties"])
    ):
        bad("parties", _("应为单位名称的列表"))
    if errors:
        raise ValidationError(errors)
    return out


def proposal_update(*, actor: Actor, proposal: Proposal, data: dict) -> Proposal:
    """Fix a proposal's fields, link it to an existing record, or drop it (logged)."""
    _require_reviewable(actor, proposal.article)
    changes: dict[str, Any] = {}
    if "data" in data:
        if not isinstance(data["data"], dict):
            raise ValidationError({"data": [_("应为对象")]})
        keep = data.get("decision", proposal.decision) != Proposal.Decision.DROP
        changes["data"] = _clean_data(proposal.kind, {**proposal.data, **data["data"]}, keep=keep)
    decision = data.get("decision", proposal.decision)
    if decision != proposal.decision:
        changes["decision"] = decision
    # only a link has a target; a dropped or new record forgets the one it had
    target = (
        data.get("target_id", proposal.target_id) if decision == Proposal.Decision.LINK else None
    )
    if target != proposal.target_id:
        changes["target_id"] = target
    if decision == Proposal.Decision.LINK:
        if target is None:
            raise ValidationError({"target_id": [_("关联已有记录时须选择记录")]})
        target_model(proposal.kind)  # refuses a kind that links to nothing
        # one the reviewer may not read is "not there" too: the same words say nothing more
        if not linkable(actor, proposal.kind).filter(pk=target).exists():
            raise ValidationError({"target_id": [missing_record(target)]})
    return update_object(proposal, actor=actor, data=changes, related=proposal.article)


def article_discard(*, actor: Actor, article: Article) -> Article:
    """Set an article aside without saving anything (it stays, so it is not ingested again)."""
    _require_reviewable(actor, article)
    return update_object(
        article,
        actor=actor,
        data={
            "status": Article.Status.DISCARDED,
            "reviewed_by": actor,
            "reviewed_at": timezone.now(),
        },
    )


def target_model(kind: str):
    """The registry model a proposal of ``kind`` can be linked to."""
    return {
        Proposal.Kind.EVENT: Event,
        Proposal.Kind.BODY: Body,
        Proposal.Kind.ORGANIZATION: Organization,
        Proposal.Kind.PERSON: Person,
        Proposal.Kind.CARRIER: Carrier,
    }.get(kind) or _no_link(kind)


def _no_link(kind: str):
    raise ValidationError({"decision": [_("此类记录不能关联已有记录")]})


def article_review(
    *,
    actor: Actor,
    article: Article,
    changes: dict[int, dict],
    main: str | None = None,
    save: bool = True,
) -> SaveResult | None:
    """Apply a reviewer's decisions and save, all or nothing (审核入库).

    ``changes`` maps proposal ids to :func:`proposal_update` data; ``main`` names the body the
    article is about: ``"p<proposal id>"`` for one of its proposed bodies, ``"b<body id>"`` for
    a registered one, ``""`` for none, ``None`` to keep it. With ``save`` the records are
    written in the same transaction, so a refused save leaves the proposals as they were too.
    """
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article.pk)
        _require_reviewable(actor, article)
        proposals = {p.pk: p for p in article.proposals.all()}
        unknown = set(changes) - set(proposals)
        if unknown:
            raise ValidationError(
                _("不是这篇文章的拟入库记录：%(ids)s")
                % {"ids": ", ".join(map(str, sorted(unknown)))}
            )
        if main is not None:
            _set_main(actor, article, proposals.values(), main, changes)
        for pk, data in changes.items():
            if data:
                proposal_update(actor=actor, proposal=proposals[pk], data=data)
        if save:
            return article_save(actor=actor, article=article)
    return None


def _set_main(
    actor: Actor, article: Article, proposals, main: str, changes: dict[int, dict]
) -> None:
    # "b<id>": an existing body; "p<id>": a body proposal of this article; "": none.
    kind, pk = main[:1], as_id(main[1:])
    if main and (kind not in ("b", "p") or pk is None):
        raise ValidationError({"main": [_("无效的选择")]})
    body_id = pk if kind == "b" else None
    proposal_id = pk if kind == "p" else None
    # a body the reviewer does not run is refused in the same words as one that is not there
    editable = editable_bodies(actor=actor, also=[article.body_id] if article.body_id else [])
    if body_id is not None and not editable.filter(pk=body_id).exists():
        raise ValidationError({"main": [_("请从您负责的产教融合体中选择")]})
    for p in proposals:
        if p.kind != Proposal.Kind.BODY:
            continue
        wanted = p.pk == proposal_id
        if bool(p.data.get("main")) != wanted:
            entry = changes.setdefault(p.pk, {})
            entry["data"] = {**p.data, **entry.get("data", {}), "main": wanted}
    if proposal_id is not None and not any(
        p.pk == proposal_id and p.kind == Proposal.Kind.BODY for p in proposals
    ):
        raise ValidationError({"main": [_("无效的选择")]})
    if proposal_id is not None:
        # a proposed body linked to one the reviewer runs keeps the article in that body's queue
        body_id = _main_link(actor, proposals, changes)
    if article.body_id != body_id:
        update_object(article, actor=actor, data={"body_id": body_id})
