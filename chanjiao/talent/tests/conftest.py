"""Fixtures of the talent tests: a small world of schools, enterprises, majors, cohorts and
postings around ``body`` with numbers chosen so every gap is known by heart."""

import datetime

import pytest

from chanjiao.registry.tests.factories import (
    BodyRoleFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
)
from chanjiao.talent.tests.factories import (
    CohortFactory,
    MajorCategoryFactory,
    MajorClassFactory,
    MajorFactory,
    PostingFactory,
)


@pytest.fixture
def other_secretariat(db, other_body):
    """The secretariat of ``other_body``: no rights in ``body``."""
    return BodyRoleFactory(user=UserFactory(username="other-secretariat"), body=other_body).user


@pytest.fixture
def world(db, body, other_body):
    """Schools, enterprises, majors, cohorts and postings; returns them by name.

    Graduating in 2026 within ``body`` (school A is a member; its cohort filed under no body
    counts too): 机电 40 + 机器人 30 + 软件 10. Open postings touching 2026 within ``body``:
    机电 10, 软件 60, 机器人 5 (by member enterprise E2, filed under no body).
    """
    equipment = MajorCategoryFactory(code="46", name="装备制造大类")
    it = MajorCategoryFactory(code="51", name="电子与信息大类")
    automation = MajorClassFactory(category=equipment, code="4603", name="自动化类")
    mechatronics = MajorFactory(
        name="机电一体化技术", category=equipment, major_class=automation, industry="智能制造"
    )
    robotics = MajorFactory(
        name="工业机器人技术", category=equipment, major_class=automation, industry="智能制造"
    )
    software = MajorFactory(name="软件技术", category=it, industry="信息技术服务")
    school_a = OrganizationFactory(
        name="甲职业技术学院", kind="vocational_college", region="四川省成都市"
    )
    school_b = OrganizationFactory(
        name="乙职业技术学院", kind="vocational_college", region="天津市"
    )
    e1 = OrganizationFactory(name="甲智能装备有限公司", kind="enterprise")
    e2 = OrganizationFactory(name="乙机器人有限公司", kind="enterprise")
    MembershipFactory(body=body, organization=school_a)
    MembershipFactory(body=body, organization=e2)
    cohorts = {
        "a_mech": CohortFactory(school=school_a, major=mechatronics, headcount=40, body=body),
        "a_robot": CohortFactory(school=school_a, major=robotics, headcount=30, body=None),
        "a_soft": CohortFactory(school=school_a, major=software, headcount=10, body=body),
        "b_mech": CohortFactory(school=school_b, major=mechatronics, headcount=50, body=other_body),
        "a_mech_2027": CohortFactory(
            school=school_a,
            major=mechatronics,
            intake_year=2024,
            graduation_year=2027,
            headcount=99,
            body=body,
        ),
    }
    y2026 = {"starts_on": datetime.date(2026, 3, 1), "ends_on": datetime.date(2026, 8, 31)}
    postings = {
        "mech": PostingFactory(
            enterprise=e1,
            major=mechatronics,
            headcount=10,
            body=body,
            region="四川省成都市",
            skills=["PLC编程", "电气识图"],
            **y2026,
        ),
        "soft": PostingFactory(
            enterprise=e1, major=software, headcount=60, body=body, region="四川省成都市", **y2026
        ),
        "robot": PostingFactory(enterprise=e2, major=robotics, headcount=5, body=None, **y2026),
        "closed": PostingFactory(
            enterprise=e1, major=mechatronics, headcount=100, body=body, status="closed", **y2026
        ),
        "other_body": PostingFactory(
            enterprise=e1, major=mechatronics, headcount=7, body=other_body, **y2026
        ),
        "later": PostingFactory(
            enterprise=e1,
            major=robotics,
            headcount=3,
            body=body,
            starts_on=datetime.date(2027, 3, 1),
        ),
    }
    return {
        "majors": {"mech": mechatronics, "robot": robotics, "soft": software},
        "categories": {"equipment": equipment, "it": it},
        "schools": {"a": school_a, "b": school_b},
        "enterprises": {"e1": e1, "e2": e2},
        "cohorts": cohorts,
        "postings": postings,
    }
