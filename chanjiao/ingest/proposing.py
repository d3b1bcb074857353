"""Proposing records from an article (拟入库记录): names linked to the registry (``Linker``:
exact, alias, fuzzy, with confidence) and an extraction turned into ``Proposal`` rows with the
spans that show them in the text. Split from ``services``, which processes articles with it.
"""

from __future__ import annotations

import re

from chanjiao.cooperation.selectors import carrier_list
from chanjiao.events.selectors import visible_events
from chanjiao.registry.models import Organization, Person, Position
from chanjiao.registry.selectors import visible_bodies

from .models import Article, Proposal
from .pipeline import evidence as ev
from .pipeline.agenda import agenda
from .pipeline.link import LINK_THRESHOLD, Candidate, Index

# --- linking (名称匹配) ---------------------------------------------------------------------------


def _aliases(*values: str) -> tuple[str, ...]:
    out = []
    for value in values:
        out.extend(line.strip() for line in (value or "").splitlines() if line.strip())
    return tuple(out)


class Linker:
    """Registry indexes for linking names; built lazily, reused over a whole batch.

    Only records ``actor`` may read are candidates: an unpublished body, its events and
    carriers are never offered (nor their names shown) to another body's secretariat.
    Organisations and people are public in the registry."""

    def __init__(self, actor) -> None:
        self.actor = actor
        self._indexes: dict[str, Index] = {}

    def _index(self, kind: str) -> Index:
        if kind not in self._indexes:
            self._indexes[kind] = self._build(kind)
        return self._indexes[kind]

    def _build(self, kind: str) -> Index:
        if kind == Proposal.Kind.ORGANIZATION:
            rows = Organization.objects.values_list("pk", "name", "short_name", "aliases")
            return Index(
                Candidate(pk, name, _aliases(short, aliases)) for pk, name, short, aliases in rows
            )
        if kind == Proposal.Kind.BODY:
            rows = visible_bodies(self.actor).values_list("pk", "name", "short_name", "aliases")
            return Index(
                Candidate(pk, name, _aliases(short, aliases)) for pk, name, short, aliases in rows
            )
        if kind == Proposal.Kind.CARRIER:
            carriers = carrier_list(actor=self.actor).values_list("pk", "name")
            return Index(Candidate(pk, name) for pk, name in carriers)
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

    def event_candidates(self, event: dict) -> list[dict]:
        """Events already recorded under the same name (the same date makes it certain)."""
        name = (event.get("name") or "").strip()
        if not name:
            return []
        out = []
        for pk, ev_name, starts_on in (
            visible_events(self.actor).filter(name=name).values_list("pk", "name", "starts_on")[:5]
        ):
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

    def add(kind, data, *, spans, matches=(), decision=None, item=None):
        matches = list(matches)
        default, target, confidence, method = _default(matches)
        evidence, support = [], None
        if item is not None and "evidence" in item:
            evidence = list(item["evidence"])
            if default == Proposal.Decision.LINK:
                evidence.append("registry")
            support = ev.confidence(evidence)
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
                evidence=evidence,
                support=support,
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
            item=body,
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
        add(
            Proposal.Kind.ORGANIZATION,
            data,
            spans=_spans(text, org["name"]),
            matches=matches,
            item=org,
        )
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
            item=carrier,
        )
    for agreement in record.get("agreements") or []:
        parties = list(agreement.get("parties") or [])
        data = {"parties": parties, "kind": agreement.get("kind") or "other"}
        spans = [s for party in parties for s in _spans(text, party, 3)] or _spans(text, "协议", 3)
        add(Proposal.Kind.AGREEMENT, data, spans=spans)
    return proposals
