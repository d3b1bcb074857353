"""The annual work report (年度工作报告) of a body: what its records and its collection round
say about one year, gathered once and written out as JSON, HTML, .docx and PDF
(:mod:`chanjiao.reports.documents`), so that every format shows the same numbers.

Sections: 概况 (composition by kind and role at the year's end, the council, committees, who
joined and left), 年度工作 (events with their ceremonies and what those produced, agreements,
carriers), 四个合作 and 五大要素 (the indicators of each, grouped), 人才供需 (graduates, demand,
placements, and graduates beside demand by major category), the indicators with the year before
and the change, and the sections people write (典型案例, 问题与对策, 下年度计划).
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, Sum
from django.db.models.functions import ExtractMonth
from django.utils.translation import get_language, gettext_lazy

from chanjiao.cooperation.models import Agreement, Carrier
from chanjiao.cooperation.selectors import signed_agreements
from chanjiao.events.models import Ceremony, Event
from chanjiao.registry.models import Body, Committee, Membership, Organization, Role, in_force_on
from chanjiao.talent.models import MajorCategory
from chanjiao.talent.selectors import GapRow

from . import indicators
from .models import CollectionForm, CollectionRound, Indicator
from .plans import STATUS_LABELS, plan_progress
from .selectors import round_totals

#: The years the trend chart looks back over (the report's year included).
TREND_YEARS = 5
#: The most events, agreements and carriers a report lists by name (the first of the year);
#: the counts are always whole.
LIST_LIMIT = 100
#: The indicators the trend chart follows.
TREND_CODES = ("members_total", "events_held", "agreements_signed", "carriers_founded")
#: 四个合作 (合作办学、合作育人、合作就业、合作发展) and 五大要素 (专业、课程、教材、师资、实训基地):
#: the indicators each row of the section shows, by code.
FOUR_COOPERATIONS = (
    (gettext_lazy("合作办学"), ("agreements_signed", "carriers_founded")),
    (gettext_lazy("合作育人"), ("order_students", "order_classes", "apprentices")),
    (
        gettext_lazy("合作就业"),
        ("interns_at_members", "employed_at_members", "matched_employment_rate"),
    ),
    (gettext_lazy("合作发展"), ("staff_training", "tech_service_income")),
)
FIVE_ELEMENTS = (
    (gettext_lazy("专业"), ("programmes_offered",)),
    (gettext_lazy("课程"), ("courses_codeveloped",)),
    (gettext_lazy("教材"), ("textbooks_codeveloped",)),
    (gettext_lazy("师资"), ("adjunct_teachers", "adjunct_hours", "teacher_practice")),
    (
        gettext_lazy("实训基地"),
        ("training_bases", "training_base_investment", "shared_equipment_value"),
    ),
)
TALENT_CODES = ("graduates", "demand_posted", "placements_made", "placements_hired")
#: The most rows of the supply–demand table (largest gaps first).
GAP_ROWS = 10


@dataclass
class Figure:
    """One indicator in the report: this year's value, last year's, and the change."""

    indicator: Indicator
    value: Decimal | None
    previous: Decimal | None
    is_synthetic: bool = False

    @property
    def change(self) -> Decimal | None:
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous


@dataclass
class EventLine:
    event: Event
    ceremonies: list[tuple[Ceremony, list[str]]]


@dataclass
class AnnualReport:
    body: Body
    year: int
    composition: list[tuple[str, int]]
    roles: list[tuple[str, int]]
    council: list[Membership]
    committees: list[Committee]
    joined: list[Membership]
    departed: list[Membership]
    events: list[EventLine]
    events_by_month: list[int]
    agreements: list[Agreement]
    carriers: list[Carrier]
    agreements_total: int
    carriers_total: int
    figures: list[Figure]
    trend: dict[str, list[Decimal]]
    round: CollectionRound | None
    forms_submitted: int
    forms_total: int
    texts: dict[str, str] = field(default_factory=dict)
    #: Each plan that covers the year, with how many of its targets for the year stand where.
    plans: list[tuple[Any, dict[str, int]]] = field(default_factory=list)
    #: 人才供需: graduates and demand by major category, largest gaps first.
    gaps: list[GapRow] = field(default_factory=list)
    #: Whether the cohorts or postings the gaps count include synthetic ones (合成数据).
    gaps_synthetic: bool = False

    def groups(self, table) -> list[tuple[str, list[Figure]]]:
        """The rows of a section table (:data:`FOUR_COOPERATIONS`, :data:`FIVE_ELEMENTS`): each
        group with the figures of its indicators that are in the catalogue."""
        by_code = {f.indicator.code: f for f in self.figures}
        return [(str(label), [by_code[c] for c in codes if c in by_code]) for label, codes in table]

    @property
    def cooperation(self) -> list[tuple[str, list[Figure]]]:
        return self.groups(FOUR_COOPERATIONS)

    @property
    def elements(self) -> list[tuple[str, list[Figure]]]:
        return self.groups(FIVE_ELEMENTS)

    @property
    def talent(self) -> list[Figure]:
        return [f for f in self.figures if f.indicator.code in TALENT_CODES]

    @property
    def title(self) -> str:
        from django.utils.translation import gettext as _

        return _("%(body)s %(year)s 年度工作报告") % {
            "body": local_name(self.body),
            "year": self.year,
        }

    @property
    def has_synthetic(self) -> bool:
        return self.gaps_synthetic or any(f.is_synthetic for f in self.figures)

    @property
    def events_total(self) -> int:
        return sum(self.events_by_month)

    @property
    def unlisted(self) -> dict[str, int]:
        """How many events, agreements and carriers the report counts but does not list."""
        return {
            "events": self.events_total - len(self.events),
            "agreements": self.agreements_total - len(self.agreements),
            "carriers": self.carriers_total - len(self.carriers),
        }

    def figure(self, code: str) -> Decimal | None:
        return next((f.value for f in self.figures if f.indicator.code == code), None)

    @property
    def trend_years(self) -> list[int]:
        return trend_years(self.body, self.year)

    def as_dict(self) -> dict[str, Any]:
        """Every figure of the report, by indicator code, and what the sections count: the same
        numbers the documents show (``format=json``)."""
        return {
            "body": {"id": self.body.pk, "name": self.body.name},
            "year": self.year,
            "indicators": {
                f.indicator.code: {
                    "name": f.indicator.name,
                    "unit": f.indicator.unit,
                    "value": f.value,
                    "previous": f.previous,
                    "change": f.change,
                    "is_synthetic": f.is_synthetic,
                }
                for f in self.figures
            },
            "composition": dict(self.composition),
            "roles": dict(self.roles),
            "council": [m.organization.name for m in self.council],
            "committees": {c.name: c.seat_count for c in self.committees},
            "joined": [m.organization.name for m in self.joined],
            "departed": [m.organization.name for m in self.departed],
            "events": [
                {
                    "name": line.event.name,
                    "starts_on": line.event.starts_on,
                    "kind": line.event.kind,
                    "ceremonies": [c.name for c, _produced in line.ceremonies],
                }
                for line in self.events
            ],
            "events_by_month": self.events_by_month,
            "events_total": self.events_total,
            "agreements_total": self.agreements_total,
            "carriers_total": self.carriers_total,
            "agreements": [a.title for a in self.agreements],
            "carriers": [c.name for c in self.carriers],
            "collection": {
                "round": self.round.pk if self.round else None,
                "status": self.round.status if self.round else None,
                "forms_submitted": self.forms_submitted,
                "forms_total": self.forms_total,
            },
            "trend": {"years": self.trend_years, **self.trend},
            "texts": self.texts,
            "plans": {plan.name: statuses for plan, statuses in self.plans},
            "cooperation": _codes(self.cooperation),
            "elements": _codes(self.elements),
            "talent_gap": [
                {"label": g.label, "supply": g.supply, "demand": g.demand, "gap": g.gap}
                for g in self.gaps
            ],
            "talent_gap_synthetic": self.gaps_synthetic,
        }


def trend_years(body: Body, year: int) -> list[int]:
    """The years the trend follows: the last five up to ``year``, none before the body's
    founding (成立日期) when it is recorded; the report's own year at least."""
    first = year - TREND_YEARS + 1
    if body.founded_on is not None:
        first = min(max(first, body.founded_on.year), year)
    return list(range(first, year + 1))


