"""Talent pages: overview, lists, forms, import, the gap with charts, runs and placements."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chanjiao.core.testing import make_xlsx
from chanjiao.registry.tests.factories import OrganizationContactFactory, UserFactory
from chanjiao.talent.models import Cohort, MatchRun, Placement, Posting
from chanjiao.talent.tests.factories import StudentFactory
from chanjiao.talent.tests.helpers import finished_run


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_navigation_links_the_talent_overview(client, db):
    page = html(client.get(reverse("home")))
    assert reverse("talent:overview") in page and "人才供需" in page


def test_overview_of_a_body_shows_supply_demand_and_links(client, world, body, secretariat_user):
    client.force_login(secretariat_user)
    page = html(client.get(reverse("talent:overview"), {"body": body.pk}))
    assert reverse("talent:run_create") + f"?body={body.pk}" in page
    assert reverse("talent:import", args=[body.pk, "postings"]) in page
    assert "装备制造大类" in page


def test_lists_show_cohorts_and_postings_and_filter_with_htmx(client, world, body):
    page = html(client.get(reverse("talent:cohort_list"), {"body": body.pk}))
    assert "甲职业技术学院" in page and "乙职业技术学院" not in page
    partial = html(
        client.get(
            reverse("talent:posting_list"), {"kind": "internship"}, headers={"HX-Request": "true"}
        )
    )
    assert "<html" not in partial and world["postings"]["mech"].title in partial


def test_a_school_contact_records_a_cohort_through_the_form(client, world):
    school = world["schools"]["a"]
    contact = OrganizationContactFactory(
        user=UserFactory(username="school"), organization=school
    ).user
    client.force_login(contact)
    response = client.post(
        reverse("talent:cohort_create"),
        {
            "school": school.pk,
            "major": world["majors"]["soft"].pk,
            "name": "2025级软件1班",
            "intake_year": 2025,
            "graduation_year": 2028,
            "headcount": 40,
            "skills": "Java、Python",
        },
    )
    cohort = Cohort.objects.get(name="2025级软件1班")
    assert response.status_code == 302 and response["Location"] == reverse(
        "talent:cohort_detail", args=[cohort.pk]
    )
    assert cohort.skills == ["Java", "Python"] and cohort.body is None


def test_a_secretariat_posts_demand_through_the_form(client, world, body, secretariat_user):
    client.force_login(secretariat_user)
    response = client.post(
        reverse("talent:posting_create"),
        {
            "enterprise": world["enterprises"]["e1"].pk,
            "title": "焊接机器人操作工",
            "kind": "job",
            "status": "open",
            "major": world["majors"]["robot"].pk,
            "majors": [world["majors"]["mech"].pk],
            "skills": "焊接",
            "headcount": 8,
            "body": body.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    posting = Posting.objects.get(title="焊接机器人操作工")
    assert list(posting.majors.all()) == [world["majors"]["mech"]] and posting.body == body


def _checked_preview(client, response) -> str:
    """Follow an upload: the page waits for the background check, the worker checks the file,
    then the page shows the preview."""
    from chanjiao.talent import excel
    from chanjiao.talent.models import TalentImport

    assert response.status_code == 302
    waiting = html(client.get(response["Location"]))
    assert 'hx-trigger="every 1s"' in waiting and "<html" in waiting
    partial = client.get(response["Location"], headers={"HX-Request": "true"})
    assert partial.status_code == 200 and "<html" not in partial.content.decode()
    excel.UPLOADS.check_run(job_id=TalentImport.objects.latest("id").pk)
    poll = client.get(response["Location"], headers={"HX-Request": "true"})
    assert poll.status_code == 204 and poll["HX-Refresh"] == "true"
    return html(client.get(response["Location"]))


def test_importing_postings_previews_a_bad_row_and_saves_nothing(
    client, world, body, secretariat_user
):
    client.force_login(secretariat_user)
    url = reverse("talent:import", args=[body.pk, "postings"])
    assert "用人单位" in html(client.get(url))
    rows = [
        ["用人单位", "岗位名称", "需求人数"],
        ["甲智能装备有限公司", "好岗位", 3],
        ["无名公司", "坏岗位", 3],
    ]
    before = Posting.objects.count()
    response = client.post(url, {"file": SimpleUploadedFile("岗位.xlsx", make_xlsx(rows))})
    page = _checked_preview(client, response)
    assert "confirm-import" not in page and "无名公司" in page and "第 3 行" in page
    assert 'aria-invalid="true"' in page and 'data-row="3"' in page
    assert Posting.objects.count() == before


def test_confirming_a_talent_preview_queues_the_import_and_the_status_page_polls(
    client, world, body, secretariat_user
):
    from chanjiao.talent import excel
    from chanjiao.talent.models import TalentImport

    client.force_login(secretariat_user)
    url = reverse("talent:import", args=[body.pk, "postings"])
    rows = [["用人单位", "岗位名称", "需求人数"], ["甲智能装备有限公司", "好岗位", 3]]
    response = client.post(url, {"file": SimpleUploadedFile("岗位.xlsx", make_xlsx(rows))})
    assert "confirm-import" in _checked_preview(client, response)
    job = TalentImport.objects.latest("id")
    response = client.post(url, {"job": job.pk})
    status_url = reverse("talent:import_status", args=[job.pk])
    assert response.status_code == 302 and response["Location"] == status_url
    job.refresh_from_db()
    assert job.status == TalentImport.Status.QUEUED and job.task_id
    assert not Posting.objects.filter(title="好岗位").exists()  # not in the web request

    page = html(client.get(status_url))
    assert 'hx-trigger="every 1s"' in page and "<html" in page and "排队中" in page
    partial = html(client.get(status_url, headers={"HX-Request": "true"}))
    assert "<html" not in partial and 'id="import-progress"' in partial

    excel.UPLOADS.run_job(job_id=job.pk)
    partial = html(client.get(status_url, headers={"HX-Request": "true"}))
    assert "hx-trigger" not in partial and "1 / 1" in partial and "新增 1 行" in partial
    assert reverse("talent:posting_list") + f"?body={body.pk}" in partial
    assert Posting.objects.filter(title="好岗位", body=body).exists()


@pytest.mark.django_db(transaction=True)
def test_a_talent_upload_is_parsed_and_imported_by_the_worker_not_in_the_web_request(
    client, world, body, secretariat_user, monkeypatch
):
    import openpyxl

    from chanjiao.core import table_files
    from chanjiao.core.testing import run_task_worker
    from chanjiao.talent.models import TalentImport

    client.force_login(secretariat_user)
    url = reverse("talent:import", args=[body.pk, "cohorts"])
    rows = [
        ["学校", "专业", "名称", "入学年份", "毕业年份", "人数"],
        ["甲职业技术学院", world["majors"]["soft"].name, "2024级软件9班", 2024, 2027, 35],
    ]

    def not_here(*args, **kwargs):
        raise AssertionError("the web request must not parse the workbook")

    monkeypatch.setattr(openpyxl, "load_workbook", not_here)
    monkeypatch.setattr(table_files, "load_workbook", not_here)
    response = client.post(url, {"file": SimpleUploadedFile("班级.xlsx", make_xlsx(rows))})
    assert response.status_code == 302
    assert 'hx-trigger="every 1s"' in html(client.get(response["Location"]))
    job = TalentImport.objects.get()
    assert job.status == TalentImport.Status.PREVIEW and not job.summary
    monkeypatch.undo()

    run_task_worker()  # the worker parses the file and stores the preview
    job.refresh_from_db()
    assert job.total == 1 and len(job.summary["preview"]["rows"]) == 1
    monkeypatch.setattr(openpyxl, "load_workbook", not_here)
    monkeypatch.setattr(table_files, "load_workbook", not_here)
    page = html(client.get(response["Location"]))
    assert "confirm-import" in page and "2024级软件9班" in page
    assert client.post(url, {"job": job.pk}).status_code == 302
    assert not Cohort.objects.filter(name="2024级软件9班").exists()
    monkeypatch.undo()

    run_task_worker()  # the worker imports it
    job.refresh_from_db()
    assert job.status == TalentImport.Status.IMPORTED, job.errors
    assert Cohort.objects.filter(name="2024级软件9班", body=body).count() == 1


def test_only_the_uploader_or_the_secretariat_sees_an_import_status(
    client, world, body, secretariat_user, other_secretariat
):
    from chanjiao.talent import excel

    job = excel.talent_import_create(
        actor=secretariat_user, body=body, kind="postings", file=b"x", name="a.xlsx"
    )
    client.force_login(other_secretariat)
    assert client.get(reverse("talent:import_status", args=[job.pk])).status_code == 403
    assert (
        client.get(
            reverse("talent:import", args=[body.pk, "postings"]), {"job": job.pk}
        ).status_code
        == 403
    )
    client.force_login(secretariat_user)
    assert client.get(reverse("talent:import_status", args=[job.pk])).status_code == 200


def test_secretariat_of_another_body_gets_403_on_import_and_run_pages(
    client, world, body, other_secretariat
):
    client.force_login(other_secretariat)
    assert client.get(reverse("talent:import", args=[body.pk, "postings"])).status_code == 403
    assert client.get(reverse("talent:run_create"), {"body": body.pk}).status_code == 403
    response = client.post(reverse("talent:run_create") + f"?body={body.pk}", {"mode": "stable"})
    assert response.status_code == 403 and not MatchRun.objects.exists()


def test_secretariat_of_another_body_cannot_accept_placements_via_the_ui(
    client, world, body, other_secretariat, secretariat_user
):
    run = finished_run(
        body, [(StudentFactory(cohort=world["cohorts"]["a_mech"]), world["postings"]["mech"])]
    )
    client.force_login(other_secretariat)
    assert (
        client.post(reverse("talent:run_accept", args=[run.pk]), {"action": "all"}).status_code
        == 404
    )
    from chanjiao.accounts.models import BodyRole

    BodyRole.objects.create(user=other_secretariat, body=body, kind="viewer")
    other_secretariat = type(other_secretariat).objects.get(
        pk=other_secretariat.pk
    )  # drop cached roles
    client.force_login(other_secretariat)
    assert client.get(reverse("talent:run_detail", args=[run.pk])).status_code == 200
    assert (
        client.post(reverse("talent:run_accept", args=[run.pk]), {"action": "all"}).status_code
        == 403
    )
    assert not Placement.objects.exists()


def test_a_secretariat_starts_a_run_and_its_page_polls_progress(
    client, world, body, secretariat_user
):
    client.force_login(secretariat_user)
    form = html(client.get(reverse("talent:run_create"), {"body": body.pk}))
    assert "稳定匹配" in form and "最优分配" in form
    response = client.post(
        reverse("talent:run_create") + f"?body={body.pk}",
        {
            "mode": "stable",
            "w_major_fit": 0.4,
            "w_skills_overlap": 0.2,
            "w_region": 0.1,
            "w_preference_rank": 0.2,
            "w_enterprise": 0.1,
            "kinds": ["internship"],
        },
    )
    run = MatchRun.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "talent:run_detail", args=[run.pk]
    )
    assert run.created_by == secretariat_user and run.parameters["kinds"] == ["internship"]
    page = html(client.get(reverse("talent:run_detail", args=[run.pk])))
    assert 'hx-trigger="every 1s"' in page and "排队中" in page
    partial = html(
        client.get(
            reverse("talent:run_detail", args=[run.pk]),
            {"partial": "progress"},
            headers={"HX-Request": "true"},
        )
    )
    assert "<html" not in partial and 'id="run-progress"' in partial


def test_a_finished_run_lists_proposals_with_explanations_and_accepts_them(
    client, world, body, secretariat_user
):
    students = [StudentFactory(cohort=world["cohorts"]["a_mech"]) for _ in range(2)]
    run = finished_run(body, [(s, world["postings"]["mech"]) for s in students])
    client.force_login(secretariat_user)
    page = html(client.get(reverse("talent:run_detail", args=[run.pk])))
    assert "专业对口 1.00×0.35=<strong>0.350</strong>" in page
    assert 'id="accept-all"' in page and "every 1s" not in page
    first = run.proposals.order_by("id").first()
    response = client.post(
        reverse("talent:run_accept", args=[run.pk]), {"action": "selected", "proposal": [first.pk]}
    )
    assert response.status_code == 302
    assert list(Placement.objects.values_list("proposal_id", flat=True)) == [first.pk]
    client.post(reverse("talent:run_accept", args=[run.pk]), {"action": "all"})
    assert Placement.objects.count() == 2
    placements = html(client.get(reverse("talent:placement_list")))
    assert "记录结果" in placements
    placement = Placement.objects.first()
    response = client.post(
        reverse("talent:placement_edit", args=[placement.pk]), {"status": "hired", "notes": "转正"}
    )
    assert response.status_code == 302
    placement.refresh_from_db()
    assert placement.status == "hired" and placement.hired_on


def test_gap_page_draws_charts_with_the_vendored_echarts(client, world, body):
    page = html(client.get(reverse("talent:gap"), {"body": body.pk, "year": 2026, "by": "major"}))
    assert "/static/vendor/echarts/echarts.min.js" in page
    assert "https://" not in page.split("<footer")[0].split("</nav>", 1)[1]
    assert 'id="gap-data"' in page and "软件技术" in page
    assert 'id="synthetic-notice"' not in page  # real rows only
    response = client.get(reverse("talent:gap_export"), {"body": body.pk, "year": 2026})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "filename*=UTF-8''" in response["Content-Disposition"]


@pytest.mark.parametrize("name", ["run_list", "placement_list"])
def test_run_and_placement_pages_need_a_sign_in(client, db, name):
    response = client.get(reverse(f"talent:{name}"))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.django_db(transaction=True)
def test_students_and_their_choices_are_imported_from_the_upload_page_by_the_worker(
    client, world, body, secretariat_user
):
    from chanjiao.core.testing import run_task_worker
    from chanjiao.talent.models import Application, Student, TalentImport
    from chanjiao.talent.tests.test_excel_students import _choices, _students

    client.force_login(secretariat_user)
    overview = html(client.get(reverse("talent:overview") + f"?body={body.pk}"))
    for kind in ("students", "applications"):
        assert reverse("talent:import", args=[body.pk, kind]) in overview
    soft = world["postings"]["soft"]
    for kind, rows, what in (
        ("students", _students(world, "S201"), "姓名或代号"),
        (
            "applications",
            _choices(world, ["S201", soft.enterprise.name, soft.title, 1]),
            "志愿顺序",
        ),
    ):
        url = reverse("talent:import", args=[body.pk, kind])
        assert what in html(client.get(url))  # the columns the file may have
        response = client.post(url, {"file": SimpleUploadedFile("名单.xlsx", make_xlsx(rows))})
        assert response.status_code == 302
        run_task_worker()  # checked by the worker
        job = TalentImport.objects.get(kind=kind)
        assert "confirm-import" in html(client.get(response["Location"]))
        assert client.post(url, {"job": job.pk}).status_code == 302
        run_task_worker()  # imported by the worker
        job.refresh_from_db()
        assert job.status == TalentImport.Status.IMPORTED, job.errors
    assert Student.objects.filter(display_name="S201").exists()
    assert Application.objects.filter(student__display_name="S201", posting=soft).exists()


def test_a_postings_applications_show_scores_as_people_write_them(client, admin_user):
    """A score stored as a float read 96.0 on the posting page."""
    from chanjiao.talent.tests.factories import ApplicationFactory, PostingFactory

    posting = PostingFactory()
    ApplicationFactory(posting=posting, enterprise_score=96.0)
    ApplicationFactory(posting=posting, student_rank=2, enterprise_score=88.5)
    client.force_login(admin_user)
    page = html(client.get(reverse("talent:posting_detail", args=[posting.pk])))
    assert '<td class="text-end">96</td>' in page and "96.0" not in page
    assert '<td class="text-end">88.5</td>' in page
