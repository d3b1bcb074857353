"""What a body's history (变更记录) tells about governance: a meeting's draft notes (会议记录)
read only to those who read its minutes, on the page and through the API; an application sent
by someone not signed in reads as the applicant's, not the platform's."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chanjiao.core.changelog import update_object
from chanjiao.core.testing import bearer, make_token
from chanjiao.governance import services
from chanjiao.registry.tests.factories import BodyRoleFactory, UserFactory

DRAFT = "草稿：拟撤换副理事长单位，暂勿外传"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def drafted(body, council, secretariat_user):
    """A council meeting whose secretary wrote draft notes; not published."""
    meeting = services.meeting_create(
        actor=secretariat_user,
        body=body,
        organ="council",
        title="一届六次理事会",
        date=datetime.date(2025, 6, 18),
    )
    services.meeting_update(actor=secretariat_user, meeting=meeting, data={"notes": DRAFT})
    return meeting


def _page(client, user, body) -> str:
    client.force_login(user)
    response = client.get(reverse("registry:body_history", args=[body.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _api(client, user, body) -> tuple[str, list[dict]]:
    response = client.get(
        f"/api/v1/bodies/{body.pk}/history?limit=500", headers=bearer(make_token(user))
    )
    assert response.status_code == 200, response.content
    notes = [
        change
        for item in response.json()["items"]
        if item["object_type"] == "governance.meeting"
        for change in item["changes"]
        if change["field"] == "notes"
    ]
    return response.content.decode(), notes


def _other_supervisor(other_body):
    return BodyRoleFactory(
        user=UserFactory(username="other-supervisor"), body=other_body, kind="supervisor"
    ).user


@pytest.mark.django_db
def test_draft_notes_do_not_reach_an_ordinary_members_contact(client, body, council, drafted):
    member = council["member"][1]
    page = _page(client, member, body)
    assert DRAFT not in page
    # the meeting's row is there, saying the notes changed without their text
    assert "会议记录 已修改（内容不公开）" in page
    text, notes = _api(client, member, body)
    assert DRAFT not in text
    assert notes and all(n["hidden"] for n in notes)
    assert all(n["after"] == "（不公开）" and n["after_display"] == "（不公开）" for n in notes)


@pytest.mark.django_db
def test_draft_notes_do_not_reach_another_bodys_secretariat_or_supervisor(
    client, body, other_body, drafted, other_secretariat_user
):
    for user in (other_secretariat_user, _other_supervisor(other_body)):
        assert DRAFT not in _page(client, user, body)
        text, _notes = _api(client, user, body)
        assert DRAFT not in text


@pytest.mark.django_db
def test_draft_notes_do_not_reach_the_anonymous(client, body, drafted):
    client.logout()
    response = client.get(reverse("registry:body_history", args=[body.pk]))
    assert DRAFT not in response.content.decode()
    response = client.get(f"/api/v1/bodies/{body.pk}/history")
    assert response.status_code == 401 and DRAFT not in response.content.decode()


@pytest.mark.django_db
def test_the_secretariat_and_the_bodys_supervisor_read_the_draft_notes_as_the_minutes(
    client, body, drafted, secretariat_user, supervisor_user
):
    """Those who read the minutes before publication (selectors.may_read_minutes) read the
    notes in the history too."""
    for user in (secretariat_user, supervisor_user):
        assert DRAFT in _page(client, user, body)
        text, notes = _api(client, user, body)
        assert [n["after"] for n in notes] == [DRAFT]
        assert not any(n["hidden"] for n in notes)


@pytest.mark.django_db
def test_the_members_read_the_notes_once_the_minutes_are_published(
    client, body, council, drafted, secretariat_user
):
    services.meeting_publish(actor=secretariat_user, meeting=drafted)
    member = council["member"][1]
    assert DRAFT in _page(client, member, body)
    _text, notes = _api(client, member, body)
    assert [n["after"] for n in notes] == [DRAFT]


@pytest.mark.django_db
def test_the_notes_of_a_deleted_meeting_read_to_admins_only(
    client, body, council, drafted, secretariat_user, admin_user
):
    """A deleted meeting's rows read to admins only (history_rows' rule); its notes with them."""
    services.meeting_delete(actor=secretariat_user, meeting=drafted)
    assert DRAFT not in _page(client, council["member"][1], body)
    assert DRAFT in _page(client, admin_user, body)


# --- who wrote an application ------------------------------------------------------------------


FORM = {
    "name": "闽江智能装备有限公司",
    "credit_code": "91350100M000100Y43",
    "kind": "enterprise",
    "region": "福州",
    "requested_role": "director",
    "description": "从事智能装备研发。",
    "contact_name": "林芳",
    "contact_phone": "0591-88886666",
    "contact_email": "",
}


def _actors(client, secretariat_user, body) -> list[tuple[str, str]]:
    response = client.get(
        f"/api/v1/bodies/{body.pk}/history?type=governance.application",
        headers=bearer(make_token(secretariat_user)),
    )
    return [(item["action"], item["actor"]) for item in response.json()["items"]]


@pytest.mark.django_db
def test_an_application_sent_without_signing_in_reads_as_the_applicants(
    client, body, secretariat_user
):
    data = FORM | {"file": SimpleUploadedFile("执照.pdf", b"%PDF-1.4 x", "application/pdf")}
    response = client.post(reverse("governance:apply", args=[body.pk]), data)
    assert response.status_code == 302
    token = response.headers["Location"].rstrip("/").rsplit("/", 1)[-1]
    application = services.application_for_token(token)
    services.application_withdraw(application=application)
    assert _actors(client, secretariat_user, body) == [
        ("update", "申请人（未登录）"),
        ("create", "申请人（未登录）"),
    ]
    assert "申请人（未登录） 于" in _page(client, secretariat_user, body)


@pytest.mark.django_db
def test_a_signed_in_applicant_and_the_platform_keep_their_names(client, body, secretariat_user):
    user = UserFactory(username="linfang", first_name="芳", last_name="林")
    application, _token = services.application_submit(
        actor=user, body=body, **{k: v for k, v in FORM.items() if v}
    )
    # a write of the platform itself (no user, not the applicant) still reads as 系统
    update_object(application, actor=None, data={"region": "福州市"}, related=body)
    actors = _actors(client, secretariat_user, body)
    assert actors[-1] == ("create", user.get_full_name())
    assert actors[0] == ("update", "系统")
