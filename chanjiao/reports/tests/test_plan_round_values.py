"""A plan's target on a reported indicator takes its value from the collection round (a sum of
the units' submitted forms): only those who may read the round see it on the plan page and in
the plan API; anyone else sees the target, its value and status hidden. Values computed
from the published records stay visible to every reader."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from chanjiao.core.testing import bearer, make_token
from chanjiao.registry.tests.factories import MembershipFactory
from chanjiao.reports import plan_services, services
from chanjiao.reports.models import Indicator

#: The 订单班学生 target's value cell when it is shown.
VALUE = '<td class="text-end">120'


@pytest.fixture
def plan(world, secretariat_user, contact_user, member_org):
    """A plan of ``world`` with a target on 订单班学生 (reported: 120 in the 2024 round) and one
    on 成员单位数 (computed)."""
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


def _values(client, plan, user=None) -> dict:
    token = make_token(user) if user else None
    response = client.get(f"/api/v1/plans/{plan.pk}", headers=bearer(token))
    assert response.status_code == 200
    targets = response.json()["goals"][0]["tasks"][0]["targets"]
    return {t["indicator"]: t["value"] for t in targets}


def test_an_anonymous_reader_gets_no_round_total_from_the_plan_api(client, plan):
    values = _values(client, plan)
    assert values["order_students"] is None
    assert Decimal(values["members_total"]) == 5  # computed from the records: shown


def test_a_member_units_contact_gets_no_round_total_from_the_plan_api(client, plan, contact_user):
    assert _values(client, plan, contact_user)["order_students"] is None


def test_the_secretariat_and_the_supervisor_get_the_round_total(
    client, plan, secretariat_user, supervisor_user
):
    assert Decimal(_values(client, plan, secretariat_user)["order_students"]) == 120
    assert Decimal(_values(client, plan, supervisor_user)["order_students"]) == 120


def test_the_plan_page_hides_the_round_total_from_those_who_may_not_read_the_round(
    client, plan, contact_user, secretariat_user
):
    page = reverse("plan_detail", args=[plan.pk])
    for user in (None, contact_user):
        if user:
            client.force_login(user)
        html = client.get(page).content.decode()
        assert VALUE not in html and "填报数据仅秘书处、主管部门和平台管理员可见" in html
    client.force_login(secretariat_user)
    html = client.get(page).content.decode()
    assert VALUE in html and "填报数据仅秘书处" not in html
