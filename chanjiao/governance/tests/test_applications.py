"""Applications to join (入会申请) from the public body page to the resolution: the secretariat
checks them (asks for more, the applicant supplies it), an admission motion decides them, the
admitted unit is registered and becomes a member in the role it asked for; the applicant follows
it all through the status link; who reads an application's contact and file. Also what a
meeting publishes: its minutes and resolutions to members, its motions' attachments."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from chanjiao.core.testing import api_write, assert_error, bearer, items, make_token
from chanjiao.governance import services
from chanjiao.governance.models import Application, Meeting, MotionAttachment
from chanjiao.registry import services as registry
from chanjiao.registry.models import Membership, Organization
from chanjiao.registry.tests.factories import OrganizationFactory

CODE = "91350100M000100Y43"

FORM = {
    "name": "闽江智能装备有限公司",
    "credit_code": CODE,
    "kind": "enterprise",
    "region": "福州",
    "requested_role": "director",
    "description": "从事智能装备研发，愿参与实训基地共建。",
    "contact_name": "林芳",
    "contact_phone": "0591-88886666",
    "contact_email": "",
}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _apply(client, body, **changes) -> tuple[object, str]:
    """Apply from the public page; returns the response and the status page's token."""
    data = FORM | changes
    data["file"] = SimpleUploadedFile("营业执照.pdf", b"%PDF-1.4 licence", "application/pdf")
    response = client.post(reverse("governance:apply", args=[body.pk]), data)
    location = response.headers.get("Location", "")
    return response, location.rstrip("/").rsplit("/", 1)[-1]


def _council_meeting(body, council, secretariat_user, present=("chair", "vice", "director1")):
    meeting = services.meeting_create(
        actor=secretariat_user,
        body=body,
        organ="council",
        title="一届四次理事会",
        date=timezone.localdate(),
    )
    for key in present:
        services.attendance_set(
            actor=secretariat_user, meeting=meeting, organization=council[key][0], status="present"
        )
    return meeting


def _decide(motion, council, secretariat_user, choice="yes"):
    services.motion_open(actor=secretariat_user, motion=motion)
    for key in ("chair", "vice", "director1"):
        services.vote_cast(actor=council[key][1], motion=motion, choice=choice)
    return services.motion_close(actor=secretariat_user, motion=motion)


def test_an_application_from_the_public_page_to_membership(client, body, council, secretariat_user):
    page = client.get(reverse("registry:body_detail", args=[body.pk])).content.decode()
    assert reverse("governance:apply", args=[body.pk]) in page  # anonymous visitors see it
    response, token = _apply(client, body)
    assert response.status_code == 302
    application = Application.objects.get()
    assert (application.status, application.requested_role) == ("submitted", "director")
    assert application.file_name == "营业执照.pdf" and application.organization is None
    status_url = reverse("governance:application_status", args=[token])
    assert "待审核" in client.get(status_url).content.decode()

    # the secretariat asks for more; the applicant reads the note and supplies it
    sec = Client()
    sec.force_login(secretariat_user)
    listing = sec.get(reverse("governance:application_list", args=[body.pk])).content.decode()
    assert "林芳" in listing and "0591-88886666" in listing  # the secretariat reads the contact
    review = reverse("governance:application_review", args=[application.pk])
    sec.post(review, {"decision": "incomplete", "note": ""})
    assert Application.objects.get().status == "submitted"  # a request for more says what
    sec.post(review, {"decision": "incomplete", "note": "请补充近三年合作项目清单"})
    status_page = client.get(status_url).content.decode()
    assert "需补充材料" in status_page and "请补充近三年合作项目清单" in status_page
    client.post(status_url, FORM | {"description": "补充：与两所学院共建实训基地三年。"})
    application.refresh_from_db()
    assert application.status == "submitted" and application.description.startswith("补充")
    sec.post(review, {"decision": "complete", "note": ""})

    # the council admits it through a motion that names the application
    meeting = _council_meeting(body, council, secretariat_user)
    form = sec.get(reverse("governance:meeting", args=[meeting.pk])).content.decode()
    assert FORM["name"] in form  # offered to the admission motion
    sec.post(
        reverse("governance:motion_add", args=[meeting.pk]),
        {
            "decision_type": "admission",
            "title": "关于吸收闽江智能装备有限公司的议案",
            "applications": [application.pk],
            "admit_role": "member",
            "order": 1,
        },
    )
    application.refresh_from_db()
    assert application.status == "on_agenda" and application.motion is not None
    assert "一届四次理事会" in client.get(status_url).content.decode()
    resolution = _decide(application.motion, council, secretariat_user)
    assert resolution.passed

    application.refresh_from_db()
    unit = Organization.objects.get(credit_code=CODE)
    assert application.status == "admitted" and application.organization == unit
    membership = Membership.objects.get(body=body, organization=unit)
    assert membership.role == "director" and membership.since == timezone.localdate()
    assert membership.contact == "林芳" and unit.registered_by_body == body
    assert "已吸收" in client.get(status_url).content.decode()
    assert unit.name in client.get(reverse("registry:body_detail", args=[body.pk])).content.decode()


