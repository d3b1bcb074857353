"""Reads of the yearly cycle, scoped to the reader: collection rounds, their forms and the
figures they add up to.

A round and all its forms are read by the body's secretariat, its supervising department
(主管部门) and admins; a member unit's contact reads the rounds it has a form in, and only its
own unit's form.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from chanjiao.accounts.permissions import (
    can_fill_form,
    can_read_round,
    contact_organization_ids,
    is_platform_admin,
    secretariat_body_ids,
    supervised_body_ids,
)

from .models import CollectionForm, CollectionRound, Indicator, IndicatorValue


def round_list(
    *, actor, body: int | None = None, year: int | None = None, status: str | None = None
) -> QuerySet[CollectionRound]:
    """Rounds the actor may see, newest year first, with the forms the actor may read counted
    by status (all of them for the round's readers, a unit's contact its own)."""
    qs = CollectionRound.objects.select_related("body")
    readable = Q(pk__isnull=False)  # every form, for an admin
    if not is_platform_admin(actor):
        units = contact_organization_ids(actor)
        readable = Q(body__in=secretariat_body_ids(actor) | supervised_body_ids(actor)) | Q(
            forms__organization__in=units
        )
        qs = qs.filter(readable).distinct()
    if body:
        qs = qs.filter(body_id=body)
    if year:
        qs = qs.filter(year=year)
    if status:
        qs = qs.filter(status=status)
    counted = CollectionRound.objects.filter(pk__in=qs.values("pk")).annotate(
        forms_total=Count("forms", filter=readable),
        forms_submitted=Count("forms", filter=readable & Q(forms__status="submitted")),
        forms_returned=Count("forms", filter=readable & Q(forms__status="returned")),
    )
    return counted.select_related("body").order_by("-year", "body__name")


def round_forms(*, actor, round: CollectionRound) -> QuerySet[CollectionForm]:
    """The round's forms the actor may read: all of them, or its own unit's."""
    qs = round.forms.select_related("organization", "round__body", "submitted_by")
    if not can_read_round(actor, round.body):
        qs = qs.filter(organization__in=contact_organization_ids(actor))
    return qs.order_by("audience", "organization__name")


def form_for(*, actor, pk: int) -> CollectionForm | None:
    """One form, if the actor may read it."""
    form = (
        CollectionForm.objects.select_related("round__body", "organization", "submitted_by")
        .filter(pk=pk)
        .first()
    )
    if form is None:
        return None
    if can_read_round(actor, form.round.body) or can_fill_form(actor, form):
        return form
    return None


def form_rows(
    form: CollectionForm, asked: Iterable[Indicator] | None = None
) -> list[tuple[Indicator, IndicatorValue | None]]:
    """Each indicator the form asks for (``asked``, when they were read already), with its
    value (None while blank); the values are read with the form when it was fetched with
    ``prefetch_related("values")``."""
    from .services import form_indicators

    values = {v.indicator_id: v for v in form.values.all()}
    return [(i, values.get(i.pk)) for i in (form_indicators(form) if asked is None else asked)]


def round_totals(round: CollectionRound) -> list[dict]:
    """Each reported indicator added up over the round's submitted forms, by its rule: a sum,
    a mean, or a rate weighted by another indicator (专业对口就业率 by 就业人数). Sums and
    counts are made in the database; only a weighted rate reads its values form by form."""
    return rounds_totals([round])[round.pk]


def rounds_totals(rounds: Iterable[CollectionRound]) -> dict[int, list[dict]]:
    """:func:`round_totals` of each round, by its id, in three queries however many rounds."""
    ids = [r.pk for r in rounds]
    submitted = IndicatorValue.objects.filter(
        form__round__in=ids, form__status=CollectionForm.Status.SUBMITTED
    )
    grouped: dict[int, dict[int, tuple]] = defaultdict(dict)
    for round_id, indicator_id, total, n, synthetic in (
        submitted.values_list("form__round_id", "indicator_id")
        .annotate(
            total=Sum("value"),
            n=Count("pk"),
            synthetic=Count("pk", filter=Q(is_synthetic=True)),
        )
        .order_by()
    ):
        grouped[round_id][indicator_id] = (total, n, synthetic)
    reported = list(
        Indicator.objects.exclude(source=Indicator.Source.COMPUTED)
        .filter(is_active=True)
        .select_related("weight")
    )
    rates = [
        i
        for i in reported
        if i.aggregate == Indicator.Aggregate.WEIGHTED_RATE
        and i.weight_id
        and any(i.pk in g for g in grouped.values())
    ]
    # By round, by indicator, by form: what a weighted rate reads.
    by_form: dict[int, dict[int, dict[int, Decimal]]] = defaultdict(lambda: defaultdict(dict))
    if rates:
        wanted = {i.pk for i in rates} | {i.weight_id for i in rates}
        for round_id, form_id, indicator_id, value in submitted.filter(
            indicator_id__in=wanted
        ).values_list("form__round_id", "form_id", "indicator_id", "value"):
            by_form[round_id][indicator_id][form_id] = value
    totals = {}
    for round_id in ids:
        rows = []
        for indicator in reported:
            total, n, synthetic = grouped[round_id].get(indicator.pk, (None, 0, 0))
            rows.append(
                {
                    "indicator": indicator,
                    "forms": n,
                    "value": _add_up(indicator, total, n, by_form[round_id]),
                    "is_synthetic": bool(synthetic),
                }
            )
        totals[round_id] = rows
    return totals


def _add_up(
    indicator: Indicator, total, n: int, by_form: dict[int, dict[int, Decimal]]
) -> Decimal | None:
    if not n:
        return None
    total = Decimal(total)
    if indicator.aggregate == Indicator.Aggregate.SUM:
        return total
    if indicator.aggregate == Indicator.Aggregate.WEIGHTED_RATE and indicator.weight_id:
        got, weights = by_form.get(indicator.pk, {}), by_form.get(indicator.weight_id, {})
        weight = sum((weights.get(f, Decimal(0)) for f in got), Decimal(0))
        if weight:
            weighted = sum((v * weights.get(f, Decimal(0)) for f, v in got.items()), Decimal(0))
            return (weighted / weight).quantize(Decimal("0.01"))
    return (total / n).quantize(Decimal("0.01"))
