"""A plan's target points one way or the other: at least the target (≥, the default) or at
most (≤, a limit not to pass: exits, a gap, accidents). A ≤ 0 target with 2 was 已完成
(the status only asked value ≥ target); it is now missed, and the plan page, the API, the
.xlsx, the annual report and the supervisor's count all read the direction."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from chanjiao.core.changelog import history_for
from chanjiao.core.history import render_changes
from chanjiao.core.models import ObjectChange
from chanjiao.core.testing import api_write, assert_error, bearer, make_token, make_xlsx
from chanjiao.reports import annual, plan_services, supervision
from chanjiao.reports.models import PlanTarget
from chanjiao.reports.plans import plan_progress, plan_to_xlsx, rows_from_file, status_of

AT_LEAST, AT_MOST = PlanTarget.Comparison.AT_LEAST, PlanTarget.Comparison.AT_MOST
OLD_HEADER = ["目标", "任务", "责任单位", "责任人", "完成时限", "年度", "指标代码", "目标内容", "目标值", "完成值", "佐证材料链接"]  # fmt: skip
HEADER = ["目标", "任务", "责任单位", "责任人", "完成时限", "年度", "指标代码", "目标内容", "比较", "目标值", "完成值", "佐证材料链接"]  # fmt: skip


def _limit(year=2024, target=0) -> PlanTarget:
    return PlanTarget(year=year, label="退出成员单位", target=Decimal(target), comparison=AT_MOST)


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
    goal = plan_services.plan_goal_create(actor=secretariat_user, plan=plan, title="稳定成员")
    return plan_services.plan_task_create(
        actor=secretariat_user, plan=plan, goal=goal, title="巩固成员单位"
    )


def _upload(data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("规划.xlsx", data)


def _import(plan, user, header, rows):
    upload = _upload(make_xlsx([header, *rows]))
    return plan_services.plan_import(actor=user, plan=plan, rows=rows_from_file(plan, upload))


def _targets(plan):
    return sorted(
        PlanTarget.objects.filter(task__goal__plan=plan).values_list(
            "task__title", "year", "label", "comparison", "target", "actual"
        )
    )


# --- the status --------------------------------------------------------------------------------


def test_a_limit_passed_is_missed_and_a_limit_kept_is_done_once_the_year_is_over():
    after = datetime.date(2025, 1, 15)
    assert status_of(_limit(), Decimal(2), after) == "missed"  # was 已完成: 2 ≥ 0
    assert status_of(_limit(), Decimal(0), after) == "done"
    assert status_of(_limit(target=50), Decimal(30), after) == "done"  # a gap within 50
    assert status_of(_limit(), None, after) == "missed"  # nothing recorded: not shown kept


def test_during_the_year_a_limit_is_on_track_until_the_value_passes_it():
    mid = datetime.date(2024, 6, 30)
    assert status_of(_limit(), Decimal(0), mid) == "on_track"  # not done: the year goes on
    assert status_of(_limit(), None, mid) == "on_track"
    assert status_of(_limit(), Decimal(2), mid) == "behind"  # over the limit already
    assert status_of(_limit(target=50), Decimal(50), mid) == "on_track"
    assert status_of(_limit(target=50), Decimal(51), mid) == "behind"
    assert status_of(_limit(year=2025), Decimal(2), mid) == "not_started"


def test_a_target_reads_with_its_sign_and_is_at_least_unless_told():
    assert str(_limit()) == "2024 退出成员单位 ≤ 0"
    plain = PlanTarget(year=2024, label="订单班", target=Decimal(3))
    assert plain.comparison == AT_LEAST and str(plain) == "2024 订单班 ≥ 3"


def test_the_page_the_annual_report_and_the_supervisor_count_a_limit_by_its_direction(
    client, world, secretariat_user, admin_user
):
    plan = plan_services.plan_create(
        actor=secretariat_user, body=world, name="规划", starts_year=2024, ends_year=2025
    )
    goal = plan_services.plan_goal_create(actor=secretariat_user, plan=plan, title="稳定")
    task = plan_services.plan_task_create(
        actor=secretariat_user, plan=plan, goal=goal, title="任务"
    )
    for label, actual in (("退出成员单位", 2), ("安全事故（起）", 0)):
        plan_services.plan_target_create(
            actor=secretariat_user, plan=plan, task=task, year=2024, label=label,
            comparison=AT_MOST, target=Decimal(0), actual=Decimal(actual),
        )  # fmt: skip
    tree = plan_progress(plan, today=datetime.date(2025, 3, 1))
    statuses = {p.target.label: p.status for _g, tasks in tree for _t, rows in tasks for p in rows}
    assert statuses == {"退出成员单位": "missed", "安全事故（起）": "done"}
    counts = annual.build(world, 2024).as_dict()["plans"]["规划"]
    assert (counts["done"], counts["missed"]) == (1, 1)
    rows, _indicator = supervision.table(admin_user, 2024)
    [row] = [r for r in rows if r.body == world]
    assert (row.targets_met, row.targets_total) == (1, 2)
    client.force_login(secretariat_user)
    page = client.get(reverse("plan_detail", args=[plan.pk])).content.decode()
    assert '<span title="至多（≤）">≤</span> 0' in page


# --- the form, the change log, the API ---------------------------------------------------------


def test_the_target_form_sets_a_limit_and_the_change_log_names_it(
    client, plan, task, secretariat_user
):
    client.force_login(secretariat_user)
    add = reverse("plan_part_add", args=[plan.pk, "target"])
    form = client.get(add).content.decode()
    assert 'value="at_most"' in form and "至多（≤）" in form
    fields = {"task": task.pk, "year": 2024, "label": "退出成员单位", "target": "0"}
    client.post(add, {**fields, "comparison": "at_most"})
    target = PlanTarget.objects.get(task=task)
    assert target.comparison == AT_MOST
    edit = reverse("plan_part_edit", args=[plan.pk, "target", target.pk])
    assert 'value="at_most" selected' in client.get(edit).content.decode()
    client.post(edit, {**fields, "actual": "1"})  # an older page without the field keeps it
    target.refresh_from_db()
    assert (target.comparison, target.actual) == (AT_MOST, 1)
    client.post(edit, {**fields, "comparison": "at_least", "actual": "1"})
    target.refresh_from_db()
    assert target.comparison == AT_LEAST
    entries = render_changes(history_for(target), viewer=secretariat_user)
    shown = [
        (fc.label, fc.before_display, fc.after_display)
        for entry in entries
        for fc in entry.fields
        if fc.field == "comparison" and entry.action == "update"
    ]
    assert shown == [("比较", "至多（≤）", "至少（≥）")]


def test_a_wrong_comparison_is_refused_by_the_service(plan, task, secretariat_user):
    with pytest.raises(ValidationError) as caught:
        plan_services.plan_target_create(
            actor=secretariat_user, plan=plan, task=task, year=2024, label="x",
            comparison="below", target=Decimal(1),
        )  # fmt: skip
    assert caught.value.message_dict["comparison"] == ["比较须为至少（≥）或至多（≤）"]


def test_a_limit_through_the_api_with_a_versioned_patch(client, plan, task, secretariat_user):
    token = make_token(secretariat_user)
    base = f"/api/v1/plans/{plan.pk}"
    payload = {"task": task.pk, "year": 2024, "label": "退出成员单位", "target": 0, "actual": 2}
    response = api_write(
        client, "post", f"{base}/targets", {**payload, "comparison": "at_most"}, token
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert (created["comparison"], created["comparison_label"]) == ("at_most", "至多（≤）")
    plain = api_write(client, "post", f"{base}/targets", {**payload, "label": "订单班"}, token)
    assert plain.json()["comparison"] == "at_least"
    assert_error(
        api_write(client, "post", f"{base}/targets", {**payload, "comparison": "x"}, token), 422
    )
    tree = client.get(base, headers=bearer(token)).json()
    [row] = [t for g in tree["goals"] for k in g["tasks"] for t in k["targets"] if t["id"] == created["id"]]  # fmt: skip
    assert (row["comparison"], row["comparison_label"], row["target"]) == (
        "at_most",
        "至多（≤）",
        "0.00",
    )
    assert row["status"] == ("missed" if datetime.date.today().year > 2024 else "behind")

    one = f"{base}/targets/{created['id']}"
    seen = client.get(one, headers=bearer(token)).headers["ETag"]
    target = PlanTarget.objects.get(pk=created["id"])
    plan_services.plan_target_update(
        actor=secretariat_user, plan_target=target, data={"actual": Decimal(0)}
    )  # a colleague, meanwhile
    stale = client.patch(
        one,
        {"comparison": "at_least"},
        content_type="application/json",
        headers={**bearer(token), "If-Match": seen},
    )
    assert stale.status_code == 412
    assert PlanTarget.objects.get(pk=created["id"]).comparison == AT_MOST
    fresh = client.get(one, headers=bearer(token)).headers["ETag"]
    done = client.patch(
        one,
        {"comparison": "at_least"},
        content_type="application/json",
        headers={**bearer(token), "If-Match": fresh},
    )
    assert done.status_code == 200 and done.json()["comparison"] == "at_least"


# --- the .xlsx ---------------------------------------------------------------------------------


def test_a_limit_goes_out_with_its_sign_and_comes_back_changing_nothing(
    client, plan, secretariat_user
):
    _import(
        plan,
        secretariat_user,
        HEADER,
        [
            ["稳定成员", "巩固成员单位", "", "", "", 2024, "", "退出成员单位", "≤", 0, 2, ""],
            ["供需对接", "缩小缺口", "", "", "", 2025, "", "供需缺口（人）", "至多", 50, "", ""],
            ["深化合作", "订单培养", "", "", "", 2024, "", "订单班", "", 3, 1, ""],
        ],
    )
    before = _targets(plan)
    assert [c for *_r, c, _t, _a in before] == [AT_MOST, AT_MOST, AT_LEAST]
    exported = plan_to_xlsx(plan)
    sheet = list(load_workbook(io.BytesIO(exported)).active.iter_rows(values_only=True))
    assert list(sheet[0]) == HEADER
    assert sorted(row[8] for row in sheet[1:]) == ["≤", "≤", "≥"]
    since = ObjectChange.objects.order_by("pk").last().pk
    client.force_login(secretariat_user)
    client.post(reverse("plan_import", args=[plan.pk]), {"file": _upload(exported)})
    assert _targets(plan) == before
    assert not ObjectChange.objects.filter(pk__gt=since).exists()


def test_a_file_without_the_column_adds_at_least_and_leaves_a_limit_as_it_is(
    plan, secretariat_user
):
    _import(
        plan,
        secretariat_user,
        HEADER,
        [["稳定成员", "巩固成员单位", "", "", "", 2024, "", "退出成员单位", "≤", 0, 2, ""]],
    )
    _import(
        plan,
        secretariat_user,
        OLD_HEADER,
        [
            ["稳定成员", "巩固成员单位", "", "", "", 2024, "", "退出成员单位", 0, 1, ""],
            ["深化合作", "订单培养", "", "", "", 2024, "", "订单班", 3, 1, ""],
        ],
    )
    targets = PlanTarget.objects.filter(task__goal__plan=plan)
    limit = targets.get(label="退出成员单位")
    assert (limit.comparison, limit.actual) == (AT_MOST, 1)
    assert targets.get(label="订单班").comparison == AT_LEAST


def test_the_comparison_column_reads_signs_and_words_and_refuses_anything_else(plan):
    def row(cell):
        return ["目标", "任务", "", "", "", 2024, "", "措施", cell, 1, "", ""]

    read = rows_from_file(
        plan, _upload(make_xlsx([HEADER, row(">="), row("<="), row("至少（≥）"), row("at most")]))
    )
    assert [r["target"]["comparison"] for r in read] == [AT_LEAST, AT_MOST, AT_LEAST, AT_MOST]
    with pytest.raises(ValidationError) as caught:
        rows_from_file(plan, _upload(make_xlsx([HEADER, row("≥"), row("大约")])))
    assert caught.value.messages == ["第 3 行：比较须为 ≥ 或 ≤（至少或至多），而不是“大约”"]