def _complete_application(body, secretariat_user, unit):
    """``unit`` (registered already) applies, and the secretariat finds the file complete."""
    application, _token = services.application_submit(
        actor=None, body=body, **(FORM | {"name": unit.name})
    )
    services.application_review(
        actor=secretariat_user, application=application, decision="complete"
    )
    return application


def _admission_motion(body, council, secretariat_user, application):
    return services.motion_create(
        actor=secretariat_user,
        meeting=_council_meeting(body, council, secretariat_user),
        decision_type="admission",
        title="关于吸收新成员的议案",
        applications=[application],
    )


def test_a_failed_admission_leaves_the_applicant_out(body, council, secretariat_user):
    existing = OrganizationFactory(name="已登记的学校", credit_code=CODE)
    application = _complete_application(body, secretariat_user, existing)
    assert application.organization == existing  # matched by its credit code
    motion = _admission_motion(body, council, secretariat_user, application)
    assert not _decide(motion, council, secretariat_user, choice="no").passed
    application.refresh_from_db()
    assert application.status == "rejected" and "未通过" in application.review_note
    assert not Membership.objects.filter(body=body, organization=existing).exists()


def test_an_admitted_unit_whose_notice_runs_carries_on_from_its_withdrawal_day(
    body, council, secretariat_user
):
    """Applied, then (before the council met) registered by the secretariat and gave notice:
    admitted, it gets one membership beginning the day the old one ends, never two at once."""
    existing = OrganizationFactory(name="已登记的学校", credit_code=CODE)
    application = _complete_application(body, secretariat_user, existing)
    today = timezone.localdate()
    leaving = today + datetime.timedelta(days=10)
    registry.membership_create(actor=secretariat_user, body=body, organization=existing)
    services.withdrawal_record(
        actor=secretariat_user, body=body, organization=existing, notice_on=today,
        effective_on=leaving,
    )  # fmt: skip
    motion = _admission_motion(body, council, secretariat_user, application)
    assert _decide(motion, council, secretariat_user).passed
    spans = Membership.objects.filter(body=body, organization=existing).order_by("id")
    assert [(m.since, m.until) for m in spans] == [(None, leaving), (leaving, None)]
    assert Membership.objects.filter(body=body, organization=existing).current().count() == 1


def test_what_an_application_must_say(client, body, council, secretariat_user):
    apply_url = reverse("governance:apply", args=[body.pk])
    response = client.post(apply_url, FORM | {"contact_phone": "", "contact_email": ""})
    assert "请至少填写联系电话或电子邮箱之一" in response.content.decode()
    response = client.post(apply_url, FORM | {"requested_role": "chair"})
    assert response.status_code == 200 and not Application.objects.exists()  # not offered
    member = council["member"][0]
    response = client.post(apply_url, FORM | {"name": member.name, "credit_code": ""})
    assert "已是本产教融合体的成员" in response.content.decode()
    _apply(client, body)
    response = client.post(apply_url, FORM)
    assert "已有一份申请在办理中" in response.content.decode()
    assert Application.objects.count() == 1

    # only complete applications of the body go on an admission motion
    application = Application.objects.get()
    meeting = _council_meeting(body, council, secretariat_user)
    with pytest.raises(ValidationError, match="尚未审核为材料齐全"):
        services.motion_create(
            actor=secretariat_user,
            meeting=meeting,
            decision_type="admission",
            title="未审核的申请",
            applications=[application],
        )
    # an unpublished body takes no applications
    body.is_published = False
    body.save()
    assert client.get(apply_url).status_code == 404


def test_the_applicant_withdraws_before_the_meeting(client, body):
    _response, token = _apply(client, body)
    status_url = reverse("governance:application_status", args=[token])
    client.post(reverse("governance:application_withdraw", args=[token]))
    assert Application.objects.get().status == "withdrawn"
    assert "已撤回" in client.get(status_url).content.decode()
    assert client.get(reverse("governance:application_status", args=["x" * 32])).status_code == 404


def test_who_reads_an_application(
    client, body, secretariat_user, contact_user, other_secretariat_user
):
    _apply(client, body)
    application = Application.objects.get()
    file_url = reverse("governance:application_file", args=[application.pk])
    listing = reverse("governance:application_list", args=[body.pk])
    for user in (contact_user, other_secretariat_user):
        other = Client()
        other.force_login(user)
        assert other.get(file_url).status_code == 404
        assert other.get(listing).status_code in (403, 404)
    assert client.get(file_url).status_code == 302  # anonymous: to the sign-in page
    sec = Client()
    sec.force_login(secretariat_user)
    response = sec.get(file_url)
    assert response.status_code == 200 and b"licence" in b"".join(response.streaming_content)


