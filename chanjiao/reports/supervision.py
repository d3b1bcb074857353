"""The supervisor's view (主管部门): every body in its scope side by side for one year — members,
events per quarter, agreements, carriers, how many member units submitted their forms, how many
of the year's plan targets are done or on track, and any indicator to rank them by.

The scope is the bodies a user supervises (:func:`chanjiao.accounts.permissions.
supervised_body_ids`: a body's supervisor role, or a region and its sub-regions), every body
for a platform admin. Each column is one grouped query over all the bodies, the indicator to
rank by too, and the plans covering the year are followed together: the page costs the same
number of queries for three bodies or three hundred.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import ExtractQuarter

from chanjiao.accounts.models import region_prefix
from chanjiao.accounts.permissions import can_supervise, is_platform_admin, supervised_body_ids
from chanjiao.cooperation.models import Carrier
from chanjiao.cooperation.selectors import signed_agreements
from chanjiao.events.models import Event
from chanjiao.registry.models import Body

from . import indicators
from .models import CollectionForm, CollectionRound, Indicator, IndicatorValue, Plan
from .plans import plans_progress
from .selectors import rounds_totals

#: The indicator the table is ranked by unless another is asked for.
DEFAULT_ORDER = "members_total"
#: A plan's target that stands well: done, or on track.
MET = ("done", "on_track")


def may_supervise(actor) -> bool:
    return can_supervise(actor)


def bodies_in_scope(actor, region: str = "", year: int | None = None) -> QuerySet[Body]:
    """The bodies the actor oversees (every body for an admin), in ``region`` when given; with
    ``year``, those founded by its end (or whose founding is not recorded): a body founded in
    2023 has no row in the table of 2019."""
    qs = (
        Body.objects.all()
        if is_platform_admin(actor)
        else Body.objects.filter(pk__in=supervised_body_ids(actor))
    )
    if region:
        qs = qs.filter(region_code__startswith=region_prefix(region))
    if year is not None:
        end = datetime.date(year, 12, 31)
        qs = qs.filter(Q(founded_on__isnull=True) | Q(founded_on__lte=end))
    return qs.order_by("name")


@dataclass
class Row:
    body: Body
    members: int = 0
    quarters: list[int] = field(default_factory=lambda: [0, 0, 0, 0])
    agreements: int = 0
    carriers: int = 0
    forms_submitted: int = 0
    forms_total: int = 0
    #: The year's targets of the plans covering it: how many are done or on track, of how many.
    targets_met: int = 0
    targets_total: int = 0
    value: Decimal | None = None
    #: Whether ``value`` counts records made up for a demo (合成数据).
    is_synthetic: bool = False
    rank: int | None = None

    @property
    def events(self) -> int:
        return sum(self.quarters)


def _counts(qs, key: str, of: str = "pk") -> dict[int, int]:
    """How many rows (or distinct ``of``) of ``qs`` there are for each ``key``."""
    counted = Count(of, distinct=of != "pk")
    return dict(qs.values_list(key).annotate(n=counted).values_list(key, "n"))


def table(actor, year: int, *, region: str = "", order: str = DEFAULT_ORDER):
    """The rows of the bodies in scope that had been founded by the year's end, ranked by the
    indicator ``order`` (highest first; bodies without a value last), and that indicator."""
    indicator = Indicator.objects.filter(code=order).first() or Indicator.objects.get(
        code=DEFAULT_ORDER
    )
    bodies = list(bodies_in_scope(actor, region, year))
    ids = [b.pk for b in bodies]
    rows = {b.pk: Row(body=b) for b in bodies}
    end = datetime.date(year, 12, 31)

    members = indicators.memberships_on(end).filter(body_id__in=ids)
    for body_id, n in _counts(members, "body_id", of="organization_id").items():
        rows[body_id].members = n
    holders = Event.bodies.through.objects.filter(body_id__in=ids, event__starts_on__year=year)
    quarters = (
        holders.annotate(quarter=ExtractQuarter("event__starts_on"))
        .values_list("body_id", "quarter")
        .annotate(n=Count("pk"))
    )
    for body_id, quarter, n in quarters:
        rows[body_id].quarters[quarter - 1] = n
    signed = signed_agreements().filter(body_id__in=ids, signed_on__year=year)
    for body_id, n in _counts(signed, "body_id").items():
        rows[body_id].agreements = n
    founded = Carrier.objects.filter(body_id__in=ids, founded_on__year=year)
    for body_id, n in _counts(founded, "body_id").items():
        rows[body_id].carriers = n
    forms = (
        CollectionForm.objects.filter(round__body_id__in=ids, round__year=year)
        .values_list("round__body_id")
        .annotate(
            total=Count("pk"),
            submitted=Count("pk", filter=Q(status=CollectionForm.Status.SUBMITTED)),
        )
    )
    for body_id, total, submitted in forms:
        rows[body_id].forms_total, rows[body_id].forms_submitted = total, submitted

    plans = list(Plan.objects.filter(body_id__in=ids, starts_year__lte=year, ends_year__gte=year))
    trees = plans_progress(plans)
    for plan in plans:
        for _goal, tasks in trees[plan.pk]:
            for _task, progress in tasks:
                for p in progress:
                    if p.target.year == year:
                        rows[plan.body_id].targets_total += 1
                        rows[plan.body_id].targets_met += p.status in MET

    values, synthetic = _values(indicator, bodies, rows, year)
    for body_id, value in values.items():
        rows[body_id].value = value
    for body_id in synthetic:
        rows[body_id].is_synthetic = True
    ranked = sorted(rows.values(), key=lambda r: (r.value is None, -(r.value or 0), r.body.name))
    previous, rank = None, 0
    for position, row in enumerate(ranked, start=1):
        if row.value is None:
            break
        if row.value != previous:
            rank, previous = position, row.value
        row.rank = rank
    return ranked, indicator


#: Computed indicators the table already counts, by the column (``Row`` field) that holds them.
_COLUMNS = {
    "members_total": "members",
    "events_held": "events",
    "agreements_signed": "agreements",
    "carriers_founded": "carriers",
}


def ranked_column(indicator: Indicator) -> str | None:
    """The table's own column that holds ``indicator``, if one does: the table is then ranked
    by that column and shows no second copy of it."""
    if indicator.source != Indicator.Source.COMPUTED:
        return None
    return _COLUMNS.get(indicator.code)


def _values(
    indicator: Indicator, bodies, rows, year: int
) -> tuple[dict[int, Decimal | None], set[int]]:
    """Each body's value of ``indicator``, and the bodies whose value counts synthetic
    records (合成数据)."""
    if indicator.source == Indicator.Source.COMPUTED:
        column = ranked_column(indicator)
        if column is not None:
            return {pk: Decimal(getattr(row, column)) for pk, row in rows.items()}, set()
        rule, ids = indicators.RULES[indicator.rule], [b.pk for b in bodies]
        return rule.values(ids, year), rule.synthetic_bodies(ids, year)
    submitted = IndicatorValue.objects.filter(
        indicator=indicator,
        form__status=CollectionForm.Status.SUBMITTED,
        form__round__year=year,
        form__round__body_id__in=list(rows),
    )
    if indicator.aggregate == Indicator.Aggregate.SUM:
        made_up = set(
            submitted.filter(is_synthetic=True).values_list("form__round__body_id", flat=True)
        )
        return dict(
            submitted.values_list("form__round__body_id").annotate(total=Sum("value"))
        ), made_up
    values: dict[int, Decimal | None] = defaultdict(lambda: None)
    made_up = set()
    rounds = list(CollectionRound.objects.filter(body_id__in=list(rows), year=year))
    totals = rounds_totals(rounds)
    for round_ in rounds:
        for total in totals[round_.pk]:
            if total["indicator"].pk == indicator.pk:
                values[round_.body_id] = total["value"]
                if total["is_synthetic"]:
                    made_up.add(round_.body_id)
    return dict(values), made_up