def local_name(obj) -> str:
    """A body's or a unit's name in the reader's language: its English name (英文名称) for an
    English reader when one is recorded, else its name."""
    english = getattr(obj, "english_name", "")
    return english if english and (get_language() or "").startswith("en") else obj.name


def _codes(groups: list[tuple[str, list[Figure]]]) -> dict[str, list[str]]:
    # A section in format=json: each row's indicator codes (their values are in "indicators").
    return {label: [f.indicator.code for f in figures] for label, figures in groups}


def _gaps(body: Body, year: int) -> tuple[list[GapRow], bool]:
    """Graduates (the body's cohorts graduating in the year) beside the demand it posted in the
    year, by major category: the same cohorts and postings as the 毕业生数 and 发布需求岗位
    indicators (:func:`indicators.talent_scope`), in two grouped queries; and whether any of
    them is synthetic (合成数据)."""

    def by_category(qs) -> dict:
        rows = qs.order_by().values("major__category").annotate(n=Sum("headcount"))
        return {row["major__category"]: row["n"] or 0 for row in rows}

    cohorts, postings = indicators.graduating(body, year), indicators.postings_in(body, year)
    supply, demand = by_category(cohorts), by_category(postings)
    synthetic = (
        cohorts.filter(is_synthetic=True).exists() or postings.filter(is_synthetic=True).exists()
    )
    names = {c.pk: c.name for c in MajorCategory.objects.filter(pk__in=set(supply) | set(demand))}
    lines = [
        GapRow(
            key="" if key is None else str(key),
            label=names.get(key) or str(gettext_lazy("未指定专业")),
            supply=supply.get(key, 0),
            demand=demand.get(key, 0),
        )
        for key in set(supply) | set(demand)
    ]
    lines.sort(key=lambda g: (-abs(g.gap), g.label))
    return lines[:GAP_ROWS], synthetic and bool(lines)