def test_applications_through_the_api(client, body, council, secretariat_user, contact_user):
    payload = {k: v for k, v in FORM.items()} | {"body": body.pk}
    response = client.post(
        "/api/v1/membership-applications", payload, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    created = response.json()
    token = created["status_token"]
    status = client.post(
        "/api/v1/membership-application-status", {"token": token}, content_type="application/json"
    )
    assert status.json()["status"] == "submitted"
    bad = client.post(
        "/api/v1/membership-applications",
        payload | {"requested_role": "chair", "name": "另一家公司"},
        content_type="application/json",
    )
    assert_error(bad, 422, "requested_role")

    sec = make_token(secretariat_user)
    rows = items(
        client.get("/api/v1/membership-applications", {"body": body.pk}, headers=bearer(sec))
    )
    assert [r["contact_phone"] for r in rows] == ["0591-88886666"]
    assert (
        items(
            client.get("/api/v1/membership-applications", headers=bearer(make_token(contact_user)))
        )
        == []
    )
    assert items(client.get("/api/v1/membership-applications")) == []  # anonymous
    review = f"/api/v1/membership-applications/{created['id']}/review"
    assert_error(api_write(client, "post", review, {"decision": "decline"}, sec), 422, "note")
    response = api_write(client, "post", review, {"decision": "complete"}, sec)
    assert response.json()["status"] == "complete"

    meeting = _council_meeting(body, council, secretariat_user)
    response = api_write(
        client,
        "post",
        f"/api/v1/meetings/{meeting.pk}/motions",
        {"decision_type": "admission", "title": "吸收议案", "applications": [created["id"]]},
        sec,
    )
    assert response.status_code == 201, response.content
    assert response.json()["applications"] == [created["id"]]
    status = client.post(
        "/api/v1/membership-application-status", {"token": token}, content_type="application/json"
    )
    assert status.json()["status"] == "on_agenda" and status.json()["meeting"] == "一届四次理事会"
    missing = client.post(
        "/api/v1/membership-application-status", {"token": "nope"}, content_type="application/json"
    )
    assert missing.status_code == 404


def test_minutes_and_resolutions_reach_members_when_published(
    client, body, council, secretariat_user
):
    meeting = _council_meeting(body, council, secretariat_user)
    motion = services.motion_create(
        actor=secretariat_user,
        meeting=meeting,
        decision_type="ordinary",
        title="关于年度经费的议案",
    )
    services.attachment_add(
        actor=secretariat_user,
        motion=motion,
        title="经费预算表",
        file=SimpleUploadedFile("budget.xlsx", b"PK budget"),
    )
    _decide(motion, council, secretariat_user)
    member = Client()
    member.force_login(council["director2"][1])
    minutes = reverse("governance:minutes", args=[meeting.pk, "html"])
    attachment = MotionAttachment.objects.get()
    file_url = reverse("governance:attachment_file", args=[attachment.pk])
    assert member.get(file_url).status_code == 200  # the meeting's readers read its documents
    assert client.get(file_url).status_code == 302  # anonymous: sign in first
    assert member.get(minutes).status_code == 404  # not yet published
    public = reverse("governance:published_resolutions", args=[body.pk])
    assert "关于年度经费的议案" not in client.get(public).content.decode()

    sec = Client()
    sec.force_login(secretariat_user)
    sec.post(reverse("governance:meeting_publish", args=[meeting.pk]))
    assert Meeting.objects.get().is_published
    assert member.get(minutes).status_code == 200
    page = client.get(public).content.decode()
    assert "关于年度经费的议案" in page and "赞成 3" in page
    # a voted motion keeps its documents
    response = sec.post(reverse("governance:attachment_delete", args=[attachment.pk]), follow=True)
    assert "附件不能再删除" in response.content.decode()
    assert MotionAttachment.objects.exists()
    # the public API lists the published resolution
    listed = client.get("/api/v1/resolutions", {"body": body.pk}).json()
    assert [r["title"] for r in items_of(listed)] == ["关于年度经费的议案"]


def items_of(data):
    return data["items"] if isinstance(data, dict) else data


def test_an_application_under_a_members_alias_is_known_as_that_member(client, body, council):
    """The registry matches a unit by its name, alias or short name everywhere; an application
    under a member's alias (or its name with half-width brackets) was taken for a new unit."""
    member = council["member"][0]
    member.aliases = "闽江装备"
    member.save()
    apply_url = reverse("governance:apply", args=[body.pk])
    response = client.post(apply_url, FORM | {"name": "闽江装备", "credit_code": ""})
    assert "已是本产教融合体的成员" in response.content.decode()
