"""Every test of the yearly cycle starts with the default indicators catalogue.

A migration installs it, but a test that runs in a real transaction (a browser test) ends by
flushing every table, the catalogue with it; this puts back what is missing (one query when
nothing is)."""

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
from chanjiao.talent.models import Placement
from chanjiao.talent.tests.factories import CohortFactory, PostingFactory, StudentFactory

D = datetime.date


@pytest.fixture(autouse=True)
def catalogue(db):
    from chanjiao.reports.indicators import install_catalogue
    from chanjiao.reports.models import Indicator

    install_catalogue(Indicator)


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
