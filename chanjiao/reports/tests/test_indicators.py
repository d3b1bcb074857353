"""Indicators computed from the records: each rule against counts made here by hand."""

from __future__ import annotations

import datetime

import pytest

from chanjiao.cooperation.tests.factories import AgreementFactory, CarrierFactory
from chanjiao.events.tests.factories import EventFactory
from chanjiao.registry.models import Committee, CommitteeSeat
from chanjiao.registry.tests.factories import (
    BodyFactory,
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
)
from chanjiao.reports.indicators import DEFAULT_CATALOGUE, RULES, computed
from chanjiao.reports.models import Indicator
from chanjiao.talent.models import Placement
from chanjiao.talent.tests.factories import CohortFactory, PostingFactory, StudentFactory

D = datetime.date


@pytest.fixture
def world(body):
    """A body's 2024 in records (and some of 2023 and 2025, and of another body, to leave out)."""
    other = BodyFactory()
    college = OrganizationFactory(name="成都甲职业技术学院", kind="vocational_college")
    school = OrganizationFactory(name="成都乙中等职业学校", kind="secondary_school")
    firm = OrganizationFactory(name="成都丙装备有限公司", kind="enterprise")
    firm2 = OrganizationFactory(name="成都丁科技有限公司", kind="enterprise")
    association = OrganizationFactory(name="成都市模具协会", kind="association")
    MembershipFactory(body=body, organization=college, role="chair", since=D(2020, 1, 1))
    MembershipFactory(body=body, organization=school, role="vice_chair", since=D(2024, 3, 1))
    MembershipFactory(body=body, organization=firm, role="member")  # start unknown
    MembershipFactory(body=body, organization=association, role="executive_member")
    # left within 2024; joined in 2025: neither is a member at the end of 2024
    MembershipFactory(body=body, organization=firm2, since=D(2019, 1, 1), until=D(2024, 9, 1))
    MembershipFactory(body=body, organization=firm2, since=D(2025, 2, 1))
    MembershipFactory(body=other, organization=college)

    committee = Committee.objects.create(body=body, name="专业建设工作委员会")
    CommitteeSeat.objects.create(committee=committee, person=PersonFactory(), role="director")
    CommitteeSeat.objects.create(committee=committee, organization=firm, role="member")
    CommitteeSeat.objects.create(
        committee=committee, person=PersonFactory(), role="member", until=D(2024, 5, 1)
    )

    EventFactory(bodies=[body], starts_on=D(2024, 4, 1))
    EventFactory(bodies=[body, other], starts_on=D(2024, 11, 20))
    EventFactory(bodies=[body], starts_on=D(2023, 12, 31))
    EventFactory(bodies=[other], starts_on=D(2024, 6, 1))

    AgreementFactory(body=body, signed_on=D(2024, 4, 1))
    AgreementFactory(body=body, signed_on=D(2022, 4, 1))
    AgreementFactory(body=other, signed_on=D(2024, 4, 1))
    CarrierFactory(body=body, founded_on=D(2024, 7, 1))
    CarrierFactory(body=body, founded_on=None)

    CohortFactory(body=body, school=college, graduation_year=2024, headcount=45)
    CohortFactory(body=body, school=school, graduation_year=2024, headcount=30)
    CohortFactory(body=body, school=college, graduation_year=2025, headcount=50)
    posting = PostingFactory(body=body, enterprise=firm, headcount=12, starts_on=D(2024, 7, 1))
    PostingFactory(body=body, enterprise=firm, headcount=8)  # no start: recorded in this year
    PostingFactory(body=body, enterprise=firm, headcount=99, starts_on=D(2023, 7, 1))

    def place(status, accepted_on, hired_on=None):
        student = StudentFactory(cohort=CohortFactory(body=other))
        Placement.objects.create(
            student=student,
            posting=posting,
            body=body,
            status=status,
            accepted_on=accepted_on,
            hired_on=hired_on,
        )

    place("started", D(2024, 7, 1))
    place("hired", D(2024, 7, 1), hired_on=D(2024, 12, 1))
    place("hired", D(2023, 7, 1), hired_on=D(2024, 1, 10))
    place("withdrawn", D(2024, 7, 2))
    return body


def test_each_rule_counts_what_the_year_holds(world):
    this_year = datetime.date.today().year  # postings without a start count in their record's year
    figures = computed(world, 2024)
    assert figures == {
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
        "graduates": 75,
        "demand_posted": 12 + (8 if this_year == 2024 else 0),
        "placements_made": 2,
        "placements_hired": 2,
    }


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
