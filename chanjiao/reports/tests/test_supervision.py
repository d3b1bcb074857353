"""The supervisor's view: a region's supervising department sees only the bodies in its region
(and sub-regions), side by side, ranked by any indicator; it reads, and writes nothing."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from openpyxl import load_workbook

from chanjiao.accounts.models import SupervisedRegion
from chanjiao.accounts.permissions import can_edit_body, can_read_round
from chanjiao.cli import main
from chanjiao.core.testing import bearer, items, make_token
from chanjiao.events.tests.factories import EventFactory
from chanjiao.registry.selectors import body_detail
from chanjiao.registry.tests.factories import (
    BodyFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
)
from chanjiao.reports import services
from chanjiao.reports.models import Indicator

YEAR = 2024


@pytest.fixture
def bureau(db):
    """成都市教育局: supervises the city (510100) and its districts."""
    user = UserFactory(username="cdjyj")
    SupervisedRegion.objects.create(user=user, region_code="510100", name="成都市")
    return user


@pytest.fixture
def bodies(db):
    """Two bodies in Chengdu (one in a district, unpublished), one in Shenzhen."""
    city = BodyFactory(name="成都甲职教集团", region_code="510100")
    district = BodyFactory(name="武侯乙职教集团", region_code="510107", is_published=False)
    elsewhere = BodyFactory(name="深圳丙职教集团", region_code="440300")
    for body, n in ((city, 3), (district, 5), (elsewhere, 9)):
        for i in range(n):
            MembershipFactory(
                body=body, organization=OrganizationFactory(name=f"{body.name}单位{i}")
            )
    EventFactory(bodies=[city], starts_on=datetime.date(YEAR, 2, 1))
    EventFactory(bodies=[city], starts_on=datetime.date(YEAR, 11, 1))
    return city, district, elsewhere


def test_a_region_supervisor_sees_only_its_regions_bodies_ranked(client, bureau, bodies):
    city, district, _elsewhere = bodies
    client.force_login(bureau)
    page = client.get(reverse("supervision"), {"year": YEAR}).content.decode()
    assert city.name in page and district.name in page and "深圳丙职教集团" not in page
    rows = items(
        client.get("/api/v1/supervision/bodies", {"year": YEAR}, headers=bearer(make_token(bureau)))
    )
    assert [(r["body"]["name"], r["members"], r["rank"]) for r in rows] == [
        (district.name, 5, 1),
        (city.name, 3, 2),
    ]
    assert rows[1]["events_by_quarter"] == [1, 0, 0, 1]


def test_ranking_by_a_reported_indicator_adds_up_the_submitted_forms(
    client, admin_user, bodies, secretariat_user
):
    city, district, _elsewhere = bodies
    school = OrganizationFactory(name="成都测试职业学院", kind="vocational_college")
    MembershipFactory(body=district, organization=school)
    round_ = services.round_open(actor=admin_user, body=district, year=YEAR)
    form = round_.forms.get(organization=school)
    values = {i.code: "1" for i in Indicator.objects.filter(source="school")}
    services.form_save(actor=admin_user, form=form, values={**values, "order_students": "88"})
    services.form_submit(actor=admin_user, form=form)
    token = make_token(admin_user)
    rows = items(
        client.get(
            "/api/v1/supervision/bodies",
            {"year": YEAR, "region": "510000", "order": "order_students"},
            headers=bearer(token),
        )
    )
    got = [(r["body"]["name"], r["value"] and float(r["value"]), r["rank"]) for r in rows]
    assert got == [(district.name, 88, 1), (city.name, None, None)]
    wrong = client.get(
        "/api/v1/supervision/bodies", {"year": YEAR, "order": "no_such"}, headers=bearer(token)
    )
    assert wrong.status_code == 422 and "no_such" in wrong.content.decode()


def test_the_supervisor_reads_an_unpublished_body_of_its_region_and_writes_nothing(bureau, bodies):
    _city, district, elsewhere = bodies
    assert body_detail(actor=bureau, pk=district.pk) == district
    assert can_read_round(bureau, district) and not can_read_round(bureau, elsewhere)
    assert not can_edit_body(bureau, district)
    with pytest.raises(PermissionDenied):
        services.round_open(actor=bureau, body=district, year=YEAR)


def test_others_may_not_open_the_supervisors_view(client, secretariat_user, bodies):
    client.force_login(secretariat_user)
    assert client.get(reverse("supervision")).status_code == 403
    response = client.get(
        "/api/v1/supervision/bodies", {"year": YEAR}, headers=bearer(make_token(secretariat_user))
    )
    assert response.status_code == 403


def test_the_comparison_exports_to_xlsx(client, bureau, bodies):
    client.force_login(bureau)
    response = client.get(reverse("supervision"), {"year": YEAR, "format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:2] == ("排名", "产教融合体")
    assert [r[1] for r in rows[1:]] == ["武侯乙职教集团", "成都甲职教集团"]


def test_a_unit_in_two_roles_counts_once_and_the_ranked_column_is_not_shown_twice(
    client, bureau, bodies
):
    """The city's first unit is also its chair: the table counts units, as the body page does,
    and ranked by member units it marks its own 成员单位 column instead of adding a copy."""
    city, _district, _elsewhere = bodies
    MembershipFactory(body=city, organization=city.memberships.first().organization, role="chair")
    client.force_login(bureau)
    token = bearer(make_token(bureau))
    rows = items(client.get("/api/v1/supervision/bodies", {"year": YEAR}, headers=token))
    assert {r["body"]["name"]: r["members"] for r in rows}[city.name] == 3
    ranked = client.get(reverse("supervision"), {"year": YEAR, "order": "members_total"})
    page = ranked.content.decode()
    assert "成员单位数（家）" not in page and page.count('aria-sort="descending"') == 1
    by_reported = client.get(reverse("supervision"), {"year": YEAR, "order": "order_students"})
    assert by_reported.content.decode().count('aria-sort="descending"') == 1

    def export_headers(order):
        response = client.get(
            reverse("supervision"), {"year": YEAR, "order": order, "format": "xlsx"}
        )
        return next(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))

    assert export_headers("members_total")[-1] == "规划指标目标"
    assert export_headers("order_students")[-1].startswith("订单培养人数")


def test_createuser_makes_a_region_supervisor(db, admin_user, capsys):
    assert (
        main(
            [
                "createuser",
                "scjyt",
                "--password",
                "a-long-pass-phrase-2024",
                "--supervises-region",
                "510000",
                "--region-name",
                "四川省",
            ]
        )
        == 0
    )
    assert "四川省 主管部门" in capsys.readouterr().out
    assert SupervisedRegion.objects.get(user__username="scjyt").prefix == "51"
    assert main(["createuser", "bad", "--no-password", "--supervises-region", "51"]) == 2


def test_the_table_shows_how_many_of_the_years_plan_targets_stand_well(client, bureau, bodies):
    from chanjiao.reports import plan_services

    city, district, _elsewhere = bodies
    admin = UserFactory(username="plan-admin", is_superuser=True)
    plan = plan_services.plan_create(
        actor=admin, body=city, name="规划", starts_year=YEAR, ends_year=YEAR + 1
    )
    goal = plan_services.plan_goal_create(actor=admin, plan=plan, title="扩大成员")
    task = plan_services.plan_task_create(actor=admin, plan=plan, goal=goal, title="发展成员")
    members = Indicator.objects.get(code="members_total")
    events = Indicator.objects.get(code="events_held")

    def target(year, indicator, value):
        plan_services.plan_target_create(
            actor=admin, plan=plan, task=task, year=year, indicator=indicator, target=value
        )

    target(YEAR, members, 3)  # 3 members at the end of the year: done
    target(YEAR, events, 5)  # 2 events: missed
    target(YEAR + 1, members, 10)  # another year: not counted
    rows = items(
        client.get("/api/v1/supervision/bodies", {"year": YEAR}, headers=bearer(make_token(bureau)))
    )
    by_name = {r["body"]["name"]: (r["plan_targets_met"], r["plan_targets"]) for r in rows}
    assert by_name == {city.name: (1, 2), district.name: (0, 0)}
    client.force_login(bureau)
    page = client.get(reverse("supervision"), {"year": YEAR}).content.decode()
    assert "1 / 2" in page


@pytest.mark.parametrize("order", ["members_total", "graduates", "order_students"])
def test_the_table_costs_the_same_queries_for_two_bodies_as_for_six(
    client, bureau, bodies, order, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from chanjiao.reports import plan_services

    admin = UserFactory(username="plan-admin", is_superuser=True)
    indicators = list(Indicator.objects.filter(code__in=["members_total", "graduates", order]))

    def planned(body):
        plan = plan_services.plan_create(
            actor=admin, body=body, name="规划", starts_year=YEAR, ends_year=YEAR
        )
        goal = plan_services.plan_goal_create(actor=admin, plan=plan, title="目标")
        task = plan_services.plan_task_create(actor=admin, plan=plan, goal=goal, title="任务")
        for indicator in indicators:
            plan_services.plan_target_create(
                actor=admin, plan=plan, task=task, year=YEAR, indicator=indicator, target=1
            )

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("supervision"), {"year": YEAR, "order": order})
        assert response.status_code == 200
        return len(captured)

    client.force_login(bureau)
    for body in bodies[:2]:
        planned(body)
    two = queries()
    for i in range(4):
        planned(BodyFactory(name=f"成都新增职教集团{i}", region_code="510100"))
    assert queries() == two
