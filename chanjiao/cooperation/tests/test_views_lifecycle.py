"""The carrier's timeline and figures, and the agreement's acts and documents, on the pages."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from chanjiao.cooperation.models import Agreement, CarrierMilestone
from chanjiao.cooperation.tests.factories import AgreementFactory, CarrierFactory, MilestoneFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def carrier(body, member_org):
    return CarrierFactory(name="数字工匠产业学院", body=body, owners=[member_org])


def test_an_owner_units_contact_records_a_milestone_with_evidence(client, contact_user, carrier):
    client.force_login(contact_user)
    response = client.post(
        reverse("cooperation:milestone_add", args=[carrier.pk]),
        {
            "kind": "first_intake",
            "done_on": "2024-09-01",
            "headcount": "45",
            "note": "首届订单班开班",
            "evidence": SimpleUploadedFile("开班通知.pdf", b"%PDF-1.4"),
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    milestone = CarrierMilestone.objects.get(carrier=carrier)
    assert (milestone.headcount, milestone.recorded_by) == (45, contact_user)
    page = client.get(reverse("cooperation:carrier_detail", args=[carrier.pk])).content.decode()
    assert "首届招生" in page and "开班通知.pdf" in page and "运行中" in page
    evidence = client.get(
        reverse("cooperation:milestone_evidence", args=[carrier.pk, milestone.pk])
    )
    assert b"".join(evidence.streaming_content) == b"%PDF-1.4"


def test_the_form_says_what_a_milestone_needs(client, secretariat_user, carrier):
    client.force_login(secretariat_user)
    response = client.post(
        reverse("cooperation:milestone_add", args=[carrier.pk]),
        {"kind": "recognised", "done_on": "2024-09-01"},
    )
    assert response.status_code == 200
    assert "认定须填写认定级别" in str(response.context["form"].errors)


def test_timeline_shows_done_and_planned_with_the_overdue(client, carrier, secretariat_user):
    MilestoneFactory(carrier=carrier, kind="founded", done_on=datetime.date(2023, 9, 1))
    MilestoneFactory(carrier=carrier, kind="base_built", due_on=TODAY - datetime.timedelta(10))
    MilestoneFactory(carrier=carrier, kind="equipment", due_on=TODAY + datetime.timedelta(10))
    client.force_login(secretariat_user)
    response = client.get(reverse("cooperation:carrier_detail", args=[carrier.pk]))
    timeline = response.context["timeline"]
    assert [m.kind for m in timeline["done"]] == ["founded"]
    assert [(m.kind, m.overdue) for m in timeline["planned"]] == [
        ("base_built", True), ("equipment", False)
    ]  # fmt: skip
    assert "1 项逾期" in response.content.decode()


def test_figures_are_edited_on_the_carrier_page(client, secretariat_user, carrier):
    client.force_login(secretariat_user)
    response = client.post(
        reverse("cooperation:figure_add", args=[carrier.pk]),
        {"year": "2024", "students": "120", "courses": "8", "teachers": "10",
         "equipment_value": "350.50"},
    )  # fmt: skip
    assert response.status_code == 302
    figure = carrier.figures.get()
    again = client.post(
        reverse("cooperation:figure_add", args=[carrier.pk]),
        {"year": "2024", "students": "1", "courses": "0", "teachers": "0", "equipment_value": "0"},
    )
    assert again.status_code == 200 and again.context["form"].errors  # one row per year
    edit = client.post(
        reverse("cooperation:figure_edit", args=[carrier.pk, figure.pk]),
        {"year": "2024", "students": "130", "courses": "8", "teachers": "10",
         "equipment_value": "350.50"},
    )  # fmt: skip
    assert edit.status_code == 302
    figure.refresh_from_db()
    assert figure.students == 130


def test_carrier_list_filters_by_state(client, body, carrier, secretariat_user):
    CarrierFactory(name="已认定基地", body=body)
    from chanjiao.cooperation import progress

    progress.milestone_create(
        actor=secretariat_user, carrier=carrier, kind="recognised", level="national",
        done_on=TODAY,
    )  # fmt: skip
    page = client.get(reverse("cooperation:carrier_list"), {"state": "recognised"})
    content = page.content.decode()
    assert "数字工匠产业学院" in content and "已认定基地" not in content
    assert "国家级" in content


def test_secretariat_renews_and_sees_the_chain(client, secretariat_user, body, member_org):
    old = AgreementFactory(
        title="订单班协议", body=body, parties=[member_org], status="in_force",
        starts_on=datetime.date(2022, 1, 1), ends_on=datetime.date(2024, 12, 31),
    )  # fmt: skip
    client.force_login(secretariat_user)
    detail = client.get(reverse("cooperation:agreement_detail", args=[old.pk])).content.decode()
    assert reverse("cooperation:agreement_renew", args=[old.pk]) in detail
    response = client.post(
        reverse("cooperation:agreement_renew", args=[old.pk]),
        {"starts_on": "2025-01-01", "ends_on": "2027-12-31"},
    )
    new = Agreement.objects.get(renewed_from=old)
    assert response.status_code == 302 and response.url.endswith(f"/agreements/{new.pk}/")
    page = client.get(response.url).content.decode()
    assert 'data-testid="renewal-chain"' in page and "已续签" in page
    assert list(new.parties.all()) == [member_org]


def test_terminating_needs_a_reason_on_the_page(client, secretariat_user, body):
    agreement = AgreementFactory(body=body, status="in_force")
    client.force_login(secretariat_user)
    url = reverse("cooperation:agreement_terminate", args=[agreement.pk])
    assert client.post(url, {"reason": ""}).status_code == 200
    assert client.post(url, {"reason": "合作企业注销"}).status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == "terminated" and agreement.termination_reason == "合作企业注销"


def test_documents_are_uploaded_and_shown_to_parties_only(
    client, secretariat_user, contact_user, plain_user, body, member_org
):
    agreement = AgreementFactory(body=body, parties=[member_org])
    client.force_login(secretariat_user)
    for n in (1, 2):
        response = client.post(
            reverse("cooperation:agreement_document_upload", args=[agreement.pk]),
            {"file": SimpleUploadedFile(f"v{n}.pdf", b"%PDF"), "note": f"第{n}稿"},
        )
        assert response.status_code == 302
    assert agreement.documents.count() == 2
    client.force_login(contact_user)
    page = client.get(reverse("cooperation:agreement_detail", args=[agreement.pk]))
    assert "当前版本" in page.content.decode() and "第2稿" in page.content.decode()
    client.force_login(plain_user)
    page = client.get(reverse("cooperation:agreement_detail", args=[agreement.pk]))
    assert page.context["documents"] is None and "第2稿" not in page.content.decode()
    url = reverse("cooperation:agreement_document_version", args=[agreement.pk, 1])
    assert client.get(url).status_code == 403


def test_a_draft_is_signed_by_a_button(client, secretariat_user, body):
    draft = AgreementFactory(body=body, status="draft")
    client.force_login(secretariat_user)
    detail = client.get(reverse("cooperation:agreement_detail", args=[draft.pk])).content.decode()
    assert reverse("cooperation:agreement_sign", args=[draft.pk]) in detail
    assert (
        client.post(reverse("cooperation:agreement_sign", args=[draft.pk]), {}).status_code == 302
    )
    draft.refresh_from_db()
    assert draft.status == "signed" and draft.signed_on == TODAY
