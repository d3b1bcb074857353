"""The yearly cycle after the audit: no figures for the years before a body was founded, the
supervisor's API reads the same years as its page and the report, a plan's hidden collection
total keeps its status hidden too, the supervisor's column of plan targets says so, and a
decimal the API gives can be sent back to it as it is."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from chanjiao.core.testing import api_write, assert_error, bearer, items, make_token
from chanjiao.registry.tests.factories import BodyFactory, MembershipFactory, OrganizationFactory
from chanjiao.reports import annual, plan_services, services
from chanjiao.reports.indicators import RULES
from chanjiao.reports.models import Indicator, PlanTarget

THIS_YEAR = timezone.localdate().year
#: The founding year of the body below: three years ago, so that its founding year, the year
#: after and this year are all readable, and the year before is not.
FOUNDED = THIS_YEAR - 3


@pytest.fixture
def young(db):
    """A body founded on 31 October three years ago, whose three members' start dates were not
    recorded (a roll entered without them)."""
    body = BodyFactory(name="新成立职教集团", founded_on=datetime.date(FOUNDED, 10, 31))
    for i in range(3):
        MembershipFactory(body=body, organization=OrganizationFactory(name=f"新成员单位{i}"))
    return body


# --- 1. no figures for the years before a body was founded ------------------------------------


def test_members_with_no_start_date_count_from_the_bodys_founding(young):
    members = RULES["members_total"]
    assert members(young, FOUNDED - 1) == 0
    assert members(young, FOUNDED) == 3
    # Without a founding date recorded, a member with no start counts as before.
    unknown = BodyFactory(founded_on=None)
    MembershipFactory(body=unknown)
    assert members(unknown, 2000) == 1
    # A start date recorded counts as recorded, founding or not.
    MembershipFactory(body=young, since=datetime.date(FOUNDED - 2, 5, 1))
    assert members(young, FOUNDED - 1) == 1


def test_the_supervisors_table_leaves_out_bodies_founded_after_the_year(client, admin_user, young):
    token = bearer(make_token(admin_user))
    before = items(client.get("/api/v1/supervision/bodies", {"year": FOUNDED - 1}, headers=token))
    assert young.name not in [r["body"]["name"] for r in before]
    founded = items(client.get("/api/v1/supervision/bodies", {"year": FOUNDED}, headers=token))
    assert [r["members"] for r in founded if r["body"]["name"] == young.name] == [3]
    client.force_login(admin_user)
    page = client.get(reverse("supervision"), {"year": FOUNDED - 1}).content.decode()
    assert young.name not in page


def test_the_report_of_a_year_before_the_founding_is_refused(client, admin_user, young):
    client.force_login(admin_user)
    assert client.get(reverse("annual_report", args=[young.pk, FOUNDED - 1])).status_code == 404
    assert client.get(reverse("annual_report", args=[young.pk, FOUNDED])).status_code == 200
    response = client.get(
        f"/api/v1/bodies/{young.pk}/annual-report",
        {"year": FOUNDED - 1},
        headers=bearer(make_token(admin_user)),
    )
    error = assert_error(response, 422, "year")
    assert f"成立于 {FOUNDED} 年" in error["errors"]["year"][0]


def test_the_trend_starts_at_the_founding_year(client, admin_user, young):
    report = annual.build(young, THIS_YEAR)
    assert report.trend_years == list(range(FOUNDED, THIS_YEAR + 1))
    assert report.trend["members_total"] == [3] * len(report.trend_years)
    # The year before the founding is not counted in the founding year's "previous" either.
    first = annual.build(young, FOUNDED)
    assert first.trend_years == [FOUNDED]
    members = next(f for f in first.figures if f.indicator.code == "members_total")
    assert (members.value, members.previous) == (3, 0)
    # The page links to no year before the founding.
    client.force_login(admin_user)
    page = client.get(reverse("annual_report", args=[young.pk, THIS_YEAR])).content.decode()
    assert reverse("annual_report", args=[young.pk, FOUNDED - 1]) not in page


# --- 2. the supervisor's API reads 1990 to this year ------------------------------------------


@pytest.mark.parametrize("year", [1, 1989, THIS_YEAR + 1, 9999])
def test_the_supervisor_api_refuses_a_year_outside_1990_to_this_year(client, admin_user, year):
    response = client.get(
        "/api/v1/supervision/bodies",
        {"year": year, "order": "members_new"},
        headers=bearer(make_token(admin_user)),
    )
    error = assert_error(response, 422, "year")
    assert f"1990 到 {THIS_YEAR}" in error["errors"]["year"][0]


def test_the_supervisor_api_and_page_read_1990_and_this_year(client, admin_user, body):
    token = bearer(make_token(admin_user))
    for year in (1990, THIS_YEAR):
        response = client.get(
            "/api/v1/supervision/bodies", {"year": year, "order": "members_new"}, headers=token
        )
        assert [r["body"]["name"] for r in items(response)] == [body.name]
    client.force_login(admin_user)
    page = client.get(reverse("supervision"), {"year": 9999}).content.decode()
    assert f"年度须在 1990 到 {THIS_YEAR} 之间" in page


# --- 3. a hidden collection total hides its status too ----------------------------------------


@pytest.fixture
def plan(world, secretariat_user, contact_user, member_org):
    """A plan of ``world``: 订单班学生 (reported, 120 in the 2024 round: 已完成 against 100)
    and 成员单位数 (computed, 5: 已完成 against 4)."""
    MembershipFactory(body=world, organization=member_org)
    round_ = services.round_open(actor=secretariat_user, body=world, year=2024)
    form = round_.forms.get(organization=member_org)
    values = {i.code: "10" for i in Indicator.objects.filter(source="school")}
    services.form_save(actor=contact_user, form=form, values={**values, "order_students": "120"})
    services.form_submit(actor=contact_user, form=form)
    plan = plan_services.plan_create(
        actor=secretariat_user, body=world, name="发展规划", starts_year=2024, ends_year=2025
    )
    goal = plan_services.plan_goal_create(actor=secretariat_user, plan=plan, title="深化合作")
    task = plan_services.plan_task_create(
        actor=secretariat_user, plan=plan, goal=goal, title="扩大订单培养"
    )
    for code, target in (("order_students", 100), ("members_total", 4)):
        plan_services.plan_target_create(
            actor=secretariat_user,
            plan=plan,
            task=task,
            year=2024,
            target=Decimal(target),
            indicator=Indicator.objects.get(code=code),
        )
    return plan


def _targets(client, plan, user=None) -> dict:
    response = client.get(f"/api/v1/plans/{plan.pk}", headers=bearer(user and make_token(user)))
    assert response.status_code == 200
    return {t["indicator"]: t for t in response.json()["goals"][0]["tasks"][0]["targets"]}


def test_a_hidden_collection_total_hides_its_status_in_the_api(client, plan, secretariat_user):
    hidden = _targets(client, plan)
    assert hidden["order_students"]["value"] is None
    assert (hidden["order_students"]["status"], hidden["order_students"]["status_label"]) == (
        None,
        None,
    )
    assert hidden["members_total"]["status"] == "done"  # computed: shown to every reader
    shown = _targets(client, plan, secretariat_user)
    assert shown["order_students"]["status"] == "done"


def test_a_hidden_collection_total_hides_its_status_on_the_page_and_in_the_export(
    client, plan, secretariat_user
):
    page = reverse("plan_detail", args=[plan.pk])
    assert client.get(page).content.decode().count("cj-status-done") == 1
    export = client.get(reverse("plan_export", args=[plan.pk]))
    cells = {
        str(cell)
        for row in load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    }
    assert not cells & {"已完成", "done", "120", "120.00"}
    client.force_login(secretariat_user)
    assert client.get(page).content.decode().count("cj-status-done") == 2


# --- 4. the supervisor's column of plan targets ----------------------------------------------


def test_the_supervisors_column_of_plan_targets_is_headed_as_targets(client, admin_user, body):
    client.force_login(admin_user)
    response = client.get(reverse("supervision"), {"year": 2024, "format": "xlsx"})
    headers = next(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert headers[-2:] == ("规划指标目标达成或按进度", "规划指标目标")
    page = client.get(reverse("supervision"), {"year": 2024}).content.decode()
    assert ">规划指标目标</th>" in page and ">规划目标</th>" not in page


# --- 5. a decimal from the API goes back to it ------------------------------------------------


@pytest.fixture
def target_url(plan):
    target = PlanTarget.objects.get(indicator__code="members_total")
    return f"/api/v1/plans/{plan.pk}/targets/{target.pk}", target


def test_a_target_read_from_the_api_is_sent_back_as_it_is(client, target_url, secretariat_token):
    url, target = target_url
    got = client.get(url, headers=bearer(secretariat_token)).json()
    assert got["target"] == "4.00"
    put = {
        "task": got["task"],
        "year": got["year"],
        "indicator": got["indicator"]["id"],
        "label": got["label"],
        "comparison": got["comparison"],
        "target": got["target"],
        "actual": got["actual"],
        "evidence": got["evidence"],
    }
    response = api_write(client, "put", url, put, secretariat_token)
    assert response.status_code == 200, response.content
    response = api_write(client, "patch", url, {"target": "2.5"}, secretariat_token)
    assert response.status_code == 200, response.content
    target.refresh_from_db()
    assert target.target == Decimal("2.50")
    response = api_write(client, "patch", url, {"target": 3.456}, secretariat_token)
    assert response.json()["target"] == "3.46"  # numbers still taken, to two places


@pytest.mark.parametrize("value", ["abc", "NaN", "Infinity", "-Infinity", "1e3", " 1", "１", True])
def test_a_target_that_is_not_a_decimal_is_refused_naming_the_field(
    client, target_url, secretariat_token, value
):
    url, _target = target_url
    response = api_write(client, "patch", url, {"target": value}, secretariat_token)
    assert_error(response, 422, "target")


def test_a_negative_target_as_text_is_refused(client, target_url, secretariat_token):
    url, _target = target_url
    assert_error(
        api_write(client, "patch", url, {"target": "-1"}, secretariat_token), 422, "target"
    )


def test_an_indicators_limits_read_from_the_api_are_sent_back_as_they_are(client, admin_token):
    indicator = Indicator.objects.get(code="matched_employment_rate")
    url = f"/api/v1/indicators/{indicator.pk}"
    got = client.get(url).json()
    assert (got["min_value"], got["max_value"]) == ("0.00", "100.00")
    put = {
        key: got[key]
        for key in (
            "code", "name", "name_en", "unit", "source", "rule", "aggregate", "min_value",
            "max_value", "order", "is_active", "description",
        )
    }  # fmt: skip
    put["weight"] = got["weight"] and got["weight"]["id"]
    response = api_write(client, "put", url, put, admin_token)
    assert response.status_code == 200, response.content
    response = api_write(client, "patch", url, {"max_value": "90.5"}, admin_token)
    assert response.status_code == 200, response.content
    indicator.refresh_from_db()
    assert indicator.max_value == Decimal("90.5")
    for value in ("NaN", "Infinity", "many"):
        response = api_write(client, "patch", url, {"min_value": value}, admin_token)
        assert_error(response, 422, "min_value")


def test_the_openapi_schema_says_a_decimal_is_taken_as_a_number_or_text(client):
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    branches = schemas["TargetIn"]["properties"]["target"]["anyOf"]
    assert {b["type"] for b in branches} == {"number", "string"}
    number = next(b for b in branches if b["type"] == "number")
    assert (number["minimum"], number["maximum"]) == (0, 10**12)
    assert "pattern" in next(b for b in branches if b["type"] == "string")
    assert "string" in {
        b["type"] for b in schemas["IndicatorIn"]["properties"]["min_value"]["anyOf"]
    }
    assert schemas["TargetRecordOut"]["properties"]["target"]["type"] == "string"
