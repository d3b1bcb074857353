"""Editing a development plan part by part: goals, tasks and targets added, changed and
deleted on the page and through the API, each kept inside its own plan and years, every write
in the change log and only by the body's secretariat."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from chanjiao.core.models import ObjectChange
from chanjiao.core.testing import api_write, assert_error, check_crud_endpoint, items, make_token
from chanjiao.reports import plan_services
from chanjiao.reports.models import Indicator, Plan, PlanGoal, PlanTarget, PlanTask


@pytest.fixture
def plan(body, secretariat_user):
    return plan_services.plan_create(
        actor=secretariat_user,
        body=body,
        name="2024—2025 发展规划",
        starts_year=2024,
        ends_year=2025,
    )


@pytest.fixture
def task(plan, secretariat_user):
    goal = plan_services.plan_goal_create(actor=secretariat_user, plan=plan, title="深化合作")
    return plan_services.plan_task_create(
        actor=secretariat_user, plan=plan, goal=goal, title="共建基地"
    )


def test_a_part_stays_inside_its_own_plan_and_years(plan, task, body, secretariat_user):
    other = plan_services.plan_create(
        actor=secretariat_user, body=body, name="另一规划", starts_year=2024, ends_year=2024
    )
    with pytest.raises(ValidationError) as exc:
        plan_services.plan_task_create(
            actor=secretariat_user, plan=other, goal=task.goal, title="别处的任务"
        )
    assert "goal" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        plan_services.plan_target_create(
            actor=secretariat_user, plan=plan, task=task, year=2026, label="基地", target=1
        )
    assert "2024 到 2025" in exc.value.message_dict["year"][0]
    with pytest.raises(ValidationError, match="请选择指标或填写目标内容"):
        plan_services.plan_target_create(
            actor=secretariat_user, plan=plan, task=task, year=2025, target=1
        )
    events = Indicator.objects.get(code="events_held")
    with pytest.raises(ValidationError) as exc:
        plan_services.plan_target_create(
            actor=secretariat_user, plan=plan, task=task, year=2025, indicator=events,
            target=3, actual=Decimal(2),
        )  # fmt: skip
    assert "actual" in exc.value.message_dict
    target = plan_services.plan_target_create(
        actor=secretariat_user, plan=plan, task=task, year=2025, label="共建基地（个）", target=2
    )
    # the plan's years cannot shrink away from a target
    with pytest.raises(ValidationError, match="不在新的规划年度内"):
        plan_services.plan_update(actor=secretariat_user, plan=plan, data={"ends_year": 2024})
    plan_services.plan_target_update(
        actor=secretariat_user, plan_target=target, data={"year": 2024, "actual": Decimal(1)}
    )
    plan_services.plan_update(actor=secretariat_user, plan=plan, data={"ends_year": 2024})
    assert Plan.objects.get(pk=plan.pk).ends_year == 2024


def test_only_the_secretariat_edits_a_plan(
    plan, task, supervisor_user, contact_user, other_secretariat_user, secretariat_user
):
    for user in (supervisor_user, contact_user, other_secretariat_user, None):
        with pytest.raises(PermissionDenied):
            plan_services.plan_goal_create(actor=user, plan=plan, title="新目标")
        with pytest.raises(PermissionDenied):
            plan_services.plan_task_update(actor=user, plan_task=task, data={"title": "改"})
        with pytest.raises(PermissionDenied):
            plan_services.plan_delete(actor=user, plan=plan)
    plan_services.plan_goal_delete(actor=secretariat_user, plan_goal=task.goal)
    assert not PlanTask.objects.filter(pk=task.pk).exists()  # went with its goal


def test_goals_through_the_api_with_the_change_log(client, plan, admin_user, plain_user):
    check_crud_endpoint(
        client,
        f"/api/v1/plans/{plan.pk}/goals",
        PlanGoal,
        ({"title": "扩大成员", "order": 1}, {"title": "扩大成员覆盖", "order": 2}),
        admin_token=make_token(admin_user),
        denied_token=make_token(plain_user),
    )


def test_tasks_and_targets_through_the_api(client, plan, task, secretariat_user, member_org):
    token = make_token(secretariat_user)
    base = f"/api/v1/plans/{plan.pk}"
    response = api_write(
        client,
        "post",
        f"{base}/tasks",
        {"goal": task.goal_id, "title": "发展成员", "responsible_unit": member_org.pk},
        token,
    )
    assert response.status_code == 201, response.content
    assert response.json()["responsible_unit"]["name"] == member_org.name
    new_task = response.json()["id"]
    indicator = Indicator.objects.get(code="members_total")
    response = api_write(
        client,
        "post",
        f"{base}/targets",
        {"task": new_task, "year": 2024, "indicator": indicator.pk, "target": 5},
        token,
    )
    assert response.status_code == 201, response.content
    target_id = response.json()["id"]
    # a target of another plan's task, a year outside the plan, a value for an indicator
    other = plan_services.plan_create(
        actor=secretariat_user, body=plan.body, name="另一规划", starts_year=2024, ends_year=2024
    )
    bad = {"task": new_task, "year": 2024, "label": "x", "target": 1}
    assert_error(api_write(client, "post", f"/api/v1/plans/{other.pk}/targets", bad, token), 422)
    assert_error(
        api_write(client, "post", f"{base}/targets", {**bad, "year": 2030}, token), 422, "year"
    )
    assert_error(
        api_write(client, "patch", f"{base}/targets/{target_id}", {"actual": 3}, token),
        422,
        "actual",
    )
    tree = client.get(base).json()
    titles = [t["title"] for g in tree["goals"] for t in g["tasks"]]
    assert titles == ["共建基地", "发展成员"] or titles == ["发展成员", "共建基地"]
    assert [t["id"] for t in items(client.get(f"{base}/targets"))] == [target_id]
    assert api_write(client, "delete", f"{base}/tasks/{new_task}", token=token).status_code == 204
    assert not PlanTarget.objects.filter(pk=target_id).exists()


def test_a_secretariat_builds_a_plan_on_its_page(client, plan, secretariat_user, contact_user):
    detail = reverse("plan_detail", args=[plan.pk])
    client.force_login(contact_user)
    assert client.get(reverse("plan_part_add", args=[plan.pk, "goal"])).status_code == 403
    assert reverse("plan_edit", args=[plan.pk]) not in client.get(detail).content.decode()

    client.force_login(secretariat_user)
    response = client.post(
        reverse("plan_part_add", args=[plan.pk, "goal"]), {"title": "协同育人", "order": 1}
    )
    assert response.status_code == 302 and response.headers["Location"] == detail
    goal = PlanGoal.objects.get(plan=plan, title="协同育人")
    add_task = reverse("plan_part_add", args=[plan.pk, "task"])
    form = client.get(add_task, {"goal": goal.pk}).content.decode()
    assert f'value="{goal.pk}" selected' in form  # the goal it was opened from
    client.post(add_task, {"goal": goal.pk, "title": "开展订单培养", "order": 1})
    task = PlanTask.objects.get(goal=goal)
    add_target = reverse("plan_part_add", args=[plan.pk, "target"])
    response = client.post(
        add_target, {"task": task.pk, "year": 2026, "label": "订单班（个）", "target": "3"}
    )
    assert response.status_code == 200 and "2024 到 2025" in response.content.decode()
    client.post(add_target, {"task": task.pk, "year": 2025, "label": "订单班（个）", "target": "3"})
    target = PlanTarget.objects.get(task=task)
    edit = reverse("plan_part_edit", args=[plan.pk, "target", target.pk])
    client.post(
        edit, {"task": task.pk, "year": 2025, "label": "订单班（个）", "target": "4", "actual": "1"}
    )
    target.refresh_from_db()
    assert (target.target, target.actual) == (4, 1)
    page = client.get(detail).content.decode()
    assert "开展订单培养" in page and "订单班（个）" in page and "编辑规划" in page
    assert ObjectChange.objects.filter(object_repr__contains="订单班").count() == 2
    client.post(reverse("plan_part_delete", args=[plan.pk, "goal", goal.pk]))
    assert not PlanTask.objects.filter(pk=task.pk).exists()
    response = client.post(
        reverse("plan_edit", args=[plan.pk]),
        {"name": "2024—2025 规划", "starts_year": 2024, "ends_year": 2025},
    )
    assert response.status_code == 302
    assert Plan.objects.get(pk=plan.pk).name == "2024—2025 规划"
    client.post(reverse("plan_delete", args=[plan.pk]))
    assert not Plan.objects.filter(pk=plan.pk).exists()
    assert client.get(reverse("plan_part_add", args=[plan.pk, "goal"])).status_code == 404


@pytest.mark.django_db
def test_a_task_offers_the_current_member_units_and_keeps_the_one_it_names(
    plan, task, body, admin_user
):
    import datetime

    from django.utils import timezone

    from chanjiao.registry import services as registry
    from chanjiao.registry.tests.factories import OrganizationFactory
    from chanjiao.reports.views_plan_parts import TaskForm

    today = timezone.localdate()
    staying, gone, ahead = (OrganizationFactory(name=n) for n in ("甲单位", "乙单位", "丙单位"))
    registry.membership_create(actor=admin_user, body=body, organization=staying)
    registry.membership_create(
        actor=admin_user, body=body, organization=gone, until=today - datetime.timedelta(days=1)
    )
    registry.membership_create(
        actor=admin_user, body=body, organization=ahead, since=today + datetime.timedelta(days=1)
    )
    offered = set(TaskForm(plan=plan).fields["responsible_unit"].queryset)
    assert offered == {staying}
    task.responsible_unit = gone
    assert set(TaskForm(plan=plan, instance=task).fields["responsible_unit"].queryset) == {
        staying,
        gone,
    }
