"""Indicators (指标) computed from the records, and the default catalogue the platform ships.

A rule (:class:`Rule`) gives the value of a body in a year, ``rule(body, year)``, or of many
bodies at once in one grouped query, ``rule.values(body_ids, year)``, over the records of every
domain (members, council and committees, events, agreements, carriers, cohorts, postings,
placements). A
unit counts as a member in a year when one of its memberships had begun by the year's end (or
its start is unknown and the body had been founded by then, when its founding is recorded) and
had not ended by then, once however many roles it holds; a "new"
member is a unit that became one within the year (not one that changed its role), a "departed"
one a unit that stopped being one within the year.

A body's cohorts and postings are those the talent app shows on its pages: filed under the body,
or filed under no body by a unit that is a member at the year's end. A value that counts a record
made up for a demo (合成数据: a synthetic cohort, posting or student) says so
(:func:`synthetic_rules`, :meth:`Rule.synthetic_bodies`), and every page that shows it labels it.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from chanjiao.cooperation.models import Carrier, CarrierFigure
from chanjiao.cooperation.selectors import carriers_standing_on, signed_agreements
from chanjiao.events.models import Event
from chanjiao.registry.models import Body, CommitteeSeat, Membership, Organization, Role
from chanjiao.registry.selectors import in_force_on
from chanjiao.talent.models import Cohort, Placement, Posting

SCHOOL_KINDS = (
    Organization.Kind.UNIVERSITY,
    Organization.Kind.VOCATIONAL_COLLEGE,
    Organization.Kind.SECONDARY_SCHOOL,
)
COUNCIL_ROLES = (Role.CHAIR, Role.VICE_CHAIR, Role.EXECUTIVE_MEMBER, Role.DIRECTOR)
#: The first year the yearly cycle reads: an annual report, the supervisor's table.
FIRST_YEAR = 1990


def year_error(year: int) -> str | None:
    """What is wrong with ``year`` as the year of a report or of the supervisor's table (1990
    to this year), or None: the one check of the page, the report and the API."""
    this_year = timezone.localdate().year
    if FIRST_YEAR <= year <= this_year:
        return None
    return _("年度须在 1990 到 %(year)d 之间") % {"year": this_year}


def check_year(year: int) -> int:
    """``year``, or a ValidationError on the field ``year`` that says which years may be read
    (an API answers it with a 422)."""
    error = year_error(year)
    if error is not None:
        raise ValidationError({"year": error})
    return year


def _year_end(year: int) -> datetime.date:
    return datetime.date(year, 12, 31)


def memberships_on(day: datetime.date) -> QuerySet[Membership]:
    """The memberships of every body in force on ``day``. A membership whose start was not
    recorded counts from the body's founding (成立日期) when that is recorded: a body founded
    in 2023 had no members at the end of 2020, however its roll was entered."""
    return Membership.objects.current(day).filter(
        Q(since__isnull=False) | Q(body__founded_on__isnull=True) | Q(body__founded_on__lte=day)
    )


def members_on(body: Body, day: datetime.date) -> QuerySet[Membership]:
    """The body's memberships in force on ``day``."""
    return memberships_on(day).filter(body=body)


def members_at_year_end(body: Body, year: int) -> QuerySet[Membership]:
    """The body's memberships in force on 31 December of ``year``."""
    return members_on(body, _year_end(year))


def _postings(year: int) -> QuerySet[Posting]:
    return Posting.objects.filter(
        Q(starts_on__year=year) | Q(starts_on__isnull=True, created_at__year=year)
    )


def postings_in(body: Body, year: int) -> QuerySet[Posting]:
    """The demand a body posted in ``year`` (starting then, or recorded then without a start):
    the postings of the 发布需求岗位 indicator (:func:`talent_scope`)."""
    return RULES["demand_posted"].scoped(body, year)


def graduating(body: Body, year: int) -> QuerySet[Cohort]:
    """The cohorts of a body that graduate in ``year``: those of the 毕业生数 indicator
    (:func:`talent_scope`)."""
    return RULES["graduates"].scoped(body, year)


def talent_scope(body: Body, year: int, org_field: str) -> Q:
    """A body's cohorts or postings for ``year``, as the talent app counts a body's talent:
    those filed under it, and those its member units filed under no body at all (a school
    records its cohorts once and every body it belongs to counts them). Membership is read at
    the year's end, as for the rest of the annual report."""
    members = members_at_year_end(body, year).values("organization_id")
    return Q(body=body) | Q(body__isnull=True, **{f"{org_field}__in": members})


