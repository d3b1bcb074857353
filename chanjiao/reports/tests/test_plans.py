"""Development plans (发展规划): targets' progress from the indicators or entered values, the
plan to .xlsx and back (all rows or none), and who may write."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from chanjiao.core.testing import make_xlsx
from chanjiao.reports import plan_services
from chanjiao.reports.models import Plan, PlanTarget
from chanjiao.reports.plans import plan_progress, plan_to_xlsx, rows_from_file, status_of

HEADER = ["目标", "任务", "责任单位", "责任人", "完成时限", "年度", "指标代码", "目标内容", "目标值", "完成值", "佐证材料链接"]  # fmt: skip


@pytest.fixture
def plan(world, secretariat_user):
    return plan_services.plan_create(
        actor=secretariat_user,
        body=world,
        name="2024—2025 发展规划",
        starts_year=2024,
        ends_year=2025,
    )


def _import(plan, user, rows):
    upload = SimpleUploadedFile("规划.xlsx", make_xlsx([HEADER, *rows]))
    return plan_services.plan_import(actor=user, plan=plan, rows=rows_from_file(plan, upload))


def test_a_plan_from_its_workbook_shows_each_targets_progress(plan, secretariat_user):
    added = _import(
        plan,
        secretariat_user,
        [
            [
                "扩大成员",
                "发展成员单位",
                "成都甲职业技术学院",
                "王主任",
                "2024-12-31",
                2024,
                "members_total",
                "",
                4,
                "",
                "",
            ],
            ["扩大成员", "发展成员单位", "", "", "", 2025, "members_total", "", 10, "", ""],
            [
                "深化合作",
                "共建实训基地",
                "",
                "",
                "",
                2024,
                "",
                "共建实训基地（个）",
                2,
                1,
                "https://example.cn/a",
            ],
            ["深化合作", "开展活动", "", "", "", 2024, "events_held", "", 3, "", ""],
        ],
    )
    assert added == 4
    tree = plan_progress(plan, today=datetime.date(2025, 3, 1))
    statuses = {
        (task.title, p.target.year): (p.value, p.status)
        for _goal, tasks in tree
        for task, rows in tasks
        for p in rows
    }
    # world: 4 member units at the end of 2024 (target 4: done), 2 events in 2024 (target 3).
    assert statuses[("发展成员单位", 2024)] == (Decimal(4), "done")
    assert statuses[("开展活动", 2024)] == (Decimal(2), "missed")
    assert statuses[("共建实训基地", 2024)] == (Decimal(1), "missed")
    # early 2025: five members (one joined in February) against 10 by the year's end
    assert statuses[("发展成员单位", 2025)] == (Decimal(5), "on_track")
    assert [g.title for g, _t in tree] == ["扩大成员", "深化合作"]
    assert tree[0][1][0][0].responsible_unit.name == "成都甲职业技术学院"


def test_the_status_of_a_target_this_year_follows_the_share_of_the_year_gone(plan):
    target = PlanTarget(year=2025, target=Decimal(100))
    assert status_of(target, Decimal(30), datetime.date(2025, 3, 31)) == "on_track"
    assert status_of(target, Decimal(10), datetime.date(2025, 6, 30)) == "behind"
    assert status_of(target, Decimal(100), datetime.date(2025, 6, 30)) == "done"
    assert status_of(target, None, datetime.date(2024, 6, 30)) == "not_started"


def test_a_wrong_row_is_reported_and_nothing_is_imported(plan, secretariat_user):
    with pytest.raises(ValidationError) as caught:
        _import(
            plan,
            secretariat_user,
            [
                ["目标", "任务一", "", "", "", 2024, "members_total", "", 4, "", ""],
                ["目标", "任务二", "没有这个单位", "", "", 2024, "", "x", 1, "", ""],
                ["目标", "任务三", "", "", "", 2030, "", "x", 1, "", ""],
                ["目标", "任务四", "", "", "", 2024, "nope", "", 1, "", ""],
                ["目标", "任务五", "", "", "", 2024, "", "", "七", "", ""],
            ],
        )
    text = " ".join(caught.value.messages)
    assert "第 3 行" in text and "没有登记这个单位" in text
    assert "2024 到 2025" in text and "nope" in text and "不是数字" in text
    assert not plan.goals.exists()


def test_the_workbook_comes_back_as_it_went_out(plan, secretariat_user):
    rows = [["目标甲", "任务甲", "", "李老师", "2025-06-30", 2025, "", "订单班", 3, 1, ""]]
    _import(plan, secretariat_user, rows)
    sheet = load_workbook(io.BytesIO(plan_to_xlsx(plan))).active
    out = list(sheet.iter_rows(values_only=True))
    assert list(out[0]) == [*HEADER[:8], "比较", *HEADER[8:]]  # 比较 (≥ or ≤) before 目标值
    assert out[1][:3] == ("目标甲", "任务甲", None) and out[1][7] == "订单班"
    again = Plan.objects.create(body=plan.body, name="副本", starts_year=2025, ends_year=2025)
    upload = SimpleUploadedFile("副本.xlsx", plan_to_xlsx(plan))
    plan_services.plan_import(
        actor=secretariat_user, plan=again, rows=rows_from_file(again, upload)
    )
    target = PlanTarget.objects.get(task__goal__plan=again)
    assert (target.label, target.target, target.actual) == ("订单班", 3, 1)


def test_only_the_secretariat_writes_a_plan(plan, supervisor_user, contact_user, secretariat_user):
    for user in (supervisor_user, contact_user):
        with pytest.raises(PermissionDenied):
            plan_services.plan_create(
                actor=user, body=plan.body, name="另一个", starts_year=2024, ends_year=2024
            )
    _import(plan, secretariat_user, [["目标", "任务", "", "", "", 2024, "", "x", 1, "", ""]])
    target = PlanTarget.objects.get()
    with pytest.raises(PermissionDenied):
        plan_services.target_record(actor=supervisor_user, target=target, actual=Decimal(1))
    plan_services.target_record(
        actor=secretariat_user, target=target, actual=Decimal(2), evidence="https://example.cn"
    )
    target.refresh_from_db()
    assert target.actual == 2


def test_the_plan_pages(client, plan, secretariat_user):
    client.force_login(secretariat_user)
    page = client.get(reverse("plan_list", args=[plan.body_id])).content.decode()
    assert plan.name in page and "新建规划" in page
    upload = SimpleUploadedFile(
        "规划.xlsx",
        make_xlsx([HEADER, ["目标", "任务", "", "", "", 2024, "events_held", "", 1, "", ""]]),
    )
    client.post(reverse("plan_import", args=[plan.pk]), {"file": upload})
    detail = client.get(reverse("plan_detail", args=[plan.pk])).content.decode()
    assert "举办活动" in detail and "已完成" in detail
    client.logout()
    assert client.get(reverse("plan_detail", args=[plan.pk])).status_code == 200  # published body


def test_a_reported_target_is_recorded_from_a_labelled_form_under_its_value(
    client, plan, secretariat_user
):
    """The form folds under the value (it squeezed two bare inputs into the column) and
    offers the value as it reads, 2 not 2.00."""
    _import(plan, secretariat_user, [["目标", "任务", "", "", "", 2024, "", "教材", 4, 2, ""]])
    target = PlanTarget.objects.get()
    client.force_login(secretariat_user)
    page = client.get(reverse("plan_detail", args=[plan.pk])).content.decode()
    assert '<details class="cj-record' in page and "记录完成值" in page
    assert f'<label class="form-label small mb-0" for="actual-{target.pk}">完成值</label>' in page
    assert f'id="actual-{target.pk}" name="actual" inputmode="decimal" value="2"' in page
    client.post(
        reverse("plan_target_record", args=[target.pk]),
        {"actual": "3", "evidence": "https://example.cn/jc"},
    )
    target.refresh_from_db()
    assert target.actual == 3 and target.evidence == "https://example.cn/jc"


def test_plans_through_the_api(client, world, secretariat_user, secretariat_token, admin_token):
    from chanjiao.core.testing import api_write, assert_error, items

    body = {"body": world.pk, "name": "2025 规划", "starts_year": 2025, "ends_year": 2024}
    assert_error(api_write(client, "post", "/api/v1/plans", body, secretariat_token), 422)
    created = api_write(
        client, "post", "/api/v1/plans", {**body, "ends_year": 2026}, secretariat_token
    )
    assert created.status_code == 201, created.content
    plan = Plan.objects.get(pk=created.json()["id"])
    _import(
        plan, secretariat_user, [["目标", "任务", "", "", "", 2025, "members_total", "", 3, "", ""]]
    )
    tree = client.get(f"/api/v1/plans/{plan.pk}").json()
    [target] = tree["goals"][0]["tasks"][0]["targets"]
    assert target["indicator"] == "members_total" and target["status"] in {"done", "not_started"}
    assert [p["name"] for p in items(client.get("/api/v1/plans", {"body": world.pk}))] == [
        "2025 规划"
    ]
