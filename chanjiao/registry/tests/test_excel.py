"""Member lists to and from Excel: preview, all-or-nothing import, export, jobs and pages."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from openpyxl import load_workbook
from stdnum.cn import uscc

from chanjiao.core import batches, table_files, testing
from chanjiao.core.models import ObjectChange
from chanjiao.core.testing import run_task_worker
from chanjiao.events.models import Event, EventOrganization
from chanjiao.registry import excel
from chanjiao.registry.models import ImportJob, Membership, Organization
from chanjiao.registry.tests.factories import (
    BodyRoleFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
)

HEADERS = ["单位名称", "类型", "角色", "统一社会信用代码", "地区", "联系人"]


def code(base17: str) -> str:
    """A valid unified social credit code from its first 17 characters."""
    return base17 + uscc.calc_check_digit(base17)


CODE_A = code("91510100MA61RX4Y5")
CODE_B = code("12510000450717811")
CODE_C = code("91360100158343906")


def bad_check_digit(valid: str) -> str:
    wrong = "0" if valid[-1] != "0" else "1"
    return valid[:-1] + wrong


def make_xlsx(rows, headers=HEADERS) -> bytes:
    return testing.make_xlsx([headers, *rows])


GOOD_ROWS = [
    ["成都工贸职业技术学院", "高职院校", "理事长单位", CODE_A, "四川省成都市", "王老师"],
    ["四川省模具行业协会", "行业协会", "副理事长单位", CODE_B, "四川省", ""],
    ["西门子工厂自动化工程有限公司", "enterprise", "vice_chair", "", "", "李经理"],
    ["四川省乐山市第一职业高级中学", "中职学校", "成员单位", "", "510100", ""],
]


def counts():
    return (Organization.objects.count(), Membership.objects.count(), ObjectChange.objects.count())


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


# --- preview ------------------------------------------------------------------------------


def test_preview_reports_bad_check_digit_unknown_role_and_duplicate_by_row_and_column(
    body, secretariat_user
):
    data = make_xlsx(
        [
            ["甲公司", "企业", "成员单位", bad_check_digit(CODE_A), "", ""],
            ["乙公司", "企业", "名誉会长", "", "", ""],
            ["丙公司", "企业", "成员单位", "", "", ""],
            ["丙公司", "企业", "member", "", "", ""],
        ]
    )
    before = counts()
    preview = excel.member_import_preview(actor=secretariat_user, body=body, file=data)
    assert counts() == before
    assert not preview.is_valid
    found = {(e.row, e.column) for e in preview.errors}
    assert found == {(2, "credit_code"), (3, "role"), (5, "name")}
    by_row = {e.row: e for e in preview.errors}
    assert f"最后一位应为 {CODE_A[-1]}" in by_row[2].message
    assert "未知角色“名誉会长”" in by_row[3].message and "副理事长单位" in by_row[3].message
    assert "与第 4 行重复" in by_row[5].message
    assert by_row[2].column_label == "统一社会信用代码（D列）"
    assert "第 2 行" in str(by_row[2]) and "统一社会信用代码（D列）" in str(by_row[2])
    # Rows with errors are not counted as outcomes: only the first 丙公司 row would import.
    assert preview.counts()["new_organizations"] == 1
    assert preview.counts()["new_memberships"] == 1


def test_preview_reports_empty_name_and_unknown_kind(body, secretariat_user):
    data = make_xlsx([["", "企业", "", "", "", "张三"], ["丁公司", "外星机构", "", "", "", ""]])
    preview = excel.member_import_preview(actor=secretariat_user, body=body, file=data)
    assert [(e.row, e.column) for e in preview.errors] == [(2, "name"), (3, "kind")]
    assert "单位名称为空" in preview.errors[0].message
    assert "高职院校（vocational_college）" in preview.errors[1].message


def test_preview_reports_a_credit_code_that_belongs_to_another_organisation(body, secretariat_user):
    OrganizationFactory(name="已登记的公司", credit_code=CODE_C)
    OrganizationFactory(name="另一家公司", credit_code=None)
    data = make_xlsx(
        [
            ["新名字公司", "企业", "", CODE_C, "", ""],
            ["另一家公司", "企业", "", CODE_C, "", ""],
        ]
    )
    preview = excel.member_import_preview(actor=secretariat_user, body=body, file=data)
    assert [(e.row, e.column) for e in preview.errors] == [(2, "credit_code"), (3, "credit_code")]
    assert all("已登记的公司" in e.message for e in preview.errors)


def test_preview_reports_a_second_chair(body, secretariat_user, admin_user):
    data = make_xlsx([["甲学院", "高职院校", "理事长单位"], ["乙学院", "高职院校", "chair"]])
    preview = excel.member_import_preview(actor=secretariat_user, body=body, file=data)
    assert [(e.row, e.column) for e in preview.errors] == [(3, "role")]
    assert "第 2 行已是理事长单位" in preview.errors[0].message

    MembershipFactory(
        body=body, organization=OrganizationFactory(name="现任理事长学院"), role="chair"
    )
    preview = excel.member_import_preview(
        actor=secretariat_user, body=body, file=make_xlsx([["甲学院", "", "理事长单位"]])
    )
    assert [(e.row, e.column) for e in preview.errors] == [(2, "role")]
    assert "现任理事长学院" in preview.errors[0].message


def test_preview_outcomes_new_existing_by_code_name_alias_and_already_member(
    body, secretariat_user
):
    by_code = OrganizationFactory(name="按代码的公司", credit_code=CODE_A)
    by_name = OrganizationFactory(name="按名称的公司")
    by_alias = OrganizationFactory(name="联想(北京)有限公司", aliases="联想\n联想集团")
    member = OrganizationFactory(name="老成员公司")
    MembershipFactory(body=body, organization=member, role="member")
    data = make_xlsx(
        [
            ["按代码的公司", "", "", CODE_A, "", ""],
            ["按名称的公司", "", "", "", "", ""],
            ["联想集团", "", "", "", "", ""],
            ["老成员公司", "", "成员单位", "", "", ""],
            ["老成员公司", "", "副理事长单位", "", "", ""],
            ["全新的公司", "企业", "", "", "", ""],
        ]
    )
    preview = excel.member_import_preview(actor=secretariat_user, body=body, file=data)
    assert preview.is_valid, preview.errors
    rows = {r.number: r for r in preview.rows}
    assert (rows[2].organization, rows[2].match) == (by_code, "credit_code")
    assert (rows[3].organization, rows[3].match) == (by_name, "name")
    assert (rows[4].organization, rows[4].match) == (by_alias, "alias")
    assert rows[5].already_member and rows[5].membership_outcome == "skip"
    assert not rows[6].already_member and rows[6].organization == member
    assert rows[7].organization is None and rows[7].organization_outcome == "new"
    assert preview.counts() == {
        "rows": 6,
        "new_organizations": 1,
        "existing_organizations": 4,
        "new_memberships": 5,
        "skipped": 1,
        "errors": 0,
    }


def test_english_headers_codes_and_bilingual_headers_are_accepted(body, secretariat_user):
    data = make_xlsx(
        [["Example Robotics Co.", "enterprise", "vice_chair", CODE_A, "Chengdu", "Ms Li"]],
        headers=["name", "kind", "role", "credit_code", "region", "contact"],
    )
    row = excel.member_import_preview(actor=secretariat_user, body=body, file=data).rows[0]
    assert (row.kind, row.role, row.credit_code, row.contact) == (
        "enterprise",
        "vice_chair",
        CODE_A,
        "Ms Li",
    )
    data = make_xlsx([["甲公司", "企业"]], headers=["单位名称 / name", "类型 (kind)"])
    row = excel.member_import_preview(actor=secretariat_user, body=body, file=data).rows[0]
    assert (row.name, row.kind, row.role) == ("甲公司", "enterprise", "member")


def test_a_file_that_is_not_xlsx_gives_one_clear_error(body, secretariat_user):
    preview = excel.member_import_preview(
        actor=secretariat_user, body=body, file=b"name,kind\nfoo,bar\n"
    )
    assert [e.row for e in preview.errors] == [None]
    assert ".xlsx" in preview.errors[0].message
    no_header = make_xlsx([["x", "y"]], headers=["foo", "bar"])
    preview = excel.member_import_preview(actor=secretariat_user, body=body, file=no_header)
    assert "单位名称" in preview.errors[0].message


# --- commit -------------------------------------------------------------------------------


def test_a_file_with_one_bad_row_writes_nothing(body, secretariat_user):
    rows = [*GOOD_ROWS, ["坏代码公司", "企业", "成员单位", bad_check_digit(CODE_C), "", ""]]
    before = counts()
    with pytest.raises(excel.MemberImportError) as info:
        excel.member_import_commit(actor=secretariat_user, body=body, file_or_rows=make_xlsx(rows))
    assert counts() == before
    assert [(e.row, e.column) for e in info.value.preview.errors] == [(6, "credit_code")]


def test_a_good_file_creates_organisations_and_memberships_logged_as_import(body, secretariat_user):
    OrganizationFactory(name="四川省模具行业协会", kind="association", credit_code=CODE_B)
    seen = []
    result = excel.member_import_commit(
        actor=secretariat_user,
        body=body,
        file_or_rows=make_xlsx(GOOD_ROWS),
        progress=lambda done, total: seen.append((done, total)),
    )
    assert result.as_dict() == {
        "rows": 4,
        "created_organizations": 3,
        "matched_organizations": 1,
        "created_memberships": 4,
        "skipped": 0,
    }
    assert seen[-1] == (4, 4)
    roles = dict(body.memberships.values_list("organization__name", "role"))
    assert roles == {
        "成都工贸职业技术学院": "chair",
        "四川省模具行业协会": "vice_chair",
        "西门子工厂自动化工程有限公司": "vice_chair",
        "四川省乐山市第一职业高级中学": "member",
    }
    college = Organization.objects.get(name="成都工贸职业技术学院")
    assert (college.kind, college.credit_code, college.region) == (
        "vocational_college",
        CODE_A,
        "四川省成都市",
    )
    assert Organization.objects.get(name="四川省乐山市第一职业高级中学").region_code == "510100"
    assert body.memberships.get(organization=college).contact == "王老师"
    changes = ObjectChange.objects.filter(action="create")
    assert changes.count() == 7  # 3 organisations + 4 memberships
    assert set(changes.values_list("source", "actor", "actor_name").distinct()) == {
        ("import", secretariat_user.pk, "secretariat")
    }


def test_reimport_is_idempotent(body, secretariat_user):
    data = make_xlsx(GOOD_ROWS)
    excel.member_import_commit(actor=secretariat_user, body=body, file_or_rows=data)
    before = counts()
    result = excel.member_import_commit(actor=secretariat_user, body=body, file_or_rows=data)
    assert counts() == before
    assert (result.created_organizations, result.created_memberships, result.skipped) == (0, 0, 4)


def test_rows_as_dicts_are_imported(body, secretariat_user):
    result = excel.member_import_commit(
        actor=secretariat_user,
        body=body,
        file_or_rows=[
            {"name": "甲公司", "kind": "企业"},
            {"单位名称": "乙学院", "角色": "理事长单位"},
        ],
    )
    assert result.created_memberships == 2
    assert body.memberships.get(role="chair").organization.name == "乙学院"


def test_the_same_new_unit_in_two_roles_is_registered_once(body, secretariat_user):
    data = make_xlsx([["甲学院", "高职院校", "牵头发起单位"], ["甲学院", "高职院校", "理事长单位"]])
    result = excel.member_import_commit(actor=secretariat_user, body=body, file_or_rows=data)
    assert (result.created_organizations, result.created_memberships) == (1, 2)
    assert Organization.objects.filter(name="甲学院").count() == 1


def test_secretariat_of_another_body_cannot_import(other_body, secretariat_user):
    data = make_xlsx(GOOD_ROWS)
    before = counts()
    with pytest.raises(PermissionDenied, match="秘书处"):
        excel.member_import_preview(actor=secretariat_user, body=other_body, file=data)
    with pytest.raises(PermissionDenied):
        excel.member_import_commit(actor=secretariat_user, body=other_body, file_or_rows=data)
    assert counts() == before


def test_a_member_unit_contact_cannot_import(body, contact_user):
    with pytest.raises(PermissionDenied):
        excel.member_import_preview(actor=contact_user, body=body, file=make_xlsx(GOOD_ROWS))


# --- export -------------------------------------------------------------------------------


def test_export_then_import_round_trip(body, other_body, secretariat_user, admin_user):
    excel.member_import_commit(actor=secretariat_user, body=body, file_or_rows=make_xlsx(GOOD_ROWS))
    # The body's secretariat exports contacts (an anonymous export leaves them out).
    exported = excel.members_to_xlsx(body, actor=secretariat_user)
    ws = load_workbook(io.BytesIO(exported)).active
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    assert rows[1][:4] == ("成都工贸职业技术学院", "高职院校", "理事长单位", CODE_A)

    # Back into the same body: nothing new. Into another body: the same list.
    before = counts()
    again = excel.member_import_commit(actor=secretariat_user, body=body, file_or_rows=exported)
    assert counts() == before and again.skipped == 4
    copy = excel.member_import_commit(actor=admin_user, body=other_body, file_or_rows=exported)
    assert (copy.created_organizations, copy.created_memberships) == (0, 4)

    def listing(b):
        return sorted(b.memberships.values_list("organization__name", "role", "contact"))

    assert listing(other_body) == listing(body)
    assert excel.members_to_xlsx(other_body) != b""
    ws2 = load_workbook(io.BytesIO(excel.members_to_xlsx(other_body, actor=admin_user))).active
    assert list(ws2.iter_rows(values_only=True)) == rows


def test_events_to_xlsx_lists_events_with_bodies_and_roles(body, admin_user):
    from chanjiao.events.exports import events_to_xlsx
    from chanjiao.events.services import event_create, event_organization_add

    event = event_create(
        actor=admin_user,
        bodies=[body],
        name="成都智能制造职业教育集团成立大会",
        kind="founding_conference",
        city="成都",
        attendance=220,
        attendance_approx=True,
        starts_on="2021-04-29",
    )
    event_organization_add(
        actor=admin_user,
        event=event,
        organization=OrganizationFactory(name="成都工贸职业技术学院"),
        role=EventOrganization.Role.HOST,
    )
    ws = load_workbook(io.BytesIO(events_to_xlsx(body))).active
    rows = list(ws.iter_rows(values_only=True))
    header = list(rows[0])
    row = dict(zip(header, rows[1], strict=True))
    assert row["名称"] == "成都智能制造职业教育集团成立大会"
    assert row["类型"] == "成立大会"
    assert row["开始日期"].date().isoformat() == "2021-04-29"
    assert (row["城市"], row["参会人数"], row["约数"]) == ("成都", 220, "是")
    assert row["主办产教融合体"] == body.name
    assert row["承办单位"] == "成都工贸职业技术学院"
    assert Event.objects.count() == 1


# --- import jobs --------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_import_job_runs_through_the_database_worker():
    from django_tasks_db.models import DBTaskResult

    from chanjiao.registry.tests.factories import BodyFactory

    body = BodyFactory(name="成都智能制造职业教育集团")
    user = BodyRoleFactory(user=UserFactory(username="secretariat"), body=body).user
    job = excel.import_job_create(
        actor=user, body=body, file=make_xlsx(GOOD_ROWS), name="成员.xlsx"
    )
    assert job.file.name.startswith("imports/")
    assert job.status == ImportJob.Status.PREVIEW
    excel.UPLOADS.enqueue(actor=user, job=job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.QUEUED and job.task_id
    assert body.memberships.count() == 0

    run_task_worker()

    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED, job.errors
    assert job.done == job.total == 4
    assert job.summary["created_memberships"] == 4 and job.attempts == 1
    assert body.memberships.count() == 4
    assert DBTaskResult.objects.get(pk=job.task_id).status == "SUCCESSFUL"
    assert set(ObjectChange.objects.values_list("source", flat=True)) == {"import"}


@pytest.mark.django_db(transaction=True)
def test_an_import_job_cut_off_by_a_worker_restart_is_requeued_and_finishes_once(settings):
    from django_tasks_db.models import DBTaskResult

    settings.CHANJIAO_JOB_LEASE_SECONDS = 0  # its worker stopped beating: gone

    from chanjiao.registry.tests.factories import BodyFactory

    body = BodyFactory(name="甲集团")
    user = BodyRoleFactory(user=UserFactory(username="secretariat"), body=body).user
    job = excel.import_job_create(actor=user, body=body, file=make_xlsx(GOOD_ROWS))
    excel.UPLOADS.enqueue(actor=user, job=job)
    # A worker claimed the task and died mid-run: its transaction wrote nothing.
    DBTaskResult.objects.filter(pk=job.task_id).update(status="RUNNING")
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING, done=2, total=4)

    recovered = excel.UPLOADS.recover()
    assert [j.pk for j in recovered] == [job.pk]
    assert DBTaskResult.objects.get(pk=job.task_id).status == "FAILED"
    run_task_worker()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED and job.done == job.total == 4
    assert body.memberships.count() == 4
    # Running the finished job again changes nothing.
    before = counts()
    assert excel.UPLOADS.run_job(job_id=job.pk) == job.summary
    assert counts() == before
    assert excel.UPLOADS.recover() == []


def test_an_import_job_with_a_bad_row_fails_and_writes_nothing(body, secretariat_user):
    rows = [*GOOD_ROWS, ["乙公司", "企业", "会长"]]
    job = excel.import_job_create(actor=secretariat_user, body=body, file=make_xlsx(rows))
    before = counts()
    excel.UPLOADS.run_job(job_id=job.pk)
    job.refresh_from_db()
    assert counts() == before
    assert job.status == ImportJob.Status.FAILED
    assert [(e["row"], e["column"]) for e in job.errors] == [(6, "role")]


def test_an_import_job_of_a_user_who_lost_the_role_fails_clearly(body, secretariat_user):
    job = excel.import_job_create(actor=secretariat_user, body=body, file=make_xlsx(GOOD_ROWS))
    secretariat_user.body_roles.all().delete()
    excel.UPLOADS.run_job(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert "秘书处" in job.errors[0]["message"]
    assert body.memberships.count() == 0


# --- pages --------------------------------------------------------------------------------


def _checked_preview(client, response) -> str:
    """Follow an upload: the page waits for the background check, the worker checks the file,
    then the page shows the preview."""
    assert response.status_code == 302
    waiting = client.get(response["Location"])
    assert waiting.status_code == 200 and 'hx-trigger="every 1s"' in waiting.content.decode()
    job = ImportJob.objects.latest("pk")
    excel.UPLOADS.check_run(job_id=job.pk)
    poll = client.get(response["Location"], headers={"HX-Request": "true"})
    assert poll["HX-Refresh"] == "true"
    page = client.get(response["Location"])
    assert page.status_code == 200
    return page.content.decode()


def test_an_upload_is_parsed_by_the_worker_not_in_the_web_request(
    client, body, secretariat_user, monkeypatch
):
    client.force_login(secretariat_user)
    url = reverse("registry:member_import", kwargs={"pk": body.pk})
    data = make_xlsx(GOOD_ROWS)

    def not_here(*args, **kwargs):
        raise AssertionError("the web request must not parse the workbook")

    monkeypatch.setattr(table_files, "load_workbook", not_here)
    response = client.post(url, {"file": _upload(data)})
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.PREVIEW and not job.summary
    monkeypatch.undo()
    excel.UPLOADS.check_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.total == 4 and len(job.summary["preview"]["rows"]) == 4


def test_upload_page_previews_row_errors_and_saves_nothing(client, body, secretariat_user):
    client.force_login(secretariat_user)
    url = reverse("registry:member_import", kwargs={"pk": body.pk})
    assert client.get(url).status_code == 200
    data = make_xlsx([*GOOD_ROWS, ["坏公司", "企业", "名誉会长"]])
    before = counts()
    response = client.post(url, {"file": _upload(data)})
    html = _checked_preview(client, response)
    assert "未知角色“名誉会长”" in html and "第 6 行" in html
    assert 'class="bg-danger-subtle"' in html and 'data-row="6"' in html
    assert "confirm-import" not in html
    assert counts() == before


def test_confirming_a_preview_queues_the_job_and_the_status_page_polls(
    client, body, secretariat_user
):
    client.force_login(secretariat_user)
    url = reverse("registry:member_import", kwargs={"pk": body.pk})
    response = client.post(url, {"file": _upload(make_xlsx(GOOD_ROWS))})
    assert "confirm-import" in _checked_preview(client, response)
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.PREVIEW and body.memberships.count() == 0

    response = client.post(url, {"job": job.pk})
    status_url = reverse("registry:member_import_status", kwargs={"pk": job.pk})
    assert response.status_code == 302 and response["Location"] == status_url
    job.refresh_from_db()
    assert job.status == ImportJob.Status.QUEUED

    page = client.get(status_url).content.decode()
    assert 'hx-trigger="every 1s"' in page and "<html" in page
    partial = client.get(status_url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in partial and 'id="import-progress"' in partial

    excel.UPLOADS.run_job(job_id=job.pk)
    partial = client.get(status_url, headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in partial
    assert reverse("registry:body_detail", kwargs={"pk": body.pk}) in partial
    assert "4 / 4" in partial


def test_secretariat_of_another_body_gets_403_on_the_import_page(
    client, other_body, secretariat_user
):
    client.force_login(secretariat_user)
    url = reverse("registry:member_import", kwargs={"pk": other_body.pk})
    assert client.get(url).status_code == 403
    assert client.post(url, {"file": _upload(make_xlsx(GOOD_ROWS))}).status_code == 403
    assert ImportJob.objects.count() == 0


def test_member_export_is_an_xlsx_download_with_a_chinese_filename(client, body, secretariat_user):
    excel.member_import_commit(actor=secretariat_user, body=body, file_or_rows=make_xlsx(GOOD_ROWS))
    response = client.get(reverse("registry:member_export", kwargs={"pk": body.pk}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="body-')
    assert "filename*=UTF-8''%E6%88%90%E9%83%BD" in disposition  # 成都…
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws.max_row == 5

    response = client.get(reverse("body_events_export", kwargs={"pk": body.pk}))
    assert response.status_code == 200 and "filename*=UTF-8''" in response["Content-Disposition"]


def _upload(data: bytes, name: str = "成员名单.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


@pytest.mark.django_db(transaction=True)
def test_a_large_import_commits_batch_by_batch_and_reports_progress_between_batches(
    monkeypatch,
):
    """Each batch is its own short transaction: other connections see progress (and may
    write) between batches, on SQLite as on PostgreSQL."""
    import copy

    from django.db import connection
    from django.db.utils import load_backend

    from chanjiao.registry.tests.factories import BodyFactory

    body = BodyFactory(name="甲集团")
    user = BodyRoleFactory(user=UserFactory(username="secretariat"), body=body).user
    job = excel.import_job_create(actor=user, body=body, file=make_xlsx(GOOD_ROWS))

    settings_dict = copy.deepcopy(connection.settings_dict)
    observer = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, "observer")
    seen = []
    original = batches.JobProgress.writing

    def writing(self, done, total):
        original(self, done, total)
        assert not connection.in_atomic_block  # called between batches, not inside one
        with observer.cursor() as cursor:
            cursor.execute("SELECT done, total FROM registry_importjob WHERE id = %s", [job.pk])
            cursor_row = cursor.fetchone()
            cursor.execute("SELECT count(*) FROM registry_membership")
            seen.append((*cursor_row, cursor.fetchone()[0]))

    monkeypatch.setattr(excel, "IMPORT_BATCH_ROWS", 1)
    monkeypatch.setattr(excel, "IMPORT_BATCH_PAUSE_SQLITE", 0)
    monkeypatch.setattr(batches.JobProgress, "_due", lambda self, done, total: True)
    monkeypatch.setattr(batches.JobProgress, "writing", writing)
    try:
        excel.UPLOADS.run_job(job_id=job.pk)
    finally:
        observer.close()
    assert seen == [(1, 4, 1), (2, 4, 2), (3, 4, 3), (4, 4, 4)]
    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED and body.memberships.count() == 4


def test_a_name_written_with_half_width_brackets_finds_the_registered_unit(body, secretariat_user):
    lenovo = OrganizationFactory(name="联想（北京）有限公司")
    data = make_xlsx(
        [
            ["联想(北京)有限公司", "企业", "成员单位", "", "", ""],
            ["新公司(成都)", "企业", "成员单位", "", "", ""],
            ["新公司（成都）", "企业", "副理事长单位", "", "", ""],
        ]
    )
    preview = excel.member_import_preview(actor=secretariat_user, body=body, file=data)
    assert preview.is_valid, preview.errors
    assert (preview.rows[0].organization, preview.rows[0].match) == (lenovo, "name")
    result = excel.member_import_commit(actor=secretariat_user, body=body, file_or_rows=data)
    assert (result.created_organizations, result.created_memberships) == (1, 3)
    assert Organization.objects.filter(name="新公司（成都）").count() == 1


def test_a_credit_code_typed_with_full_width_characters_is_read_as_plain(body, secretariat_user):
    registered = OrganizationFactory(name="按代码的公司", credit_code=CODE_A)
    wide = CODE_A.translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})
    data = make_xlsx([["按代码的公司", "", "", wide, "", ""]])
    preview = excel.member_import_preview(actor=secretariat_user, body=body, file=data)
    assert preview.is_valid, preview.errors
    assert (preview.rows[0].organization, preview.rows[0].match) == (registered, "credit_code")


def test_an_unexpected_failure_of_a_check_is_reported_in_words_not_as_the_error_text(
    db, monkeypatch, body, secretariat_user
):
    """Before, the preview read "无法读取文件：" followed by the raw exception text."""
    job = excel.import_job_create(
        actor=secretariat_user, body=body, file=make_xlsx(GOOD_ROWS), name="成员.xlsx"
    )

    def broken(*args, **kwargs):
        raise RuntimeError("internal detail /srv/chanjiao")

    monkeypatch.setattr(excel.UPLOADS, "check", broken)
    excel.UPLOADS.check_run(job_id=job.pk)
    job.refresh_from_db()
    text = str(job.summary)
    assert "重新保存为 .xlsx" in text and "internal detail" not in text


def test_a_chair_row_is_refused_while_the_chair_serves_out_its_notice(body, secretariat_user):
    """The import refuses what the form and the API refuse: a chair that has given notice is
    still the chair until it leaves."""
    MembershipFactory(
        body=body,
        organization=OrganizationFactory(name="现任理事长学院"),
        role="chair",
        until=datetime.date(2099, 1, 1),
    )
    preview = excel.member_import_preview(
        actor=secretariat_user, body=body, file=make_xlsx([["甲学院", "", "理事长单位"]])
    )
    assert [(e.row, e.column) for e in preview.errors] == [(2, "role")]
    assert preview.errors[0].message == (
        "本产教融合体已有理事长单位“现任理事长学院”，只能有一个：请改为其他角色"
    )
