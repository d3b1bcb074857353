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


def segments(text: str, proposals: list[Proposal]) -> list[Segment]:
    """``text`` as plain and marked pieces; where two mentions overlap the earlier one wins."""
    marks = sorted(
        (start, end, p.pk, p.kind)
        for p in proposals
        for start, end in (p.spans or [])
        if 0 <= start < end <= len(text)
    )
    out: list[Segment] = []
    pos = 0
    for start, end, pk, kind in marks:
        if start < pos:
            continue
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
