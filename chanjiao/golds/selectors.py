"""Every read of the five golds (五金) that is more than ``.get()``: programmes, categories,
nominations, recognised results (五金成果) and the reviewers' to-do list, scoped to what the
actor may see (:mod:`chanjiao.golds.permissions`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import BooleanField, Count, ExpressionWrapper, QuerySet, Value

from chanjiao.accounts.permissions import is_platform_admin
from chanjiao.core.selectors import search

from .models import GoldsCategory, GoldsNomination, GoldsProgramme, Kind, Level
from .permissions import insider_q, reviewable_q, visible_nomination_q, visible_programme_q


def golds_programme_list(*, actor, body: int | None = None) -> QuerySet[GoldsProgramme]:
    """Programmes the actor may see (their body's readers, its member units' contacts, the
    category committees' members), by body."""
    qs = GoldsProgramme.objects.filter(visible_programme_q(actor))
    if body:
        qs = qs.filter(body_id=body)
    return qs.select_related("body").prefetch_related("categories__committee").distinct()


def golds_category_list(
    *, actor, body: int | None = None, kind: str | None = None
) -> QuerySet[GoldsCategory]:
    """Categories of the programmes the actor may see."""
    qs = GoldsCategory.objects.filter(visible_programme_q(actor, "programme__"))
    if body:
        qs = qs.filter(programme__body_id=body)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.select_related("programme__body", "committee").distinct()


def golds_nomination_list(
    *,
    actor,
    q: str | None = None,
    body: int | None = None,
    category: int | None = None,
    kind: str | None = None,
    organization: int | None = None,
    status: str | None = None,
    year: int | None = None,
    level: str | None = None,
) -> QuerySet[GoldsNomination]:
    """Nominations the actor may read (recognised ones: the body's readers; others: the unit,
    the committee, the secretariat — drafts not the committee); ``q`` searches the name,
    description and the unit's names. Each row carries ``cj_insider``: whether the reader
    sees the review note (评审意见)."""
    qs = GoldsNomination.objects.filter(visible_nomination_q(actor))
    qs = search(qs, q, ["name", "description", "organization__name", "organization__short_name"])
    if body:
        qs = qs.filter(category__programme__body_id=body)
    if category:
        qs = qs.filter(category_id=category)
    if kind:
        qs = qs.filter(category__kind=kind)
    if organization:
        qs = qs.filter(organization_id=organization)
    if status:
        qs = qs.filter(status=status)
    if year:
        qs = qs.filter(year=year)
    if level:
        qs = qs.filter(level=level)
    return qs.annotate(cj_insider=_insider(actor)).select_related(
        "category__programme__body", "category__committee", "organization", "carrier",
        "decided_by",
    )  # fmt: skip


def _insider(actor):
    if is_platform_admin(actor):
        return Value(True)
    if not getattr(actor, "is_authenticated", False):
        return Value(False)
    return ExpressionWrapper(insider_q(actor), output_field=BooleanField())


def golds_result_list(
    *,
    actor,
    q: str | None = None,
    body: int | None = None,
    kind: str | None = None,
    year: int | None = None,
    level: str | None = None,
    organization: int | None = None,
) -> QuerySet[GoldsNomination]:
    """Recognised results (五金成果, the published list 公示名单) the actor may read; ``year``
    is the year of recognition."""
    qs = golds_nomination_list(
        actor=actor, q=q, body=body, kind=kind, level=level, organization=organization,
        status=GoldsNomination.Status.RECOGNISED,
    )  # fmt: skip
    if year:
        qs = qs.filter(recognised_year=year)
    return qs.order_by("-recognised_year", "category__kind", "-level", "name", "pk")


def nominations_waiting(*, actor) -> QuerySet[GoldsNomination]:
    """Submitted nominations the actor may review (never its own unit's), oldest first: the
    secretariat's and the committees' to-do list. One query."""
    return (
        GoldsNomination.objects.filter(reviewable_q(actor), status=GoldsNomination.Status.SUBMITTED)
        .select_related("category__programme__body", "organization")
        .order_by("submitted_at", "pk")
    )


@dataclass
class CategoryRow:
    """One category on the programme page: its committee, what waits, results per level."""

    category: GoldsCategory
    waiting: int = 0
    levels: list[tuple[str, str, int]] = field(default_factory=list)

    @property
    def results(self) -> int:
        return sum(n for _v, _l, n in self.levels)


def programme_overview(*, actor, programme: GoldsProgramme) -> list[CategoryRow]:
    """The programme's five categories with the number of nominations waiting for review
    (among those the actor may read) and of results per level. Three queries."""
    categories = list(programme.categories.select_related("committee"))
    visible = GoldsNomination.objects.filter(
        visible_nomination_q(actor), category__programme=programme
    )
    waiting = dict(
        visible.filter(status=GoldsNomination.Status.SUBMITTED)
        .values_list("category_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    results: dict[tuple[int, str], int] = {
        (c, lv): n
        for c, lv, n in visible.filter(status=GoldsNomination.Status.RECOGNISED)
        .values_list("category_id", "level")
        .annotate(n=Count("pk"))
        .order_by()
    }
    order = {k: i for i, k in enumerate(Kind.values)}
    categories.sort(key=lambda c: order.get(c.kind, 99))
    return [
        CategoryRow(
            category=c,
            waiting=waiting.get(c.pk, 0),
            levels=[(v, str(label), results.get((c.pk, v), 0)) for v, label in Level.choices],
        )
        for c in categories
    ]
