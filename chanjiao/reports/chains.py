"""The chain-alignment view (产业链对接): for a body or a region and a year, each industry
chain (产业链) it serves set against the majors its schools offer and the demand posted.

A chain's majors are the single majors, major classes (专业类) and categories (专业大类) it is
matched to. For each chain:

- **offered**: the majors of the chain that schools in scope run a cohort of in the year
  (enrolled: intake year ≤ year ≤ graduation year), with how many schools run each; each
  (school, major) pair is a 专业点;
- **supply**: the headcount of those majors' cohorts graduating in the year;
- **demand**: the headcount of open postings in those majors whose period touches the year;
- **status**: 未设对应专业 (no majors matched), 无对口专业点 (no school offers any of them),
  无岗位需求 (offered, but no demand posted), 供给不足 (demand above supply by more than
  :data:`TOLERANCE` of the larger), 供给过剩 (the reverse) or 基本匹配.

Majors offered in scope that no chain is matched to come last, as their own row: what the
schools train for none of the chains. The cohorts and postings counted are the ones the reader
may see (the talent gap analysis's own querysets), summed in the database.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from chanjiao.accounts.models import region_prefix
from chanjiao.registry.models import Body
from chanjiao.talent.models import Major
from chanjiao.talent.selectors import gap_querysets

from .models import IndustryChain

#: How far supply and demand may differ (as a share of the larger) and still match.
TOLERANCE = 0.2

STATUS_LABELS = {
    "no_majors": _("未设对应专业"),
    "not_offered": _("无对口专业点"),
    "shortage": _("供给不足"),
    "surplus": _("供给过剩"),
    "no_demand": _("无岗位需求"),
    "balanced": _("基本匹配"),
}
#: The statuses the page highlights as gaps.
GAPS = ("no_majors", "not_offered", "shortage", "surplus")


@dataclass
class Offered:
    major: Major
    schools: int
    supply: int
    demand: int


@dataclass
class ChainRow:
    """One chain (or, with ``chain`` None, the majors matched to no chain) in the view."""

    chain: IndustryChain | None
    matched: int = 0
    offered: list[Offered] = field(default_factory=list)
    #: 专业点: how many (school, major) pairs of the chain's majors run in the year.
    points: int = 0
    supply: int = 0
    demand: int = 0

    @property
    def gap(self) -> int:
        """Demand − supply: above zero industry asks for more than the schools train."""
        return self.demand - self.supply

    @property
    def status(self) -> str:
        if self.chain is not None and not self.matched:
            return "no_majors"
        if not self.offered:
            return "not_offered"
        if not self.demand:
            return "no_demand"
        if abs(self.gap) <= TOLERANCE * max(self.supply, self.demand):
            return "balanced"
        return "shortage" if self.gap > 0 else "surplus"

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def is_gap(self) -> bool:
        return self.status in GAPS


def chains_for(*, body: Body | None = None, region: str = "") -> QuerySet[IndustryChain]:
    """The chains of a body, or of a region (by its exact 6-digit code)."""
    qs = IndustryChain.objects.prefetch_related("majors", "major_classes", "categories")
    return qs.filter(body=body) if body is not None else qs.filter(region_code=region)


def _chain_majors(chain: IndustryChain) -> set[int]:
    # Each chain's majors: named ones plus every major of its classes and categories.
    classes = [c.pk for c in chain.major_classes.all()]
    categories = [c.pk for c in chain.categories.all()]
    named = {m.pk for m in chain.majors.all()}
    if not (classes or categories):
        return named
    wider = Major.objects.filter(Q(major_class__in=classes) | Q(category__in=categories))
    return named | set(wider.values_list("pk", flat=True))


def _by_major(qs: QuerySet, *, schools: bool = False) -> dict[int, int]:
    value = Count("school", distinct=True) if schools else Sum("headcount")
    rows = qs.exclude(major=None).order_by().values("major").annotate(n=value)
    return {row["major"]: row["n"] or 0 for row in rows}


def alignment(*, actor, year: int, body: Body | None = None, region: str = "") -> list[ChainRow]:
    """The view's rows: each chain of ``body`` (or of ``region``), then the majors offered in
    scope that no chain is matched to (a row with ``chain`` None, when there are any)."""
    chains = list(chains_for(body=body, region=region))
    body_id = body.pk if body is not None else None
    cohorts, postings = gap_querysets(actor=actor, body=body_id, year=year)
    running, _postings = gap_querysets(actor=actor, body=body_id)
    if body is None:
        prefix = region_prefix(region)
        cohorts = cohorts.filter(school__region_code__startswith=prefix)
        running = running.filter(school__region_code__startswith=prefix)
        postings = postings.filter(enterprise__region_code__startswith=prefix)
    running = running.filter(intake_year__lte=year, graduation_year__gte=year)
    # Four grouped queries, whatever the number of chains and majors.
    supply, demand = _by_major(cohorts), _by_major(postings)
    schools = _by_major(running, schools=True)
    offered_ids = set(schools)
    majors = Major.objects.in_bulk(offered_ids)

    rows, covered = [], set()
    for chain in chains:
        ids = _chain_majors(chain)
        covered |= ids
        rows.append(_row(chain, ids, offered_ids, majors, schools, supply, demand))
    rest = offered_ids - covered
    if rest and chains:
        rows.append(_row(None, rest, offered_ids, majors, schools, supply, demand))
    return rows


def _row(chain, ids, offered_ids, majors, schools, supply, demand) -> ChainRow:
    offered = sorted(
        (
            Offered(majors[pk], schools[pk], supply.get(pk, 0), demand.get(pk, 0))
            for pk in ids & offered_ids
        ),
        key=lambda o: (-o.schools, str(o.major)),
    )
    return ChainRow(
        chain=chain,
        matched=len(ids),
        offered=offered,
        points=sum(o.schools for o in offered),
        supply=sum(supply.get(pk, 0) for pk in ids),
        demand=sum(demand.get(pk, 0) for pk in ids),
    )


def summary(rows: list[ChainRow]) -> dict[str, int]:
    """How many chains are in each status (the majors matched to no chain not counted)."""
    counts = Counter(row.status for row in rows if row.chain is not None)
    return {status: counts[status] for status in STATUS_LABELS}