def _collected(body: Body, year: int) -> tuple[CollectionRound | None, dict[str, tuple]]:
    round_ = CollectionRound.objects.filter(body=body, year=year).first()
    if round_ is None:
        return None, {}
    return round_, {
        row["indicator"].code: (row["value"], row["is_synthetic"]) for row in round_totals(round_)
    }


def _one_per_unit(memberships) -> list[Membership]:
    """The first membership of each unit (by date), by unit name: who joined or left once."""
    first: dict[int, Membership] = {}
    for m in memberships.select_related("organization").order_by("organization__name", "since"):
        first.setdefault(m.organization_id, m)
    return list(first.values())


def build(body: Body, year: int) -> AnnualReport:
    """Gather the report of ``body`` for ``year`` from the records (read as they are now)."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    # Counted in the database: a body may have tens of thousands of members.
    members = indicators.members_at_year_end(body, year)
    kinds = dict(Organization.Kind.choices)
    # Units by kind (a unit holding two roles is one unit); roles count each membership.
    by_kind = Counter(
        dict(
            members.values_list("organization__kind")
            .annotate(n=Count("organization_id", distinct=True))
            .order_by()
        )
    )
    composition = [(str(kinds.get(k, k)), n) for k, n in by_kind.most_common()]
    by_role = dict(members.values_list("role").annotate(n=Count("pk")).order_by())
    roles = [(str(label), by_role[value]) for value, label in Role.choices if by_role.get(value)]
    council = list(members.filter(role__in=indicators.COUNCIL_ROLES).select_related("organization"))
    council.sort(key=lambda m: (indicators.COUNCIL_ROLES.index(m.role), m.organization.name))
    committees = list(
        body.committees.annotate(
            seat_count=Count(
                "seats",
                filter=in_force_on(end, "seats__"),
                distinct=True,
            )
        ).order_by("name")
    )
    joined = _one_per_unit(indicators.joined_in(year).filter(body=body))
    departed = _one_per_unit(indicators.departed_in(year).filter(body=body))

    produced = Prefetch(
        "ceremonies",
        queryset=Ceremony.objects.prefetch_related("agreements", "carriers").order_by("id"),
    )
    in_year = Event.objects.filter(bodies=body, starts_on__range=(start, end))
    events = list(
        in_year.prefetch_related(produced).order_by("starts_on", "name").distinct()[:LIST_LIMIT]
    )
    lines = [
        EventLine(
            event=e,
            ceremonies=[
                (c, [a.title for a in c.agreements.all()] + [x.name for x in c.carriers.all()])
                for c in e.ceremonies.all()
            ],
        )
        for e in events
    ]
    months = dict(
        in_year.annotate(month=ExtractMonth("starts_on"))
        .values_list("month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    signed = signed_agreements().filter(body=body, signed_on__range=(start, end))
    agreements = list(
        signed.prefetch_related("parties").order_by("signed_on", "title")[:LIST_LIMIT]
    )
    founded = Carrier.objects.filter(body=body, founded_on__range=(start, end))
    carriers = list(founded.order_by("founded_on", "name")[:LIST_LIMIT])

    round_, collected = _collected(body, year)
    _prev_round, collected_before = _collected(body, year - 1)
    computed = indicators.computed(body, year)
    computed_before = indicators.computed(body, year - 1)
    active = list(Indicator.objects.filter(is_active=True))
    # A row is labelled when this year's value or last year's (its change) counts one.
    rules = [i.rule for i in active if i.rule in indicators.RULES]
    made_up = indicators.synthetic_rules(body, year, rules)
    made_up |= indicators.synthetic_rules(body, year - 1, rules)
    figures = []
    for indicator in active:
        if indicator.source == Indicator.Source.COMPUTED:
            value, previous = computed.get(indicator.rule), computed_before.get(indicator.rule)
            synthetic = indicator.rule in made_up
        else:
            value, synthetic = collected.get(indicator.code, (None, False))
            previous, synthetic_before = collected_before.get(indicator.code, (None, False))
            synthetic = synthetic or synthetic_before
        figures.append(Figure(indicator, value, previous, bool(synthetic)))

    trend_rules = {
        i.code: i.rule
        for i in Indicator.objects.filter(code__in=TREND_CODES, source=Indicator.Source.COMPUTED)
    }
    years = trend_years(body, year)
    trend = {
        code: [indicators.RULES[rule](body, y) for y in years] for code, rule in trend_rules.items()
    }
    forms = (
        round_.forms.aggregate(
            total=Count("id"),
            submitted=Count("id", filter=Q(status=CollectionForm.Status.SUBMITTED)),
        )
        if round_
        else {"total": 0, "submitted": 0}
    )
    from .models import ReportText

    gaps, gaps_synthetic = _gaps(body, year)
    texts = dict(ReportText.objects.filter(body=body, year=year).values_list("section", "text"))
    plans = []
    for plan in body.plans.filter(starts_year__lte=year, ends_year__gte=year):
        statuses = Counter(
            p.status
            for _goal, tasks in plan_progress(plan)
            for _task, rows in tasks
            for p in rows
            if p.target.year == year
        )
        plans.append((plan, {s: statuses[s] for s in STATUS_LABELS}))
    return AnnualReport(
        body=body,
        year=year,
        composition=composition,
        roles=roles,
        council=council,
        committees=committees,
        joined=joined,
        departed=departed,
        events=lines,
        events_by_month=[months.get(m, 0) for m in range(1, 13)],
        agreements_total=signed.count() if len(agreements) == LIST_LIMIT else len(agreements),
        carriers_total=founded.count() if len(carriers) == LIST_LIMIT else len(carriers),
        agreements=agreements,
        carriers=carriers,
        figures=figures,
        trend=trend,
        round=round_,
        forms_submitted=forms["submitted"],
        forms_total=forms["total"],
        texts=texts,
        plans=plans,
        gaps=gaps,
        gaps_synthetic=gaps_synthetic,
    )
