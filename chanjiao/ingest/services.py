"""Every write of the ingest app (新闻入库): submit, process, review and save articles.

The flow: ``article_submit_*`` puts a page, a file or a text into the queue (the same address
or the same text finds the article already there); ``article_process`` fetches, runs the
plain-function pipeline, links every name to the registry and stores the proposals;
a reviewer fixes, links or drops each proposal (``proposal_update``) and ``article_save``
writes everything through the domain services in one transaction, with the article as the
source of every change. Batches run ``article_process`` in a background job.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from chanjiao.accounts.permissions import can_ingest, require
from chanjiao.cooperation.models import Agreement, Carrier
from chanjiao.cooperation.services import agreement_create, carrier_create
from chanjiao.core import jobs
from chanjiao.core.changelog import change_source, update_object
from chanjiao.events.models import AgendaItem, Event, EventOrganization
from chanjiao.events.services import agenda_item_create, event_create, event_organization_add
from chanjiao.registry.models import Body, DeclaredCount, Membership, Organization, Person, Position
from chanjiao.registry.services import (
    body_create,
    declared_count_set,
    membership_create,
    organization_create,
    person_create,
    position_create,
)

from .models import Article, IngestBatch, Proposal
from .pipeline import decode, ingest_bytes, process
from .pipeline.agenda import agenda
from .pipeline.fetch import FetchError, check_url, fetch
from .pipeline.link import LINK_THRESHOLD, Candidate, Index
from .selectors import record_by_name

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

_DENIED = "只有平台管理员或秘书处可以导入新闻"
#: roles of an organisation in the body the article is about (成员角色)
BODY_ROLES = {"initiator", "chair", "vice_chair", "member"}
#: roles of an organisation in the event (活动角色)
EVENT_ROLES = {c.value for c in EventOrganization.Role}


def _fingerprint(text: str) -> str:
    # Whitespace differs between copies of one text (a paste, a saved file); the words do not.
    return hashlib.sha256(re.sub(r"\s+", "", text or "").encode("utf-8")).hexdigest()


# --- submitting (提交) --------------------------------------------------------------------------


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


def _clean_url(url: str, field: str = "url") -> str:
    try:
        url = check_url(url)
    except FetchError as exc:
        raise ValidationError({field: [exc.translated(_)]}) from exc
    limit = Article._meta.get_field("source_url").max_length
    if len(url) > limit:
        raise ValidationError({field: [_("网址超过 %(n)d 个字符") % {"n": limit}]})
    return url


def _existing(url: str, raw_hash: str) -> Article | None:
    q = Q()
    if url:
        q |= Q(source_url=url)
    if raw_hash:
        q |= Q(raw_hash=raw_hash)
    return Article.objects.filter(q).order_by("pk").first() if q else None


def _new_article(
    *, actor, submission: Submission, batch: IngestBatch | None
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
    if submission.input == Article.Input.URL and not url:
        raise ValidationError({"url": [_("请给出网址、文件或文本")]})
    raw_hash = _fingerprint(raw) if raw else ""
    found = _existing(url, raw_hash)
    if found:
        return found, False
    article = Article(
        batch=batch,
        input=submission.input,
        source_url=url,
        original_name=submission.name[:255],
        raw=raw,
        is_html=is_html,
        encoding=encoding,
        raw_hash=raw_hash,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    try:
        with transaction.atomic():
            article.save()
    except IntegrityError:
        # Another request submitted the same page a moment ago: that one is the article.
        found = _existing(url, raw_hash)
        if found is None:
            raise
        return found, False
    return article, True


def article_submit(*, actor, submission: Submission) -> tuple[Article, bool]:
    """Queue one article; ``(article, created)``. The same address or text finds the old one."""
    require(can_ingest(actor), _(_DENIED))
    return _new_article(actor=actor, submission=submission, batch=None)


def batch_submit(
    *, actor, submissions: Sequence[Submission], enqueue: bool = True
) -> tuple[IngestBatch, list[Article]]:
    """Queue several articles as one background job (批量入库); returns the batch and articles.

    Articles ingested before are listed but not processed again. Bad input (an address that
    is not http/https, an empty text) refuses the whole batch before anything is written.
    """
    require(can_ingest(actor), _(_DENIED))
    if not submissions:
        raise ValidationError({"files": [_("请至少给出一篇文章")]})
    with transaction.atomic():
        batch = IngestBatch.objects.create(created_by=actor)
        articles, new = [], 0
        for i, submission in enumerate(submissions, 1):
            try:
                article, created = _new_article(actor=actor, submission=submission, batch=batch)
            except ValidationError as exc:
                label = submission.name or submission.url or f"#{i}"
                raise ValidationError({"files": [f"{label}: {m}" for m in exc.messages]}) from exc
            articles.append(article)
            new += created
        batch.total = new
        if not new:
            batch.status = IngestBatch.Status.SUCCEEDED
            batch.finished_at = timezone.now()
        batch.save()
    if new and enqueue:
        from .tasks import run_ingest_batch

        batch.task_id = jobs.enqueue(IngestBatch, batch.pk, run_ingest_batch)
        IngestBatch.objects.filter(pk=batch.pk).update(task_id=batch.task_id)
    return batch, articles


# --- linking (名称匹配) ---------------------------------------------------------------------------


def _aliases(*values: str) -> tuple[str, ...]:
    out = []
    for value in values:
        out.extend(line.strip() for line in (value or "").splitlines() if line.strip())
    return tuple(out)


class Linker:
    """Registry indexes for linking names; built lazily, reused over a whole batch."""

    def __init__(self) -> None:
        self._indexes: dict[str, Index] = {}

    def _index(self, kind: str) -> Index:
        if kind not in self._indexes:
            self._indexes[kind] = self._build(kind)
        return self._indexes[kind]

    @staticmethod
    def _build(kind: str) -> Index:
        if kind == Proposal.Kind.ORGANIZATION:
            rows = Organization.objects.values_list("pk", "name", "short_name", "aliases")
            return Index(
                Candidate(pk, name, _aliases(short, aliases)) for pk, name, short, aliases in rows
            )
        if kind == Proposal.Kind.BODY:
            rows = Body.objects.values_list("pk", "name", "short_name", "aliases")
            return Index(
                Candidate(pk, name, _aliases(short, aliases)) for pk, name, short, aliases in rows
            )
        if kind == Proposal.Kind.CARRIER:
            return Index(
                Candidate(pk, name) for pk, name in Carrier.objects.values_list("pk", "name")
            )
        if kind == Proposal.Kind.PERSON:
            orgs: dict[int, set[int]] = {}
            for person_id, org_id in Position.objects.values_list("person_id", "organization_id"):
                orgs.setdefault(person_id, set()).add(org_id)
            return Index(
                (
                    Candidate(pk, name, context=frozenset(orgs.get(pk, ())))
                    for pk, name in Person.objects.values_list("pk", "name")
                ),
                fuzzy=False,
            )
        raise ValueError(kind)

    def match(self, kind: str, name: str, *, context: int | None = None) -> list[dict]:
        """Candidates for ``name`` as plain dicts, best first."""
        if not name:
            return []
        return [
            {"id": m.id, "name": m.name, "method": m.method, "confidence": round(m.confidence, 3)}
            for m in self._index(kind).match(name, context=context)
        ]

    @staticmethod
    def event_candidates(event: dict) -> list[dict]:
        """Events already recorded under the same name (the same date makes it certain)."""
        name = (event.get("name") or "").strip()
        if not name:
            return []
        out = []
        for pk, ev_name, starts_on in Event.objects.filter(name=name).values_list(
            "pk", "name", "starts_on"
        )[:5]:
            same_day = event.get("date") and starts_on and starts_on.isoformat() == event["date"]
            unknown = not event.get("date") or starts_on is None
            confidence = 1.0 if same_day else 0.9 if unknown else 0.5
            out.append({"id": pk, "name": ev_name, "method": "exact", "confidence": confidence})
        return sorted(out, key=lambda c: -c["confidence"])


# --- processing (处理) ----------------------------------------------------------------------------


def _spans(text: str, needle: str, limit: int = 20) -> list[list[int]]:
    """Where ``needle`` is mentioned in ``text`` (for highlighting on the review page)."""
    out: list[list[int]] = []
    if not needle or not text:
        return out
    start = text.find(needle)
    while start != -1 and len(out) < limit:
        out.append([start, start + len(needle)])
        start = text.find(needle, start + len(needle))
    return out


_COUNT_TAIL = re.compile(r"[余多]?[个家所人项名位条支]?")


def _count_spans(text: str, count: dict) -> list[list[int]]:
    """Where a count is stated: its number (and 余/个/家 …) nearest to words of its subject."""
    value, subject = str(count.get("value", "")), count.get("subject") or ""
    keys = {subject[:2], subject[-2:]} - {""}
    found = []
    for m in re.finditer(rf"(?<!\d){re.escape(value)}(?!\d)", text):
        end = m.end() + len(_COUNT_TAIL.match(text, m.end()).group())
        window = text[max(0, m.start() - 12) : end + 12]
        found.append((-sum(k in window for k in keys), m.start(), end))
    if found:
        best = min(found)[0]
        return [
            [start, end] for score, start, end in sorted(found, key=lambda f: f[1]) if score == best
        ][:3]
    # written in words (十二条, 近千家): show where the subject is named
    return _spans(text, subject, 3) or _spans(text, subject[-2:], 3)


def _default(matches: list[dict]) -> tuple[str, int | None, float | None, str]:
    if matches and matches[0]["confidence"] >= LINK_THRESHOLD:
        best = matches[0]
        return Proposal.Decision.LINK, best["id"], best["confidence"], best["method"]
    if matches:
        return Proposal.Decision.CREATE, None, matches[0]["confidence"], matches[0]["method"]
    return Proposal.Decision.CREATE, None, None, ""


def _proposals_for(article: Article, record: dict, text: str, linker: Linker) -> list[Proposal]:
    proposals: list[Proposal] = []

    def add(kind, data, *, spans, matches=(), decision=None):
        matches = list(matches)
        default, target, confidence, method = _default(matches)
        proposals.append(
            Proposal(
                article=article,
                kind=kind,
                order=len(proposals),
                data=data,
                extracted=dict(data),
                spans=spans,
                candidates=matches,
                confidence=confidence,
                method=method,
                decision=decision or default,
                target_id=target if (decision or default) == Proposal.Decision.LINK else None,
            )
        )

    event = record.get("event") or {}
    if event.get("name") or event.get("date"):
        data = {
            k: event.get(k)
            for k in ("name", "kind", "date", "venue", "city", "theme", "attendance")
        }
        add(
            Proposal.Kind.EVENT,
            data,
            spans=_spans(text, event.get("name") or "", 5),
            matches=linker.event_candidates(event),
        )
    main_set = False
    for body in record.get("bodies") or []:
        data = {"name": body["name"], "kind": body.get("kind") or "other", "main": False}
        if not main_set and data["kind"] not in ("committee", "other"):
            data["main"] = main_set = True
        add(
            Proposal.Kind.BODY,
            data,
            spans=_spans(text, body["name"]),
            matches=linker.match(Proposal.Kind.BODY, body["name"]),
        )
    if not main_set:
        for p in proposals:
            if p.kind == Proposal.Kind.BODY:
                p.data["main"] = True
                p.extracted["main"] = True
                break
    org_ids: dict[str, int] = {}
    for org in record.get("organizations") or []:
        matches = linker.match(Proposal.Kind.ORGANIZATION, org["name"])
        if matches and matches[0]["confidence"] >= LINK_THRESHOLD:
            org_ids[org["name"]] = matches[0]["id"]
        data = {
            "name": org["name"],
            "kind": org.get("kind") or "other",
            "roles": list(org.get("roles") or []),
        }
        add(Proposal.Kind.ORGANIZATION, data, spans=_spans(text, org["name"]), matches=matches)
    for person in record.get("people") or []:
        data = {
            "name": person["name"],
            "title": person.get("title") or "",
            "organization": person.get("organization") or "",
        }
        matches = linker.match(
            Proposal.Kind.PERSON, person["name"], context=org_ids.get(data["organization"])
        )
        add(Proposal.Kind.PERSON, data, spans=_spans(text, person["name"]), matches=matches)
    if event.get("name") or event.get("date"):
        for entry in agenda(text, [p["name"] for p in record.get("people") or []]):
            data = {"person": entry.name, "kind": entry.kind, "order": entry.order}
            add(Proposal.Kind.AGENDA, data, spans=[[entry.start, entry.end]])
    attendance = event.get("attendance")
    for count in record.get("counts") or []:
        data = {
            "subject": count["subject"],
            "value": count["value"],
            "approx": bool(count.get("approx")),
        }
        # The number of people who attended is the event's attendance, not a count of the body.
        is_attendance = attendance is not None and count["value"] == attendance
        add(
            Proposal.Kind.COUNT,
            data,
            spans=_count_spans(text, count),
            decision=Proposal.Decision.DROP if is_attendance else None,
        )
    for carrier in record.get("carriers") or []:
        data = {"name": carrier["name"], "kind": carrier.get("kind") or "other"}
        add(
            Proposal.Kind.CARRIER,
            data,
            spans=_spans(text, carrier["name"]),
            matches=linker.match(Proposal.Kind.CARRIER, carrier["name"]),
        )
    for agreement in record.get("agreements") or []:
        parties = list(agreement.get("parties") or [])
        data = {"parties": parties, "kind": agreement.get("kind") or "other"}
        spans = [s for party in parties for s in _spans(text, party, 3)] or _spans(text, "协议", 3)
        add(Proposal.Kind.AGREEMENT, data, spans=spans)
    return proposals


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
    article = Article.objects.get(pk=article_id)
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
            Article.objects.select_for_update()
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
        article.save()
        article.proposals.all().delete()
        Proposal.objects.bulk_create(_proposals_for(article, record, text, linker or Linker()))
    return article


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
    claimed = jobs.retry_locked(
        lambda: jobs.claim(
            IngestBatch,
            batch.pk,
            token=token,
            status=IngestBatch.Status.RUNNING,
            started_at=timezone.now(),
            error="",
            attempts=F("attempts") + 1,
        )
    )
    if not claimed:
        return {"skipped": "queued again under another task, or finished"}
    linker = Linker()
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
    from .tasks import run_ingest_batch

    return jobs.recover(IngestBatch, task=run_ingest_batch, fail=_batch_fail)


# --- reviewing (审核) -----------------------------------------------------------------------------


def _require_reviewable(actor, article: Article) -> None:
    require(can_ingest(actor), _(_DENIED))
    if not article.is_reviewable:
        raise ValidationError(
            _("这篇文章已是「%(status)s」,不能再审核") % {"status": article.get_status_display()}
        )


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
        bad("kind", _("不是有效的类型") % {"kind": out["kind"]})
    if "roles" in out:
        roles = out["roles"]
        if not isinstance(roles, list) or not set(map(str, roles)) <= ALL_ROLES:
            bad(
                "roles",
                _("角色应取自") % {"roles": ", ".join(sorted(ALL_ROLES))},
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


def proposal_update(*, actor, proposal: Proposal, data: dict) -> Proposal:
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
        if not target_model(proposal.kind).objects.filter(pk=target).exists():
            raise ValidationError({"target_id": [_("没有编号为 %(id)s 的记录") % {"id": target}]})
    return update_object(proposal, actor=actor, data=changes, related=proposal.article)


def article_discard(*, actor, article: Article) -> Article:
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


# --- saving (入库) --------------------------------------------------------------------------------


def _level(name: str) -> str:
    if name.startswith(("全国", "中国", "国家")):
        return Body.Level.NATIONAL
    if "省" in name[:4]:
        return Body.Level.PROVINCIAL
    if "市" in name[:5] or "市域" in name:
        return Body.Level.MUNICIPAL
    return Body.Level.OTHER


class _Saver:
    """One article's save: resolves names to records as it writes, collects every error."""

    def __init__(self, actor, article: Article, proposals: list[Proposal]) -> None:
        self.actor = actor
        self.article = article
        self.proposals = proposals
        self.source = article.source_url or f"chanjiao:article:{article.pk}"
        self.errors: list[str] = []
        self.orgs: dict[str, Organization] = {}
        self.people: dict[str, tuple[Person, Organization | None, str]] = {}
        self.body: Body | None = article.body
        self.event: Event | None = None

    def of(self, kind: str) -> Iterable[Proposal]:
        return (
            p for p in self.proposals if p.kind == kind and p.decision != Proposal.Decision.DROP
        )

    def done(self, proposal: Proposal, obj, created: bool) -> Any:
        proposal.saved_id, proposal.saved_created = obj.pk, created
        return obj

    def fail(self, proposal: Proposal, message: str) -> None:
        self.errors.append(f"{proposal.get_kind_display()}「{proposal.label}」: {message}")

    @contextlib.contextmanager
    def step(self, proposal: Proposal) -> Iterator[None]:
        """Report a refused write with the proposal it came from, and go on checking."""
        try:
            yield
        except ValidationError as exc:
            self.fail(proposal, "; ".join(exc.messages))
        except PermissionDenied as exc:  # e.g. only admins create bodies: drop or link instead
            self.fail(proposal, str(exc))

    def date(self):
        event = next(self.of(Proposal.Kind.EVENT), None)
        value = (event.data.get("date") if event else None) or self.article.published
        return value or None

    def resolve_org(self, name: str) -> Organization | None:
        name = (name or "").strip()
        if not name:
            return None
        if name in self.orgs:
            return self.orgs[name]
        found = record_by_name(Organization, name)
        if found:
            self.orgs[name] = found
        return found

    # each step writes one kind; the order follows the references between them

    def bodies(self) -> None:
        for p in self.of(Proposal.Kind.BODY):
            with self.step(p):
                name = (p.data.get("name") or "").strip()
                if p.decision == Proposal.Decision.LINK:
                    body, created = Body.objects.get(pk=p.target_id), False
                elif found := Body.objects.filter(name=name).first():
                    body, created = found, False  # registered since the article was processed
                else:
                    body = body_create(
                        actor=self.actor,
                        name=name,
                        kind=p.data.get("kind") or "other",
                        level=_level(name),
                    )
                    created = True
                self.done(p, body, created)
                if p.data.get("main"):
                    self.body = body

    def organizations(self) -> None:
        for p in self.of(Proposal.Kind.ORGANIZATION):
            with self.step(p):
                name = (p.data.get("name") or "").strip()
                if p.decision == Proposal.Decision.LINK:
                    org, created = Organization.objects.get(pk=p.target_id), False
                elif found := self.resolve_org(name):
                    org, created = found, False
                else:
                    org = organization_create(
                        actor=self.actor, name=name, kind=p.data.get("kind") or "other"
                    )
                    created = True
                self.done(p, org, created)
                for key in {name, p.extracted.get("name") or ""} - {""}:
                    self.orgs[key] = org

    def event_(self) -> None:
        p = next(self.of(Proposal.Kind.EVENT), None)
        if p is None:
            return
        with self.step(p):
            d = p.data
            if p.decision == Proposal.Decision.LINK:
                event, created = Event.objects.get(pk=p.target_id), False
            elif found := Event.objects.filter(
                name=d.get("name") or "", starts_on=d.get("date")
            ).first():
                event, created = found, False
            else:
                event = event_create(
                    actor=self.actor,
                    bodies=[self.body] if self.body else [],
                    name=d.get("name") or self.article.title or _("未命名活动"),
                    kind=d.get("kind") or Event.Kind.OTHER,
                    starts_on=d.get("date") or None,
                    venue=d.get("venue") or "",
                    city=d.get("city") or "",
                    theme=d.get("theme") or "",
                    attendance=d.get("attendance"),
                    source_url=self.article.source_url,
                )
                created = True
            self.event = self.done(p, event, created)

    def roles(self) -> None:
        for p in self.of(Proposal.Kind.ORGANIZATION):
            if p.saved_id is None:  # its own step failed and said so
                continue
            with self.step(p):
                org = Organization.objects.get(pk=p.saved_id)
                for role in p.data.get("roles") or []:
                    in_event = role in EVENT_ROLES and self.event is not None
                    if (
                        in_event
                        and not EventOrganization.objects.filter(
                            event=self.event, organization=org, role=role
                        ).exists()
                    ):
                        event_organization_add(
                            actor=self.actor, event=self.event, organization=org, role=role
                        )
                    if role in BODY_ROLES:
                        if self.body is None:
                            self.fail(
                                p,
                                _("请选择所属产教融合体,成员角色记在它下面"),
                            )
                            continue
                        if not Membership.objects.filter(
                            body=self.body, organization=org, role=role, until__isnull=True
                        ).exists():
                            membership_create(
                                actor=self.actor, body=self.body, organization=org, role=role
                            )

    def persons(self) -> None:
        for p in self.of(Proposal.Kind.PERSON):
            with self.step(p):
                name = (p.data.get("name") or "").strip()
                title = (p.data.get("title") or "").strip()
                org_name = (p.data.get("organization") or "").strip()
                org = self.resolve_org(org_name)
                if org_name and org is None:
                    self.fail(
                        p,
                        _("单位「%(org)s」既不在本文的单位中,也不在名录中:改正单位名称或清空")
                        % {"org": org_name},
                    )
                    continue
                if p.decision == Proposal.Decision.LINK:
                    person, created = Person.objects.get(pk=p.target_id), False
                elif org and (
                    found := Person.objects.filter(name=name, positions__organization=org).first()
                ):
                    person, created = found, False  # the same name in the same organisation
                else:
                    person, created = person_create(actor=self.actor, name=name), True
                if (
                    org
                    and title
                    and not Position.objects.filter(
                        person=person, organization=org, title=title
                    ).exists()
                ):
                    position_create(
                        actor=self.actor,
                        person=person,
                        organization=org,
                        title=title,
                        source=self.source[:300],
                    )
                self.done(p, person, created)
                self.people[p.extracted.get("name") or name] = (person, org, title)
                self.people[name] = (person, org, title)

    def agenda_(self) -> None:
        for p in self.of(Proposal.Kind.AGENDA):
            with self.step(p):
                if self.event is None:
                    self.fail(
                        p,
                        _("没有活动,议程无处可记:保留活动或舍弃议程"),
                    )
                    continue
                entry = self.people.get(p.data.get("person") or "")
                if entry is None:
                    self.fail(
                        p,
                        _("发言人未入库:保留此人或舍弃议程"),
                    )
                    continue
                person, org, title = entry
                kind = p.data.get("kind") or AgendaItem.Kind.OTHER
                item = AgendaItem.objects.filter(
                    event=self.event, speaker=person, kind=kind
                ).first()
                created = item is None
                if created:
                    item = agenda_item_create(
                        actor=self.actor,
                        event=self.event,
                        order=p.data.get("order") or 0,
                        kind=kind,
                        speaker=person,
                        speaker_title=title[:200],
                        speaker_organization=org,
                    )
                self.done(p, item, created)

    def counts(self) -> None:
        for p in self.of(Proposal.Kind.COUNT):
            with self.step(p):
                if self.body is None:
                    self.fail(
                        p,
                        _("请选择所属产教融合体,数量记在它下面"),
                    )
                    continue
                label = (p.data.get("subject") or "").strip()[:100]
                value = int(p.data.get("value") or 0)
                existing = DeclaredCount.objects.filter(
                    body=self.body, label=label, value=value
                ).first()
                if existing:
                    self.done(p, existing, False)
                    continue
                count = declared_count_set(
                    actor=self.actor,
                    body=self.body,
                    label=label,
                    value=value,
                    as_of=self.date(),
                    source=self.source[:300],
                )
                self.done(p, count, True)

    def carriers(self) -> None:
        for p in self.of(Proposal.Kind.CARRIER):
            with self.step(p):
                name = (p.data.get("name") or "").strip()
                if p.decision == Proposal.Decision.LINK:
                    carrier, created = Carrier.objects.get(pk=p.target_id), False
                elif found := Carrier.objects.filter(name=name).first():
                    carrier, created = found, False
                else:
                    carrier = carrier_create(
                        actor=self.actor,
                        name=name,
                        kind=p.data.get("kind") or Carrier.Kind.OTHER,
                        body=self.body,
                        city=(self.event.city if self.event else "") or "",
                    )
                    created = True
                self.done(p, carrier, created)

    def agreements(self) -> None:
        for p in self.of(Proposal.Kind.AGREEMENT):
            with self.step(p):
                names = [n.strip() for n in p.data.get("parties") or [] if n.strip()]
                parties = [self.resolve_org(n) for n in names]
                missing = [n for n, org in zip(names, parties, strict=True) if org is None]
                if missing:
                    self.fail(
                        p,
                        _("签约方「%(names)s」不在本文的单位或名录中")
                        % {"names": "、".join(missing)},
                    )
                    continue
                party_ids = sorted({org.pk for org in parties})
                kind = p.data.get("kind") or Agreement.Kind.OTHER
                existing = None
                for candidate in Agreement.objects.filter(
                    event=self.event, kind=kind
                ).prefetch_related("parties"):
                    if sorted(o.pk for o in candidate.parties.all()) == party_ids:
                        existing = candidate
                        break
                if existing:
                    self.done(p, existing, False)
                    continue
                kind_label = Agreement.Kind(kind).label if kind in Agreement.Kind.values else ""
                title = (
                    "、".join(names)
                    if names
                    else (self.event.name if self.event else self.article.title)
                )
                agreement = agreement_create(
                    actor=self.actor,
                    title=f"{title} {kind_label}".strip()[:300],
                    kind=kind,
                    body=self.body,
                    event=self.event,
                    signed_on=self.date(),
                    status=Agreement.Status.SIGNED,
                    parties=party_ids,
                    notes=self.source[:300],
                )
                self.done(p, agreement, True)

    def run(self) -> None:
        self.bodies()
        self.organizations()
        if self.body is None and self.article.body_id is None:
            needs_body = any(self.of(Proposal.Kind.COUNT)) or any(
                set(p.data.get("roles") or []) & BODY_ROLES
                for p in self.of(Proposal.Kind.ORGANIZATION)
            )
            if needs_body:
                self.errors.append(_("请选择本文所属的产教融合体"))
        self.event_()
        self.roles()
        self.persons()
        self.agenda_()
        self.counts()
        self.carriers()
        self.agreements()