def _placements(year: int) -> QuerySet[Placement]:
    # Placements accepted in the year (recorded then, when no date was given).
    return Placement.objects.filter(
        Q(accepted_on__year=year) | Q(accepted_on__isnull=True, created_at__year=year)
    )


def _committee_seats(year: int) -> QuerySet[CommitteeSeat]:
    return CommitteeSeat.objects.filter(in_force_on(_year_end(year)))


@dataclass(frozen=True)
class Rule:
    """A computed indicator: the rows of every body it counts in a year (``rows(year)``), the
    path from a row to its body, and what it makes of them: their number, the sum of
    ``field``, or the number of distinct ``distinct`` tuples (a school × major pair).

    With ``org`` (the path to the unit that filed a row: a cohort's school, a posting's
    enterprise), a body also counts the rows its member units (at the year's end) filed under
    no body (:func:`talent_scope`). ``synthetic`` is the condition of a row made up for a demo
    (合成数据): the report labels a value that counts one."""

    rows: Callable[[int], QuerySet]
    body: str = "body_id"
    field: str = ""
    distinct: tuple[str, ...] = ()
    org: str = ""
    synthetic: Q | None = None

    def values(
        self, body_ids: Iterable[int], year: int, memo: dict | None = None
    ) -> dict[int, Decimal]:
        """The value for each of these bodies, in one grouped query (two with ``org``: which
        bodies each unit that filed rows under none is a member of, read once per ``memo``
        when several rules are computed together), however many bodies."""
        body_ids = list(body_ids)
        rows = self.rows(year).order_by()
        if not self.org:
            found = self._made(rows.filter(**{f"{self.body}__in": body_ids}), (self.body,))
            return {pk: Decimal(found.get((pk,)) or 0) for pk in body_ids}
        # Rows filed under no body count for every body their unit is a member of.
        members = memberships_on(_year_end(year)).filter(body_id__in=body_ids)
        rows = rows.filter(
            Q(**{f"{self.body}__in": body_ids})
            | Q(
                **{
                    f"{self.body}__isnull": True,
                    f"{self.org}__in": members.values("organization_id"),
                }
            )
        )
        memo = {} if memo is None else memo
        bodies_of: dict[int, set[int]] | None = memo.get((tuple(body_ids), year))
        if bodies_of is None:
            bodies_of = memo[(tuple(body_ids), year)] = {}
            pairs = members.order_by().values_list("body_id", "organization_id").distinct()
            for body_id, unit in pairs:
                bodies_of.setdefault(unit, set()).add(body_id)

        def owners(body_id, unit) -> Iterable[int]:
            return (body_id,) if body_id is not None else bodies_of.get(unit, ())

        if self.distinct:  # distinct tuples, each counted once per body
            keys: dict[int, set] = {pk: set() for pk in body_ids}
            for body_id, unit, *key in rows.values_list(
                self.body, self.org, *self.distinct
            ).distinct():
                for owner in owners(body_id, unit):
                    keys[owner].add(tuple(key))
            return {pk: Decimal(len(keys[pk])) for pk in body_ids}
        found: Counter[int] = Counter()
        for (body_id, unit), n in self._made(rows, (self.body, self.org)).items():
            for owner in owners(body_id, unit):
                found[owner] += n or 0
        return {pk: Decimal(found.get(pk) or 0) for pk in body_ids}

    def _made(self, qs: QuerySet, keys: tuple[str, ...]) -> dict[tuple, int]:
        # {key tuple: value} in one grouped query.
        if len(self.distinct) > 1:  # distinct tuples: counted here
            found: Counter[tuple] = Counter(
                tuple(row[: len(keys)]) for row in qs.values_list(*keys, *self.distinct).distinct()
            )
            return dict(found)
        if self.distinct:
            made = Count(self.distinct[0], distinct=True)
        else:
            made = Sum(self.field) if self.field else Count("pk")
        rows = qs.values_list(*keys).annotate(n=made).values_list(*keys, "n")
        return {tuple(key): n for *key, n in rows}

    def __call__(self, body: Body, year: int, memo: dict | None = None) -> Decimal:
        return self.values([body.pk], year, memo)[body.pk]

    def scoped(self, body: Body, year: int) -> QuerySet:
        """The rows this rule counts for ``body`` in ``year``."""
        rows = self.rows(year)
        if self.org:
            org = self.org.removesuffix("_id")
            return rows.filter(talent_scope(body, year, org))
        return rows.filter(**{self.body: body.pk})

    def synthetic_bodies(self, body_ids: Iterable[int], year: int) -> set[int]:
        """Those of these bodies whose value counts a synthetic row (合成数据)."""
        if self.synthetic is None:
            return set()
        only = replace(
            self, rows=lambda y: self.rows(y).filter(self.synthetic), field="", distinct=()
        )
        return {pk for pk, n in only.values(body_ids, year).items() if n}


