"""A plan's .xlsx brought back in: a target already there is updated, not added again, so a
plan's own export re-imported changes nothing; a row is checked as the target form checks it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chanjiao.core.models import ObjectChange
from chanjiao.core.testing import make_xlsx
from chanjiao.reports import annual, plan_services
from chanjiao.reports.models import Indicator, PlanTarget
from chanjiao.reports.plans import plan_to_xlsx, rows_from_file

HEADER = ["目标", "任务", "责任单位", "责任人", "完成时限", "年度", "指标代码", "目标内容", "目标值", "完成值", "佐证材料链接"]  # fmt: skip
ROWS = [
    ["扩大成员", "发展成员单位", "", "王主任", "2024-12-31", 2024, "members_total", "", 4, "", ""],
    ["扩大成员", "发展成员单位", "", "", "", 2025, "members_total", "", 10, "", ""],
    ["深化合作", "共建实训基地", "", "", "", 2024, "", "共建实训基地（个）", 2, 1, "https://example.cn/a"],
    ["深化合作", "开展活动", "", "", "", 2024, "events_held", "", 3, "", ""],
]  # fmt: skip


@pytest.fixture
def plan(world, secretariat_user):
    plan = plan_services.plan_create(
        actor=secretariat_user, body=world, name="发展规划", starts_year=2024, ends_year=2025
    )
    _import(plan, secretariat_user, ROWS)
    return plan


def _upload(data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("规划.xlsx", data)


def _import(plan, user, rows):
    upload = _upload(make_xlsx([HEADER, *rows]))
    return plan_services.plan_import(actor=user, plan=plan, rows=rows_from_file(plan, upload))


def _targets(plan):
    return sorted(
        PlanTarget.objects.filter(task__goal__plan=plan).values_list(
            "task__title", "year", "indicator__code", "label", "target", "actual", "evidence"
        )
    )


def test_reimporting_a_plans_own_export_changes_nothing(client, plan, secretariat_user):
    before, changes = _targets(plan), ObjectChange.objects.order_by("pk").last().pk
    client.force_login(secretariat_user)
    exported = client.get(reverse("plan_export", args=[plan.pk])).content
    client.post(reverse("plan_import", args=[plan.pk]), {"file": _upload(exported)})
    assert _targets(plan) == before and len(before) == 4
    assert not ObjectChange.objects.filter(pk__gt=changes).exists()  # nothing written, logged
    report = annual.build(plan.body, 2024).as_dict()
    assert sum(report["plans"][plan.name].values()) == 3  # the year's three targets, once


def test_an_imported_row_updates_the_matching_target_and_adds_the_new_ones(plan, secretariat_user):
    imported = _import(
        plan,
        secretariat_user,
        [
            ["扩大成员", "发展成员单位", "", "", "", 2025, "members_total", "", 12, "", ""],
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
                2,
                "https://example.cn/b",
            ],  # fmt: skip
            ["深化合作", "开展活动", "", "", "", 2025, "events_held", "", 5, "", ""],
        ],
    )
    assert imported == 3
    targets = PlanTarget.objects.filter(task__goal__plan=plan)
    assert targets.count() == 5  # one added (开展活动 2025)
    assert targets.get(year=2025, indicator__code="members_total").target == 12
    measure = targets.get(label="共建实训基地（个）")
    assert (measure.actual, measure.evidence) == (Decimal(2), "https://example.cn/b")


def test_a_plan_holding_a_target_twice_keeps_both_through_its_export(plan, secretariat_user):
    _import(plan, secretariat_user, [ROWS[3]])  # now a second time: the same target again
    target = PlanTarget.objects.filter(task__title="开展活动").first()
    PlanTarget.objects.create(
        task=target.task, year=2024, indicator=target.indicator, target=Decimal(3)
    )
    before = _targets(plan)
    rows = rows_from_file(plan, _upload(plan_to_xlsx(plan)))
    plan_services.plan_import(actor=secretariat_user, plan=plan, rows=rows)
    assert _targets(plan) == before


def test_an_actual_value_for_a_target_on_an_indicator_is_refused_and_nothing_imported(
    plan, secretariat_user
):
    before = _targets(plan)
    with pytest.raises(ValidationError) as caught:
        _import(
            plan,
            secretariat_user,
            [
                ["新目标", "新任务", "", "", "", 2024, "", "新措施", 1, "", ""],
                ["扩大成员", "发展成员单位", "", "", "", 2024, "members_total", "", 4, 3, ""],
            ],
        )
    assert caught.value.messages == ["第 3 行：有指标代码的目标由指标得出完成值，请删去完成值"]
    assert _targets(plan) == before


def test_the_import_service_checks_a_target_as_the_form_does(plan, secretariat_user):
    before = _targets(plan)
    row = {
        "goal": "扩大成员",
        "task": "发展成员单位",
        "unit": None,
        "person": "",
        "deadline": None,
        "target": {
            "year": 2024,
            "indicator": Indicator.objects.get(code="events_held"),
            "label": "",
            "target": Decimal(1),
            "actual": Decimal(1),
        },
    }
    with pytest.raises(ValidationError):
        plan_services.plan_import(actor=secretariat_user, plan=plan, rows=[row])
    assert _targets(plan) == before


def test_a_responsible_unit_written_with_half_width_brackets_is_found(plan):
    """The registry stores names normalised (full-width brackets); a cell typed with
    half-width ones was refused as an unregistered unit."""
    from chanjiao.registry.tests.factories import OrganizationFactory

    unit = OrganizationFactory(name="联想（北京）有限公司")
    row = ["深化合作", "共建实训基地", "联想(北京)有限公司", "", "", 2024, "", "共建实训基地（个）", 2, 1, ""]  # fmt: skip
    rows = rows_from_file(plan, _upload(make_xlsx([HEADER, row])))
    assert rows[0]["unit"] == unit