@dataclass(slots=True)
class SaveResult:
    """What a save wrote: per kind, how many records were created and how many linked."""

    created: dict[str, int]
    linked: dict[str, int]

    @property
    def changed(self) -> bool:
        return any(self.created.values())


def article_save(*, actor, article: Article) -> SaveResult:
    """Write every kept proposal through the domain services in one transaction.

    Linked proposals use the existing record; new ones are created (a record registered under
    the same name meanwhile is used instead, so nothing is duplicated); relations that already
    exist (a role, a position, an agenda item, a count) are not written again. Any error rolls
    everything back and is reported with the proposal it concerns. Every change is logged with
    the source ``ingest:<article id>``.
    """
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article.pk)
        _require_reviewable(actor, article)
        proposals = list(article.proposals.order_by("order", "pk"))
        saver = _Saver(actor, article, proposals)
        with change_source(f"ingest:{article.pk}"):
            saver.run()
            if saver.errors:
                # raising inside the atomic block rolls back everything written so far
                raise ValidationError(saver.errors)
            for p in proposals:
                if p.decision != Proposal.Decision.DROP:
                    p.save(update_fields=["saved_id", "saved_created"])
            update_object(
                article,
                actor=actor,
                data={
                    "status": Article.Status.SAVED,
                    "event": saver.event,
                    "body": saver.body,
                    "reviewed_by": actor,
                    "reviewed_at": timezone.now(),
                },
            )
    created: dict[str, int] = {}
    linked: dict[str, int] = {}
    for p in proposals:
        if p.decision == Proposal.Decision.DROP or p.saved_id is None:
            continue
        bucket = created if p.saved_created else linked
        bucket[p.kind] = bucket.get(p.kind, 0) + 1
    return SaveResult(created, linked)


def article_review(
    *,
    actor,
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
                _("不是这篇文章的拟入库记录: %(ids)s")
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


def _set_main(actor, article: Article, proposals, main: str, changes: dict[int, dict]) -> None:
    body_id, proposal_id = None, None
    if main.startswith("b") and main[1:].isdigit():
        body_id = int(main[1:])
        if not Body.objects.filter(pk=body_id).exists():
            raise ValidationError({"main": [_("该产教融合体不存在")]})
    elif main.startswith("p") and main[1:].isdigit():
        proposal_id = int(main[1:])
    elif main:
        raise ValidationError({"main": [_("无效的选择")]})
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
    if article.body_id != body_id:
        update_object(article, actor=actor, data={"body_id": body_id})