def _members(**filters) -> Rule:
    # Units, not memberships: a unit that is both initiator and chair is one member unit.
    return Rule(
        lambda year: memberships_on(_year_end(year)).filter(**filters),
        distinct=("organization_id",),
    )


def _member_on(day: datetime.date) -> Exists:
    """Whether the row's unit is a member of the row's body on ``day`` (in any role)."""
    return Exists(
        memberships_on(day).filter(body=OuterRef("body"), organization=OuterRef("organization"))
    )


def joined_in(year: int) -> QuerySet[Membership]:
    """Memberships begun in ``year`` of units that were not members before it (a new role of
    a member, 成员单位 → 理事单位, is not a new member)."""
    return Membership.objects.filter(since__year=year).exclude(_member_on(_year_end(year - 1)))


def departed_in(year: int) -> QuerySet[Membership]:
    """Memberships ended in ``year`` of units that were no longer members at its end."""
    return Membership.objects.filter(until__year=year).exclude(_member_on(_year_end(year)))


def _carrier_figures(field: str) -> Rule:
    # A sum over the yearly figures (年度数据) of the body's carriers for the year.
    return Rule(lambda year: CarrierFigure.objects.filter(year=year), "carrier__body_id", field)


#: A cohort or posting made up for a demo; a placement of a synthetic student or posting.
_SYNTHETIC = Q(is_synthetic=True)
_SYNTHETIC_PLACEMENT = Q(student__is_synthetic=True) | Q(posting__is_synthetic=True)

#: Every computed rule by its name (an indicator's ``rule``).
RULES: dict[str, Rule] = {
    "members_total": _members(),
    "members_schools": _members(organization__kind__in=SCHOOL_KINDS),
    "members_enterprises": _members(organization__kind=Organization.Kind.ENTERPRISE),
    "members_other": Rule(
        lambda year: (
            memberships_on(_year_end(year))
            .exclude(organization__kind__in=SCHOOL_KINDS)
            .exclude(organization__kind=Organization.Kind.ENTERPRISE)
        ),
        distinct=("organization_id",),
    ),
    "council_units": _members(role__in=COUNCIL_ROLES),
    "members_new": Rule(joined_in, distinct=("organization_id",)),
    "members_departed": Rule(departed_in, distinct=("organization_id",)),
    "committee_seats": Rule(_committee_seats, "committee__body_id"),
    "events_held": Rule(
        lambda year: Event.bodies.through.objects.filter(event__starts_on__year=year)
    ),
    "agreements_signed": Rule(lambda year: signed_agreements().filter(signed_on__year=year)),
    "carriers_founded": Rule(lambda year: Carrier.objects.filter(founded_on__year=year)),
    # 实训基地 of the body standing at the year's end: founded by then (or with no date
    # recorded), not closed (撤销) by then.
    "training_bases": Rule(
        lambda year: carriers_standing_on(_year_end(year)).filter(kind=Carrier.Kind.TRAINING_BASE)
    ),
    "carrier_students": _carrier_figures("students"),
    "carrier_courses": _carrier_figures("courses"),
    "carrier_teachers": _carrier_figures("teachers"),
    "carrier_equipment_value": _carrier_figures("equipment_value"),
    # 专业点: a (school, major) pair with a cohort of the body enrolled in the year.
    "programmes_offered": Rule(
        lambda year: Cohort.objects.filter(intake_year__lte=year, graduation_year__gte=year),
        distinct=("school_id", "major_id"),
        org="school_id",
        synthetic=_SYNTHETIC,
    ),
    "graduates": Rule(
        lambda year: Cohort.objects.filter(graduation_year=year),
        field="headcount",
        org="school_id",
        synthetic=_SYNTHETIC,
    ),
    "demand_posted": Rule(_postings, field="headcount", org="enterprise_id", synthetic=_SYNTHETIC),
    "placements_made": Rule(
        lambda year: _placements(year).exclude(status=Placement.Status.WITHDRAWN),
        synthetic=_SYNTHETIC_PLACEMENT,
    ),
    "placements_hired": Rule(
        lambda year: Placement.objects.filter(status=Placement.Status.HIRED, hired_on__year=year),
        synthetic=_SYNTHETIC_PLACEMENT,
    ),
}


