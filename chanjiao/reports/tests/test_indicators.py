"""Indicators computed from the records: each rule against counts made here by hand."""

from __future__ import annotations

import datetime

from django.utils import timezone

from chanjiao.reports.indicators import DEFAULT_CATALOGUE, RULES, computed
from chanjiao.reports.models import Indicator

D = datetime.date


def _figures_2024() -> dict[str, int]:
    this_year = timezone.localdate().year  # postings without a start count in their record's year
    return {
        "members_total": 4,
        "members_schools": 2,
        "members_enterprises": 1,
        "members_other": 1,
        "council_units": 3,
        "members_new": 1,
        "members_departed": 1,
        "committee_seats": 2,
        "events_held": 2,
        "agreements_signed": 1,
        "carriers_founded": 1,
        "training_bases": 0,
        "carrier_students": 0,  # no carrier figures in this world
        "carrier_courses": 0,
        "carrier_teachers": 0,
        "carrier_equipment_value": 0,
        "programmes_offered": 3,  # three cohorts enrolled in 2024, each its school × major
        "graduates": 75,
        "demand_posted": 12 + (8 if this_year == 2024 else 0),
        "placements_made": 2,
        "placements_hired": 2,
    }


def test_each_rule_counts_what_the_year_holds(world):
    assert computed(world, 2024) == _figures_2024()


def test_each_rule_gives_many_bodies_their_own_values_in_one_or_two_queries(
    world, django_assert_num_queries
):
    from chanjiao.registry.tests.factories import BodyFactory

    empty = BodyFactory(name="无记录的职教集团")
    for name, expected in _figures_2024().items():
        # A talent rule reads too which bodies each unit is a member of (its unfiled rows).
        with django_assert_num_queries(2 if RULES[name].org else 1):
            values = RULES[name].values([world.pk, empty.pk], 2024)
        assert values == {world.pk: expected, empty.pk: 0}, name


def test_training_bases_and_programmes_count_what_stands_in_the_year(world):
    from chanjiao.cooperation.tests.factories import CarrierFactory
    from chanjiao.talent.models import Cohort
    from chanjiao.talent.tests.factories import CohortFactory

    for founded in (D(2024, 3, 1), D(2025, 3, 1), None):
        CarrierFactory(body=world, kind="training_base", founded_on=founded)
    cohort = Cohort.objects.filter(body=world, graduation_year=2025).get()
    # the same school and major again (another class): still one 专业点
    CohortFactory(body=world, school=cohort.school, major=cohort.major, intake_year=2024)
    # enrolled only from 2025: not a 专业点 of 2024
    CohortFactory(body=world, school=cohort.school, intake_year=2025, graduation_year=2028)
    figures = computed(world, 2024, ["training_bases", "programmes_offered"])
    assert figures == {"training_bases": 2, "programmes_offered": 3}
    # 2025: the class graduating then (and its sister class), and the one enrolled in 2025
    assert computed(world, 2025, ["programmes_offered"]) == {"programmes_offered": 2}


def test_training_bases_closed_by_the_year_end_no_longer_count(world):
    from chanjiao.cooperation.tests.factories import CarrierFactory, MilestoneFactory

    revoked = CarrierFactory(body=world, kind="training_base", founded_on=D(2020, 3, 1))
    MilestoneFactory(carrier=revoked, kind="closed", done_on=D(2023, 6, 30))
    closing = CarrierFactory(body=world, kind="training_base", founded_on=D(2020, 3, 1))
    MilestoneFactory(carrier=closing, kind="closed", done_on=D(2025, 12, 31))
    planned = CarrierFactory(body=world, kind="training_base", founded_on=D(2020, 3, 1))
    MilestoneFactory(carrier=planned, kind="closed", due_on=D(2024, 1, 1))  # only planned
    counts = {
        year: computed(world, year, ["training_bases"])["training_bases"]
        for year in (2022, 2023, 2024, 2025, 2026)
    }
    # 2023: the one closed on 30 June is gone; 2025: the one closed on 31 December too
    assert counts == {2022: 3, 2023: 2, 2024: 2, 2025: 1, 2026: 1}


def test_the_default_catalogue_is_installed_and_every_computed_indicator_has_its_rule(db):
    assert Indicator.objects.count() == len(DEFAULT_CATALOGUE)
    for indicator in Indicator.objects.filter(source="computed"):
        assert indicator.rule in RULES
    rate = Indicator.objects.get(code="matched_employment_rate")
    assert rate.unit == "percent" and rate.max_value == 100
    assert rate.aggregate == "weighted_rate" and rate.weight.code == "employed_at_members"
    assert set(Indicator.objects.values_list("source", flat=True)) == {
        "computed",
        "school",
        "enterprise",
    }


def test_a_unit_counts_once_however_many_roles_and_a_new_role_is_not_a_new_member(world):
    # 成都甲 is chair and also initiator; 成都市模具协会 was a member until June 2024 and a
    # director from then on. Neither adds a member unit, a new one or a departed one.
    from chanjiao.registry.models import Organization
    from chanjiao.registry.tests.factories import MembershipFactory
    from chanjiao.reports import annual

    college = Organization.objects.get(name="成都甲职业技术学院")
    association = Organization.objects.get(name="成都市模具协会")
    MembershipFactory(body=world, organization=college, role="initiator", since=D(2020, 1, 1))
    world.memberships.filter(organization=association).update(
        role="member", since=D(2018, 1, 1), until=D(2024, 6, 1)
    )
    MembershipFactory(body=world, organization=association, role="director", since=D(2024, 6, 1))
    figures = computed(world, 2024)
    expected = _figures_2024()
    assert {k: figures[k] for k in expected} == expected
    for name in ("members_total", "members_schools", "members_new", "members_departed"):
        assert RULES[name](world, 2024) == expected[name], name
    report = annual.build(world, 2024)
    assert sum(n for _kind, n in report.composition) == 4
    assert [m.organization.name for m in report.joined] == ["成都乙中等职业学校"]
    assert [m.organization.name for m in report.departed] == ["成都丁科技有限公司"]


def test_the_report_counts_a_committees_seats_held_at_the_years_end(world):
    from chanjiao.reports import annual

    seats = {c.name: c.seat_count for c in annual.build(world, 2024).committees}
    assert seats == {"专业建设工作委员会": 2}  # the third seat ended in May


def test_the_catalogue_counts_members_events_and_agreements_in_the_words_the_pages_use(db):
    """The home page and the annual report say 成员单位 N 家, 活动 N 场, 协议 N 份; the
    indicators said 个 and 项. An older catalogue is moved by its migration, but not an
    indicator whose unit a secretariat chose."""
    import importlib

    from django.apps import apps

    units = dict(Indicator.objects.values_list("code", "unit"))
    words = {code: str(Indicator.Unit(unit).label) for code, unit in units.items()}
    assert {words[c] for c in ("members_total", "council_units", "members_new")} == {"家"}
    assert (words["events_held"], words["agreements_signed"]) == ("场", "份")

    migration = importlib.import_module("chanjiao.reports.migrations.0010_measure_words")
    migration.backwards(apps, None)
    assert Indicator.objects.get(code="members_total").unit == "units"
    Indicator.objects.filter(code="events_held").update(unit="person_times")  # chosen
    migration.forwards(apps, None)
    assert Indicator.objects.get(code="members_total").unit == "organizations"
    assert Indicator.objects.get(code="agreements_signed").unit == "documents"
    assert Indicator.objects.get(code="events_held").unit == "person_times"
