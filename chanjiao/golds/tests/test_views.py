"""The five-golds pages: the programme page, starting a programme, nominating with a file,
submitting, the review form, the evidence file, a unit's page, the published list and its
.xlsx export."""

from __future__ import annotations

import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chanjiao.golds.models import GoldsNomination, GoldsProgramme


def test_the_secretariat_starts_a_programme_from_its_page(
    client, body, committee, secretariat_user
):
    client.force_login(secretariat_user)
    page = client.get(reverse("golds:programme", args=[body.pk]))
    assert page.status_code == 200 and "启动五金建设" in page.content.decode()
    response = client.post(
        reverse("golds:programme_create", args=[body.pk]),
        {"name": "精品钢五金建设", "committee_course": committee.pk},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    programme = GoldsProgramme.objects.get(body=body)
    assert programme.categories.get(kind="course").committee == committee
    page = client.get(reverse("golds:programme", args=[body.pk])).content.decode()
    assert "金课程" in page and committee.name in page


def test_a_body_without_programme_is_404_for_others(client, body, contact_user):
    client.force_login(contact_user)
    assert client.get(reverse("golds:programme", args=[body.pk])).status_code == 404


def test_the_body_page_links_the_programme_to_who_may_open_it(client, body, secretariat_user):
    """Before the body runs one, only its secretariat (who starts it) is offered the page: for
    anyone else it is a 404."""
    link = reverse("golds:programme", args=[body.pk])
    body_page = reverse("registry:body_detail", args=[body.pk])
    assert link not in client.get(body_page).content.decode()
    client.force_login(secretariat_user)
    assert link in client.get(body_page).content.decode()


def test_the_body_page_links_a_running_programme_to_every_reader(client, body, programme):
    page = client.get(reverse("registry:body_detail", args=[body.pk])).content.decode()
    assert reverse("golds:programme", args=[body.pk]) in page


def test_a_contact_nominates_with_a_file_and_submits(client, course, member, contact_user):
    client.force_login(contact_user)
    response = client.post(
        reverse("golds:nominate", args=[course.pk]),
        {
            "organization": member.pk, "year": 2025, "name": "轧钢工艺课程",
            "evidence": SimpleUploadedFile("课程标准.pdf", b"%PDF-1.4 x"),
        },
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    nomination = GoldsNomination.objects.get()
    assert nomination.evidence_name == "课程标准.pdf"
    # Saving the edit form again keeps the file and its name.
    edit = reverse("golds:nomination_edit", args=[nomination.pk])
    response = client.post(edit, {"year": 2025, "name": "轧钢工艺课程（修订）"})
    assert response.status_code == 302, response.content.decode()[:3000]
    nomination.refresh_from_db()
    assert nomination.evidence_name == "课程标准.pdf" and nomination.evidence
    response = client.post(reverse("golds:nomination_submit", args=[nomination.pk]), follow=True)
    assert "已提交评审" in response.content.decode()
    nomination.refresh_from_db()
    assert nomination.status == "submitted"
    file = client.get(reverse("golds:nomination_evidence", args=[nomination.pk]))
    assert file.status_code == 200 and file["Content-Disposition"].startswith("attachment")


def test_the_nomination_form_offers_only_the_contacts_own_unit(
    client, course, member, seat_org, contact_user
):
    client.force_login(contact_user)
    page = client.get(reverse("golds:nominate", args=[course.pk])).content.decode()
    assert member.name in page and seat_org.name not in page


def test_a_committee_member_reviews_on_the_page(client, submitted, reviewer):
    client.force_login(reviewer)
    detail = client.get(reverse("golds:nomination", args=[submitted.pk])).content.decode()
    assert 'id="review"' in detail
    url = reverse("golds:nomination_review", args=[submitted.pk])
    page = client.post(url, {"decision": "recognise", "year": 2025})
    assert "请选择认定级别" in page.content.decode()
    response = client.post(url, {"decision": "recognise", "level": "provincial", "year": 2025})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert (submitted.status, submitted.level) == ("recognised", "provincial")


def test_a_decision_already_taken_is_said_not_overwritten(
    client, submitted, reviewer, secretariat_user
):
    from chanjiao.golds import services

    client.force_login(reviewer)
    services.golds_nomination_reject(
        actor=secretariat_user, golds_nomination=submitted, reason="否"
    )
    response = client.post(
        reverse("golds:nomination_review", args=[submitted.pk]),
        {"decision": "return", "note": "补充"},
        follow=True,
    )
    assert "已由他人处理" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == "rejected"


def test_the_unit_sees_no_review_form_on_its_own_nomination(client, submitted, contact_user):
    client.force_login(contact_user)
    detail = client.get(reverse("golds:nomination", args=[submitted.pk])).content.decode()
    assert 'id="review"' not in detail
    url = reverse("golds:nomination_review", args=[submitted.pk])
    assert client.get(url).status_code == 403


def test_the_published_list_and_its_export(client, submitted, reviewer, body):
    from chanjiao.golds import services

    services.golds_nomination_recognise(
        actor=reviewer, golds_nomination=submitted, level="national", year=2025
    )
    url = reverse("golds:result_list")
    page = client.get(url, {"body": body.pk, "kind": "course", "year": 2025}).content.decode()
    assert "轧钢工艺在线开放课程" in page and "国家级" in page
    assert "轧钢工艺在线开放课程" not in client.get(url, {"year": 2024}).content.decode()
    export = client.get(url, {"body": body.pk, "year": 2025, "format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    assert [c.value for c in sheet[2]][:5] == [
        "轧钢工艺在线开放课程", submitted.organization.name, "金课程", "国家级", 2025,
    ]  # fmt: skip
    unit = client.get(reverse("golds:unit", args=[submitted.organization_id])).content.decode()
    assert "轧钢工艺在线开放课程" in unit


def test_a_formula_in_a_results_name_is_exported_as_text(
    client, course, member, secretariat_user, reviewer
):
    from chanjiao.golds import services

    n = services.golds_nomination_create(
        actor=secretariat_user, category=course, organization=member, year=2025,
        name="=HYPERLINK(\"http://x\")", link="https://example.cn",
    )  # fmt: skip
    services.golds_nomination_submit(actor=secretariat_user, golds_nomination=n)
    services.golds_nomination_recognise(actor=reviewer, golds_nomination=n, level="body", year=2025)
    export = client.get(reverse("golds:result_list"), {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    cell = sheet["A2"]  # kept as text (quoted), not evaluated as a formula
    assert cell.data_type == "s" and cell.quotePrefix


def test_the_programme_page_counts_waiting_and_results_per_level(
    client, programme, submitted, secretariat_user, body
):
    client.force_login(secretariat_user)
    page = client.get(reverse("golds:programme", args=[body.pk])).content.decode()
    assert 'id="waiting"' in page and "轧钢工艺在线开放课程" in page


def test_a_recognised_nominations_review_history_is_for_its_insiders_only(
    client, submitted, reviewer, contact_user, plain_user, other_secretariat_user
):
    """Before, once a nomination was recognised every signed-in reader of the body opened its
    history and read the reviewers' internal 评审意见 that its page hides."""
    from chanjiao.golds import services

    services.golds_nomination_recognise(
        actor=reviewer, golds_nomination=submitted, level="provincial", year=2025,
        note="评审组内部意见QZ",
    )  # fmt: skip
    url = reverse("golds:nomination_history", args=[submitted.pk])
    for outsider in (plain_user, other_secretariat_user):
        client.force_login(outsider)
        assert client.get(reverse("golds:nomination", args=[submitted.pk])).status_code == 200
        assert client.get(url).status_code == 404
    client.force_login(contact_user)
    assert "评审组内部意见QZ" in client.get(url).content.decode()