def member_figures(body: Body, year: int) -> dict[str, Decimal]:
    """The rules on the members in force at the year's end (distinct units), counted in one
    query (what each of them counts on its own)."""

    def units(condition: Q | None = None) -> Count:
        return Count("organization_id", distinct=True, filter=condition)

    school = Q(organization__kind__in=SCHOOL_KINDS)
    enterprise = Q(organization__kind=Organization.Kind.ENTERPRISE)
    figures = members_at_year_end(body, year).aggregate(
        members_total=units(),
        members_schools=units(school),
        members_enterprises=units(enterprise),
        members_other=units(~school & ~enterprise),
        council_units=units(Q(role__in=COUNCIL_ROLES)),
    )
    return {name: Decimal(n or 0) for name, n in figures.items()}


def synthetic_rules(body: Body, year: int, rules: Iterable[str] | None = None) -> set[str]:
    """The rules (all, or those named) whose value for ``body`` in ``year`` counts a record
    made up for a demo (合成数据)."""
    return {
        name
        for name in (RULES if rules is None else rules)
        if RULES[name].synthetic is not None
        and RULES[name].scoped(body, year).filter(RULES[name].synthetic).exists()
    }


def computed(body: Body, year: int, rules: list[str] | None = None) -> dict[str, Decimal]:
    """The value of each rule (all of them, or those named) for ``body`` in ``year``."""
    names = list(rules or RULES)
    grouped = member_figures(body, year) if len(names) > 1 else {}
    memo: dict = {}  # the members' bodies, read once for the talent rules
    return {
        name: grouped[name] if name in grouped else RULES[name](body, year, memo) for name in names
    }


# --- the default catalogue ---------------------------------------------------------------------

