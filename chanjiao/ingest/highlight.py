"""The article's main text cut into pieces, each marked with the proposal it gave (出处高亮)."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from .models import Proposal


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    proposal: int | None = None
    kind: str = ""


_CLAUSES = {Proposal.Kind.EVENT, Proposal.Kind.AGENDA}


def segments(text: str, proposals: list[Proposal]) -> list[Segment]:
    """``text`` as plain and marked pieces.

    Names win over the longer mentions of the event and the clauses of agenda items: those
    (闽江…集团成立大会, 校长陈志远主持会议) are marked only where no name is, so a name inside
    keeps its own mark. Among names the earlier wins.
    """
    placed: list[tuple[int, int, int, str]] = []

    def free(start: int, end: int) -> list[tuple[int, int]]:
        pieces = [(start, end)]
        for s, e, _pk, _kind in placed:
            pieces = [
                piece
                for a, b in pieces
                for piece in ((a, min(b, s)), (max(a, e), b))
                if piece[0] < piece[1]
            ]
        return pieces

    marks = sorted(
        (p.kind in _CLAUSES, start, end, p.pk, p.kind)
        for p in proposals
        for start, end in (p.spans or [])
        if 0 <= start < end <= len(text)
    )
    for is_clause, start, end, pk, kind in marks:
        pieces = free(start, end)
        if is_clause:
            placed.extend((a, b, pk, kind) for a, b in pieces)
        elif pieces == [(start, end)]:
            placed.append((start, end, pk, kind))
    out: list[Segment] = []
    pos = 0
    for start, end, pk, kind in sorted(placed):
        if start > pos:
            out.append(Segment(text[pos:start]))
        out.append(Segment(text[start:end], pk, kind))
        pos = end
    if pos < len(text):
        out.append(Segment(text[pos:]))
    return out


_DETAIL = {
    Proposal.Kind.BODY: "registry:body_detail",
    Proposal.Kind.ORGANIZATION: "registry:organization_detail",
    Proposal.Kind.PERSON: "registry:person_detail",
    Proposal.Kind.EVENT: "events:event_detail",
    Proposal.Kind.CARRIER: "cooperation:carrier_detail",
    Proposal.Kind.AGREEMENT: "cooperation:agreement_detail",
}


def saved_url(proposal: Proposal, *, event_id: int | None, body_id: int | None) -> str | None:
    """Where the record a proposal became is shown (agenda on the event, counts on the body)."""
    if proposal.saved_id is None:
        return None
    if proposal.kind in _DETAIL:
        return reverse(_DETAIL[proposal.kind], args=[proposal.saved_id])
    if proposal.kind == Proposal.Kind.AGENDA and event_id:
        return reverse("events:event_detail", args=[event_id])
    if proposal.kind == Proposal.Kind.COUNT and body_id:
        return reverse("registry:body_detail", args=[body_id])
    return None
