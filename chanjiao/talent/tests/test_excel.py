"""Talent files: postings and cohorts from .xlsx (preview, all or nothing), the majors
catalogue from .csv/.xlsx, and the gap analysis to .xlsx."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook

from chanjiao.core.models import ObjectChange
from chanjiao.core.testing import make_xlsx
from chanjiao.talent import excel
from chanjiao.talent.models import (
    Cohort,
    Major,
    MajorCategory,
    MajorClass,
    Posting,
    TalentImport,
)
from chanjiao.talent.tests.factories import MajorCategoryFactory, MajorFactory

HEADER = [
    "用人单位",
    "岗位名称",
    "类型",
    "主要专业",
    "技能要求",
    "工作地区",
    "需求人数",
    "开始日期",
    "结束日期",
]


def good_rows(world):
    mech, soft = world["majors"]["mech"], world["majors"]["soft"]
    return [
        HEADER,
        [
            "甲智能装备有限公司",
            "电气装调实习生",
            "岗位实习",
            mech.code,
            "PLC编程、电气识图",
            "四川省成都市",
            12,
            "2026-03-01",
            "2026-08-31",
        ],
        [
            "乙机器人有限公司",
            "软件测试员",
            "就业岗位",
            soft.name,
            "Python",
            "四川省成都市",
            3,
            "2026-07-01",
            "",
        ],
    ]


def counts():
    return Posting.objects.count(), Cohort.objects.count(), ObjectChange.objects.count()


def test_a_postings_file_with_one_bad_row_writes_nothing(world, body, secretariat_user):
    rows = [
        *good_rows(world),
        ["未登记公司", "岗位", "兼职", "999999", "", "", 0, "2026-09-01", "2026-01-01"],
        ["甲智能装备有限公司", "倒序日期", "订单班", "", "", "", 5, "2026-09-01", "2026-01-01"],
    ]
    before = counts()
    preview = excel.import_preview(
        actor=secretariat_user, body=body, kind="postings", file=make_xlsx(rows)
    )
    assert not preview.is_valid and preview.new == 2
    assert {(e.row, e.column) for e in preview.errors} >= {
        (4, "enterprise"),
        (4, "kind"),
        (4, "major"),
        (4, "headcount"),
    }
    assert any(e.row == 5 and "结束" in e.message for e in preview.errors), preview.errors
    with pytest.raises(excel.TalentImportError) as caught:
        excel.import_commit(
            actor=secretariat_user, body=body, kind="postings", file=make_xlsx(rows)
        )
    assert caught.value.preview.errors
    assert counts() == before


def test_a_good_postings_file_imports_every_row_once(world, body, secretariat_user):
    data = make_xlsx(good_rows(world))
    result = excel.import_commit(actor=secretariat_user, body=body, kind="postings", file=data)
    assert (result.rows, result.created, result.skipped) == (2, 2, 0)
    posting = Posting.objects.get(title="电气装调实习生")
    assert posting.body == body and posting.kind == "internship" and posting.headcount == 12
    assert posting.major == world["majors"]["mech"] and posting.skills == ["PLC编程", "电气识图"]
    changes = ObjectChange.objects.filter(content_type__model="posting", action="create")
    assert {c.source for c in changes} == {"import"} and changes.count() == 2
    again = excel.import_commit(actor=secretariat_user, body=body, kind="postings", file=data)
    assert (again.created, again.skipped) == (0, 2)


def test_english_headers_are_accepted_for_cohorts(world, body, secretariat_user):
    rows = [
        ["school", "major", "name", "intake_year", "graduation_year", "headcount", "skills"],
        [
            "甲职业技术学院",
            world["majors"]["soft"].code,
            "2024级软件1班",
            2024,
            2027,
            35,
            "Java; Python",
        ],
    ]
    result = excel.import_commit(
        actor=secretariat_user, body=body, kind="cohorts", file=make_xlsx(rows)
    )
    assert result.created == 1
    cohort = Cohort.objects.get(name="2024级软件1班")
    assert cohort.skills == ["Java", "Python"] and cohort.body == body


def test_a_cohorts_file_reports_bad_years_and_unknown_schools(world, body, secretariat_user):
    rows = [
        ["学校", "专业", "入学年份", "毕业年份", "人数"],
        ["不存在学院", world["majors"]["soft"].name, "二〇二四", 2027, 35],
        ["甲职业技术学院", world["majors"]["soft"].name, 2026, 2024, -1],
    ]
    preview = excel.import_preview(
        actor=secretariat_user, body=body, kind="cohorts", file=make_xlsx(rows)
    )
    assert {(e.row, e.column) for e in preview.errors} >= {
        (2, "school"),
        (2, "intake_year"),
        (3, "headcount"),
    }
    assert Cohort.objects.count() == 5


def test_a_file_that_is_not_a_table_gives_one_clear_error(body, secretariat_user):
    preview = excel.import_preview(
        actor=secretariat_user, body=body, kind="postings", file=b"\x00\x01junk"
    )
    assert len(preview.errors) == 1 and preview.errors[0].row is None


def test_secretariat_of_another_body_cannot_import(body, other_secretariat):
    with pytest.raises(PermissionDenied):
        excel.import_preview(actor=other_secretariat, body=body, kind="postings", file=b"")


# --- the majors catalogue --------------------------------------------------------------------

CATALOGUE = """level,code,name,category,class,industry
高职专科,460301,测试机电专业,46 装备制造大类,4603 测试自动化类,智能制造
高职专科,460302,测试机器人专业,装备制造大类,4603 测试自动化类,智能制造
高职专科,510201,测试计算机专业,51 电子与信息大类,5102 测试计算机类,
高职本科,260101,测试本科专业,26 测试本科大类,2601 测试本科类,
"""


def test_the_catalogue_loads_from_csv_with_categories_and_classes(db, admin_user):
    MajorCategoryFactory(code="46", name="装备制造大类")
    MajorCategoryFactory(code="51", name="电子与信息大类")
    demo = MajorFactory(
        name="测试计算机专业",
        code="",
        is_synthetic=True,
        category=MajorCategory.objects.get(code="51"),
    )
    result = excel.majors_import(actor=admin_user, file=CATALOGUE.encode(), filename="目录.csv")
    assert result.created_majors == 3 and result.updated_majors == 1
    assert result.created_categories == 1 and result.created_classes == 3
    major = Major.objects.get(level="associate", code="460302")
    assert major.major_class.name == "测试自动化类" and major.category.code == "46"
    assert major.industry == "智能制造"
    demo.refresh_from_db()
    assert demo.code == "510201" and not demo.is_synthetic  # the demo major got its real code
    assert MajorClass.objects.get(code="2601").category.level == "bachelor"
    # Loading the same file again changes nothing.
    again = excel.majors_import(actor=admin_user, file=CATALOGUE.encode(), filename="目录.csv")
    assert again.unchanged == 4 and again.created_majors == again.updated_majors == 0


def test_a_catalogue_with_a_bad_row_writes_nothing(db, admin_user):
    bad = (
        CATALOGUE
        + "高职专科,46030,短代码,46 装备制造大类,4603 测试自动化类,\n研究生,460399,某专业,46,4603,\n"
    )
    before = (Major.objects.count(), MajorClass.objects.count(), ObjectChange.objects.count())
    with pytest.raises(excel.TalentImportError) as caught:
        excel.majors_import(actor=admin_user, file=bad.encode(), filename="目录.csv")
    assert {(e.row, e.column) for e in caught.value.preview.errors} == {(6, "code"), (7, "level")}
    assert (
        Major.objects.count(),
        MajorClass.objects.count(),
        ObjectChange.objects.count(),
    ) == before


def test_a_catalogue_row_that_renames_a_known_category_is_refused(db, admin_user):
    MajorCategoryFactory(code="46", name="装备制造大类")
    rows = [
        ["层次", "专业代码", "专业名称", "专业大类", "专业类"],
        ["高职专科", "460301", "某专业", "46 机械大类", "4603 自动化类"],
    ]
    with pytest.raises(excel.TalentImportError) as caught:
        excel.majors_import(actor=admin_user, file=make_xlsx(rows), filename="目录.xlsx")
    assert [e.column for e in caught.value.preview.errors] == ["category"]


def test_only_admins_load_the_catalogue(db, secretariat_user):
    with pytest.raises(PermissionDenied):
        excel.majors_import(actor=secretariat_user, file=CATALOGUE.encode())


def test_the_migration_ships_the_nineteen_associate_categories(db):
    codes = dict(MajorCategory.objects.filter(level="associate").values_list("code", "name"))
    assert len(codes) == 19
    assert codes["41"] == "农林牧渔大类" and codes["46"] == "装备制造大类"
    assert codes["51"] == "电子与信息大类" and codes["59"] == "公共管理与服务大类"


# --- export ------------------------------------------------------------------------------------


def test_the_gap_exports_one_sheet_per_dimension_largest_gap_first(world, body):
    data = excel.gap_to_xlsx(actor=None, body=body.pk, year=2026)
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["按专业", "按专业大类", "按行业", "按地区", "说明"]
    rows = list(wb["按专业大类"].iter_rows(values_only=True))
    assert rows[1] == ("46 装备制造大类（高职专科）", 70, 15, -55, 0.21)
    assert rows[2][:4] == ("51 电子与信息大类（高职专科）", 10, 60, 50)


# --- import jobs: parsed and written by the worker, in short batches, all rows or none ------


def _job(world, body, user, rows=None, kind="postings"):
    data = make_xlsx(rows or good_rows(world))
    job = excel.talent_import_create(actor=user, body=body, kind=kind, file=data, name="岗位.xlsx")
    excel.UPLOADS.check_run(job_id=job.pk)
    job.refresh_from_db()
    return job


def test_the_background_check_stores_a_preview_the_page_can_show(world, body, secretariat_user):
    rows = [*good_rows(world), ["未登记公司", "岗位", "", "", "", "", 3, "", ""]]
    before = counts()
    job = _job(world, body, secretariat_user, rows)
    assert job.status == TalentImport.Status.PREVIEW and job.total == 3
    preview = excel.UPLOADS.stored_preview(job)
    assert [r.outcome for r in preview.rows] == ["new", "new", "error"]
    assert [(e.row, e.column) for e in preview.errors] == [(4, "enterprise")]
    assert preview.errors[0].column_label == "用人单位"
    assert counts() == before


def test_an_import_job_writes_in_batches_and_reports_progress_between_them(
    world, body, secretariat_user, monkeypatch
):
    from chanjiao.core import batches

    job = _job(world, body, secretariat_user)
    excel.UPLOADS.enqueue(actor=secretariat_user, job=job)
    seen = []
    original = batches.JobProgress.writing

    def writing(self, done, total):
        original(self, done, total)
        # Between batches: the rows of the batches before are committed, the job row says so.
        seen.append((done, Posting.objects.filter(body=body, title__in=TITLES).count()))

    monkeypatch.setattr(batches, "BATCH_ROWS", 1)
    monkeypatch.setattr(batches, "BATCH_PAUSE_SQLITE", 0)
    monkeypatch.setattr(batches.JobProgress, "_due", lambda self, done, total: True)
    monkeypatch.setattr(batches.JobProgress, "writing", writing)
    excel.UPLOADS.run_job(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == TalentImport.Status.IMPORTED, job.errors
    assert seen == [(1, 1), (2, 2)]
    assert job.summary == {"rows": 2, "created": 2, "skipped": 0}
    assert job.done == job.total == 2 and job.attempts == 1 and job.finished_at


TITLES = ("电气装调实习生", "软件测试员")


def test_a_write_that_fails_midway_takes_back_the_earlier_batches(
    world, body, secretariat_user, monkeypatch
):
    from chanjiao.core import batches
    from chanjiao.core.models import JobLease
    from chanjiao.talent import services

    job = _job(world, body, secretariat_user)
    excel.UPLOADS.enqueue(actor=secretariat_user, job=job)
    before = counts()
    real_create = services.posting_create

    def create(**kwargs):
        if kwargs["title"] == "软件测试员":
            # A concurrent writer took the row between the check and the write.
            raise ValidationError("该岗位已存在 / exists")
        return real_create(**kwargs)

    monkeypatch.setattr(batches, "BATCH_ROWS", 1)
    monkeypatch.setattr(batches, "BATCH_PAUSE_SQLITE", 0)
    monkeypatch.setattr(services, "posting_create", create)
    excel.UPLOADS.run_job(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == TalentImport.Status.FAILED
    assert "该岗位已存在" in job.errors[0]["message"]
    assert counts() == before  # the first batch's posting and its change-log row are gone
    assert not JobLease.objects.get(kind="talent.talentimport", object_id=job.pk).written


def test_a_job_resumed_after_its_worker_died_writes_each_row_once(world, body, secretariat_user):
    from chanjiao.core import jobs

    job = _job(world, body, secretariat_user)
    excel.UPLOADS.enqueue(actor=secretariat_user, job=job)
    # The dead run committed its first batch (and recorded it) before it was killed.
    first = excel.import_commit(
        actor=secretariat_user, body=body, kind="postings", file=make_xlsx(good_rows(world)[:2])
    )
    assert first.created == 1
    posting = Posting.objects.get(title="电气装调实习生")
    jobs.record_written(TalentImport, job.pk, label="talent.posting", ids=[posting.pk])
    TalentImport.objects.filter(pk=job.pk).update(status=TalentImport.Status.RUNNING)

    excel.UPLOADS.run_job(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == TalentImport.Status.IMPORTED
    assert job.summary == {"rows": 2, "created": 1, "skipped": 1}
    assert Posting.objects.filter(title__in=TITLES, body=body).count() == 2
    # Running the finished job again changes nothing.
    before = counts()
    assert excel.UPLOADS.run_job(job_id=job.pk) == job.summary
    assert counts() == before


def test_an_import_job_with_a_bad_row_fails_and_writes_nothing(world, body, secretariat_user):
    rows = [*good_rows(world), ["甲智能装备有限公司", "坏行", "兼职", "", "", "", 3, "", ""]]
    job = _job(world, body, secretariat_user, rows)
    excel.UPLOADS.enqueue(actor=secretariat_user, job=job)
    before = counts()
    excel.UPLOADS.run_job(job_id=job.pk)
    job.refresh_from_db()
    assert counts() == before
    assert job.status == TalentImport.Status.FAILED
    assert [(e["row"], e["column"]) for e in job.errors] == [(4, "kind")]


def test_an_import_job_of_a_user_who_lost_the_role_fails_clearly(world, body, secretariat_user):
    job = _job(world, body, secretariat_user)
    excel.UPLOADS.enqueue(actor=secretariat_user, job=job)
    secretariat_user.body_roles.all().delete()
    excel.UPLOADS.run_job(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == TalentImport.Status.FAILED
    assert "秘书处" in job.errors[0]["message"]
    assert not Posting.objects.filter(title__in=TITLES).exists()


@pytest.mark.django_db(transaction=True)
def test_a_talent_import_cut_off_by_a_worker_restart_is_recovered_by_the_worker(
    world, body, secretariat_user, settings
):
    from django_tasks_db.models import DBTaskResult

    from chanjiao.core.testing import run_task_worker
    from chanjiao.operations import recover_jobs

    settings.CHANJIAO_JOB_LEASE_SECONDS = 0  # its worker stopped beating: gone
    job = excel.talent_import_create(
        actor=secretariat_user, body=body, kind="postings", file=make_xlsx(good_rows(world))
    )
    excel.UPLOADS.enqueue(actor=secretariat_user, job=job)
    job.refresh_from_db()
    # A worker claimed the task and died mid-run.
    DBTaskResult.objects.filter(pk=job.task_id).update(status="RUNNING")
    TalentImport.objects.filter(pk=job.pk).update(status=TalentImport.Status.RUNNING)

    said = []
    assert recover_jobs(said.append) == 1  # what `chanjiao worker` runs at each start
    assert any("供需导入" in line and str(job.pk) in line for line in said), said
    assert DBTaskResult.objects.get(pk=job.task_id).status == "FAILED"
    run_task_worker()
    job.refresh_from_db()
    assert job.status == TalentImport.Status.IMPORTED, job.errors
    assert Posting.objects.filter(title__in=TITLES, body=body).count() == 2
    assert excel.UPLOADS.recover() == []


def test_a_talent_import_cut_off_too_often_ends_failed_with_its_reason(
    world, body, secretariat_user, settings
):
    from chanjiao.core.models import JobLease

    settings.CHANJIAO_JOB_LEASE_SECONDS = 0
    settings.CHANJIAO_JOB_MAX_RECOVERIES = 0
    job = _job(world, body, secretariat_user)
    excel.UPLOADS.enqueue(actor=secretariat_user, job=job)
    TalentImport.objects.filter(pk=job.pk).update(status=TalentImport.Status.RUNNING, task_id="")
    JobLease.objects.filter(kind="talent.talentimport").update(heartbeat_at=None)
    [recovered] = excel.UPLOADS.recover()
    job.refresh_from_db()
    assert job.status == TalentImport.Status.FAILED
    assert "后台进程" in job.errors[0]["message"]


@pytest.mark.parametrize("kind", ["cohorts", "postings"])
def test_a_list_exported_as_xlsx_imports_again_as_rows_already_recorded(
    client, world, body, secretariat_user, kind
):
    client.force_login(secretariat_user)
    response = client.get(f"/talent/{kind}/", {"body": body.pk, "format": "xlsx"})
    assert response.status_code == 200
    data = b"".join(response.streaming_content) if response.streaming else response.content
    before = counts()
    preview = excel.import_preview(actor=secretariat_user, body=body, kind=kind, file=data)
    assert preview.errors == [] and preview.rows, preview.errors
    assert preview.new == 0 and preview.skipped == len(preview.rows)
    result = excel.import_commit(actor=secretariat_user, body=body, kind=kind, file=data)
    assert (result.created, result.skipped) == (0, len(preview.rows))
    assert counts() == before


def test_a_cohorts_file_imported_twice_skips_its_rows_the_second_time(
    world, body, secretariat_user
):
    rows = [
        ["学校", "专业", "名称", "入学年份", "毕业年份", "人数"],
        ["甲职业技术学院", world["majors"]["soft"].name, "2024级软件2班", 2024, 2027, 30],
    ]
    first = excel.import_commit(
        actor=secretariat_user, body=body, kind="cohorts", file=make_xlsx(rows)
    )
    again = excel.import_commit(
        actor=secretariat_user, body=body, kind="cohorts", file=make_xlsx(rows)
    )
    assert (first.created, again.created, again.skipped) == (1, 0, 1)


def test_a_file_without_a_required_column_gets_one_error_for_the_file(
    world, body, secretariat_user
):
    rows = [
        ["学校", "专业", "人数"],
        *[["甲职业技术学院", world["majors"]["soft"].name, n] for n in (10, 20, 30)],
    ]
    preview = excel.import_preview(
        actor=secretariat_user, body=body, kind="cohorts", file=make_xlsx(rows)
    )
    assert [str(e) for e in preview.errors] == [
        "文件缺少“入学年份”、“毕业年份”列：请按模板补上这些列后再导入"
    ]


def test_a_unit_named_with_half_width_brackets_or_a_full_width_code_is_found(
    world, body, secretariat_user
):
    from stdnum.cn import uscc

    from chanjiao.registry.tests.factories import OrganizationFactory

    lenovo = OrganizationFactory(name="联想（北京）有限公司", kind="enterprise")
    code = "91510100MA61RX4Y5" + uscc.calc_check_digit("91510100MA61RX4Y5")
    coded = OrganizationFactory(name="丙智能有限公司", kind="enterprise", credit_code=code)
    wide = code.translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})
    rows = [
        ["用人单位", "岗位名称", "需求人数"],
        ["联想(北京)有限公司", "运维实习生", 2],
        [wide, "装配实习生", 3],
    ]
    preview = excel.import_preview(
        actor=secretariat_user, body=body, kind="postings", file=make_xlsx(rows)
    )
    assert preview.errors == [] and preview.new == 2, preview.errors
    assert [r.data["enterprise"] for r in preview.rows] == [lenovo, coded]


def test_a_damaged_workbook_is_one_clear_file_error_of_the_preview(body, secretariat_user):
    import zipfile

    data, out = (
        make_xlsx([HEADER, *[["甲", f"岗位{i}", "", "", "", "", 1] for i in range(40)]]),
        io.BytesIO(),
    )
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body_ = src.read(info)
            cut = info.filename == "xl/worksheets/sheet1.xml"
            dst.writestr(info, body_[: len(body_) // 2] if cut else body_)
    preview = excel.import_preview(
        actor=secretariat_user, body=body, kind="postings", file=out.getvalue()
    )
    (error,) = preview.errors
    assert "已损坏" in error.message and "unclosed" not in error.message