# (code, name, English name, unit, source, rule, aggregate, weight code, max)
C, B, S, E = "computed", "body", "school", "enterprise"
DEFAULT_CATALOGUE: tuple[tuple, ...] = (
    ("members_total", "成员单位数", "Member units", "organizations", C, "members_total", "sum", "", None),
    ("members_schools", "成员学校数", "Member schools", "organizations", C, "members_schools", "sum", "", None),
    ("members_enterprises", "成员企业数", "Member enterprises", "organizations", C, "members_enterprises", "sum", "", None),
    ("members_other", "其他成员单位数", "Other member units", "organizations", C, "members_other", "sum", "", None),
    ("council_units", "理事会单位数", "Council member units", "organizations", C, "council_units", "sum", "", None),
    ("members_new", "新加入成员单位", "New member units", "organizations", C, "members_new", "sum", "", None),
    ("members_departed", "退出成员单位", "Departed member units", "organizations", C, "members_departed", "sum", "", None),
    ("committee_seats", "专门委员会席位", "Committee seats", "units", C, "committee_seats", "sum", "", None),
    ("events_held", "举办活动", "Events held", "events", C, "events_held", "sum", "", None),
    ("agreements_signed", "签订协议", "Agreements signed", "documents", C, "agreements_signed", "sum", "", None),
    ("carriers_founded", "新建载体", "Carriers founded", "units", C, "carriers_founded", "sum", "", None),
    ("training_bases", "实训基地数", "Training bases", "units", C, "training_bases", "sum", "", None),
    ("programmes_offered", "专业点数", "Programmes offered (school × major)", "units", C, "programmes_offered", "sum", "", None),
    ("graduates", "毕业生数", "Graduates", "persons", C, "graduates", "sum", "", None),
    ("demand_posted", "发布需求岗位", "Positions posted", "persons", C, "demand_posted", "sum", "", None),
    ("placements_made", "人岗匹配安置", "Placements made", "persons", C, "placements_made", "sum", "", None),
    ("placements_hired", "安置后录用", "Placements hired", "persons", C, "placements_hired", "sum", "", None),
    ("order_students", "订单培养人数", "Students in order classes", "persons", S, "", "sum", "", None),
    ("order_classes", "订单班数", "Order classes", "classes", S, "", "sum", "", None),
    ("apprentices", "现代学徒制学生数", "Modern apprenticeship students", "persons", S, "", "sum", "", None),
    ("interns_at_members", "到成员企业顶岗实习人数", "Students interning at member enterprises", "persons", S, "", "sum", "", None),
    ("employed_at_members", "到成员企业就业人数", "Graduates employed by member enterprises", "persons", S, "", "sum", "", None),
    ("matched_employment_rate", "专业对口就业率", "Employment matching the major", "percent", S, "", "weighted_rate", "employed_at_members", 100),
    ("teacher_practice", "教师到企业实践", "Teachers' practice in enterprises", "person_months", S, "", "sum", "", None),
    ("adjunct_teachers", "企业兼职教师", "Adjunct teachers from enterprises", "persons", S, "", "sum", "", None),
    ("adjunct_hours", "兼职教师授课课时", "Hours taught by adjunct teachers", "hours", S, "", "sum", "", None),
    ("courses_codeveloped", "共同开发课程", "Courses developed together", "courses", S, "", "sum", "", None),
    ("textbooks_codeveloped", "共同开发教材", "Textbooks developed together", "books", S, "", "sum", "", None),
    ("staff_training", "为企业培训职工", "Training given to enterprise staff", "person_days", S, "", "sum", "", None),
    ("tech_service_income", "技术服务到款额", "Technical service income", "wan_yuan", S, "", "sum", "", None),
    ("internship_positions", "提供实习岗位数", "Internship positions offered", "persons", E, "", "sum", "", None),
    ("interns_received", "接收实习学生", "Interns received", "person_months", E, "", "sum", "", None),
    ("graduates_hired", "接收毕业生", "Graduates hired", "persons", E, "", "sum", "", None),
    ("training_base_investment", "实训基地投入", "Investment in training bases", "wan_yuan", E, "", "sum", "", None),
    ("shared_equipment_value", "共享设备资产值", "Value of equipment shared", "wan_yuan", E, "", "sum", "", None),
    ("scholarships", "奖助学金", "Scholarships and grants", "wan_yuan", E, "", "sum", "", None),
    # the carriers' yearly figures (载体年度数据), summed over the body's carriers
    ("carrier_students", "载体在校生数", "Students enrolled in carriers", "persons", C, "carrier_students", "sum", "", None),
    ("carrier_courses", "载体开设课程数", "Courses run by carriers", "courses", C, "carrier_courses", "sum", "", None),
    ("carrier_teachers", "载体教师数", "Teachers of carriers", "persons", C, "carrier_teachers", "sum", "", None),
    ("carrier_equipment_value", "载体设备总值", "Equipment value of carriers", "wan_yuan", C, "carrier_equipment_value", "sum", "", None),
)  # fmt: skip


def install_catalogue(indicator_model) -> int:
    """Add the default indicators that are missing (by code); returns how many were added.
    Takes the model so that a data migration can pass its historical one."""
    known = set(indicator_model.objects.values_list("code", flat=True))
    added = []
    for order, row in enumerate(DEFAULT_CATALOGUE, start=1):
        code, name, name_en, unit, source, rule, aggregate, _weight, max_value = row
        if code not in known:
            added.append(
                indicator_model(
                    code=code,
                    name=name,
                    name_en=name_en,
                    unit=unit,
                    source=source,
                    rule=rule,
                    aggregate=aggregate,
                    max_value=max_value,
                    order=order * 10,
                )
            )
    indicator_model.objects.bulk_create(added)
    by_code = {i.code: i for i in indicator_model.objects.all()}
    for code, *_rest, weight, _max in DEFAULT_CATALOGUE:
        if weight and by_code[code].weight_id is None:
            indicator_model.objects.filter(code=code).update(weight=by_code[weight])
    return len(added)


def install_in_migration(apps, schema_editor) -> None:
    """A data migration's step that adds the default indicators a release brings."""
    install_catalogue(apps.get_model("reports", "Indicator"))
