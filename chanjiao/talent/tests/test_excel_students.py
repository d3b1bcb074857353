"""Students and their choices from .xlsx: column specs on core.tabular, written by the services."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from chanjiao.core.testing import make_xlsx
from chanjiao.talent import excel
from chanjiao.talent.models import Application, Student

STUDENT_HEADER = ["学校", "专业", "入学年份", "班级", "姓名或代号", "技能", "意向地区"]
APPLICATION_HEADER = [
    "学校",
    "专业",
    "入学年份",
    "班级",
    "姓名或代号",
    "用人单位",
    "岗位名称",
    "志愿顺序",
]


def _students(world, *names):
    cohort = world["cohorts"]["a_soft"]
    return [
        STUDENT_HEADER,
        *[
            [
                cohort.school.name,
                cohort.major.name,
                cohort.intake_year,
                cohort.name,
                n,
                "Python",
                "",
            ]
            for n in names
        ],
    ]


def _choices(world, *rows):
    cohort = world["cohorts"]["a_soft"]
    return [
        APPLICATION_HEADER,
        *[
            [cohort.school.name, cohort.major.name, cohort.intake_year, cohort.name, *row]
            for row in rows
        ],
    ]


def test_students_are_imported_once_and_skipped_the_second_time(world, body, secretariat_user):
    data = make_xlsx(_students(world, "S001", "S002"))
    result = excel.import_commit(actor=secretariat_user, body=body, kind="students", file=data)
    assert (result.created, result.skipped) == (2, 0)
    student = Student.objects.get(display_name="S001")
    assert student.cohort == world["cohorts"]["a_soft"] and student.skills == ["Python"]
    again = excel.import_commit(actor=secretariat_user, body=body, kind="students", file=data)
    assert (again.created, again.skipped) == (0, 2)


def test_a_students_file_with_an_unknown_cohort_or_a_repeated_name_writes_nothing(
    world, body, secretariat_user
):
    rows = _students(world, "S001", "S001")
    rows.append(["甲职业技术学院", "软件技术", 2019, "", "S003", "", ""])
    with pytest.raises(excel.TalentImportError) as caught:
        excel.import_commit(
            actor=secretariat_user, body=body, kind="students", file=make_xlsx(rows)
        )
    found = {(e.row, e.column) for e in caught.value.preview.errors}
    assert found == {(3, "display_name"), (4, "cohort")}
    assert not Student.objects.filter(display_name__startswith="S00").exists()


def test_choices_name_the_student_and_the_posting_and_import_all_or_nothing(
    world, body, secretariat_user
):
    excel.import_commit(
        actor=secretariat_user,
        body=body,
        kind="students",
        file=make_xlsx(_students(world, "S001")),
    )
    soft, mech = world["postings"]["soft"], world["postings"]["mech"]
    bad = _choices(
        world,
        ["S001", soft.enterprise.name, soft.title, 1],
        ["S001", mech.enterprise.name, mech.title, 1],
        ["S999", soft.enterprise.name, soft.title, 2],
    )
    preview = excel.import_preview(
        actor=secretariat_user, body=body, kind="applications", file=make_xlsx(bad)
    )
    assert {(e.row, e.column) for e in preview.errors} == {(3, "student_rank"), (4, "student")}
    good = _choices(
        world,
        ["S001", soft.enterprise.name, soft.title, 1],
        ["S001", mech.enterprise.name, mech.title, 2],
    )
    result = excel.import_commit(
        actor=secretariat_user, body=body, kind="applications", file=make_xlsx(good)
    )
    assert result.created == 2
    assert list(Application.objects.order_by("student_rank").values_list("posting", flat=True)) == [
        soft.pk,
        mech.pk,
    ]
    again = excel.import_commit(
        actor=secretariat_user, body=body, kind="applications", file=make_xlsx(good)
    )
    assert (again.created, again.skipped) == (0, 2)


def test_the_student_template_has_the_columns_the_import_reads():
    ws = load_workbook(io.BytesIO(excel.template_xlsx("students"))).active
    assert [c.value for c in ws[1]] == [str(c.label) for c in excel.STUDENT_COLUMNS]
