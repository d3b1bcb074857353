"""A meeting corrected after it was called, its secretary's notes (会议记录) written for the
minutes, and a meeting called by mistake deleted — on its pages and through the API; what stays
fixed once a vote has opened; the deadline of a vote by correspondence. Also the review of an
application to join, refused, shown again with what was chosen and typed."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from chanjiao.core.testing import api_write, assert_error, bearer, make_token
from chanjiao.governance import services
from chanjiao.governance.models import Application, Meeting, Motion
from chanjiao.registry.tests.factories import TermFactory

from .test_applications import FORM

DAY = datetime.date(2026, 3, 5)


def _meeting(body, secretariat_user, **changes) -> Meeting:
    data = {"organ": "council", "title": "一届三次理事会", "date": DAY} | changes
    return services.meeting_create(actor=secretariat_user, body=body, **data)


def _deadline(day: datetime.date, hour: int = 17) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _opened(meeting, secretariat_user) -> Motion:
    motion = services.motion_create(
        actor=secretariat_user, meeting=meeting, decision_type="ordinary", title="年度工作计划"
    )
    return services.motion_open(actor=secretariat_user, motion=motion)


def _edit_data(meeting: Meeting, **changes) -> dict:
    data = {
        "organ": meeting.organ,
        "title": meeting.title,
        "date": meeting.date.isoformat(),
        "mode": meeting.mode,
        "deadline": "",
        "term": meeting.term_id or "",
        "place": meeting.place,
        "agenda": meeting.agenda,
        "notes": meeting.notes,
    }
    return data | changes


# --- correcting a meeting, writing its notes -------------------------------------------------


def test_the_secretariat_corrects_a_meeting_and_writes_the_notes_the_minutes_print(
    client, body, council, secretariat_user
):
    meeting = _meeting(body, secretariat_user, place="第一会议室")
    term = TermFactory(body=body, number=1)
    client.force_login(secretariat_user)
    edit = reverse("governance:meeting_edit", args=[meeting.pk])
    page = client.get(reverse("governance:meeting", args=[meeting.pk])).content.decode()
    assert edit in page
    notes = "会议由理事长主持。\n与会单位一致同意年度工作计划。"
    response = client.post(
        edit,
        _edit_data(
            meeting,
            title="一届三次理事会（扩大）",
            date="2026-03-06",
            place="学术报告厅",
            term=term.pk,
            notes=notes,
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    meeting.refresh_from_db()
    assert (meeting.title, meeting.date, meeting.place, meeting.term) == (
        "一届三次理事会（扩大）",
        datetime.date(2026, 3, 6),
        "学术报告厅",
        term,
    )
    assert meeting.notes == notes
    page = client.get(reverse("governance:meeting", args=[meeting.pk])).content.decode()
    assert "与会单位一致同意年度工作计划。" in page
    minutes = client.get(reverse("governance:minutes", args=[meeting.pk, "html"])).content
    assert "四、会议记录" in minutes.decode() and "会议由理事长主持。" in minutes.decode()


def test_a_member_reads_the_meeting_but_neither_edits_nor_deletes_it(
    client, body, council, secretariat_user
):
    meeting = _meeting(body, secretariat_user)
    client.force_login(council["member"][1])
    page = client.get(reverse("governance:meeting", args=[meeting.pk])).content.decode()
    assert reverse("governance:meeting_edit", args=[meeting.pk]) not in page
    assert reverse("governance:meeting_delete", args=[meeting.pk]) not in page
    assert client.get(reverse("governance:meeting_edit", args=[meeting.pk])).status_code == 403
    response = client.post(reverse("governance:meeting_delete", args=[meeting.pk]))
    assert response.status_code == 403 and Meeting.objects.filter(pk=meeting.pk).exists()


def test_once_a_vote_has_opened_who_votes_is_fixed_and_the_notes_stay_editable(
    client, body, council, secretariat_user
):
    meeting = _meeting(body, secretariat_user)
    _opened(meeting, secretariat_user)
    for change in (
        {"date": datetime.date(2026, 3, 9)},
        {"organ": "general_assembly"},
        {"mode": "correspondence", "deadline": _deadline(DAY)},
        {"term": TermFactory(body=body, number=2)},
    ):
        with pytest.raises(ValidationError, match="决定由谁表决") as refused:
            services.meeting_update(actor=secretariat_user, meeting=meeting, data=change)
        assert set(change) - {"deadline"} <= set(refused.value.message_dict)
    # the same values again are no change
    services.meeting_update(
        actor=secretariat_user,
        meeting=meeting,
        data={"date": DAY, "organ": "council", "notes": "表决开始前清点了人数。"},
    )
    # on the page: the fields that decide who votes are shown, not sent
    client.force_login(secretariat_user)
    edit = reverse("governance:meeting_edit", args=[meeting.pk])
    page = client.get(edit).content.decode()
    assert "不能再更改" in page and 'name="date"' in page and "disabled" in page
    response = client.post(
        edit, _edit_data(meeting, date="2026-04-01", notes="散会后补记。", agenda="一、年度计划")
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.date, meeting.notes, meeting.agenda) == (DAY, "散会后补记。", "一、年度计划")


def test_a_vote_by_correspondence_has_a_deadline_not_before_its_date(
    client, body, secretariat_user
):
    """An audit called a correspondence vote on 5 March with a deadline of 1 March."""
    with pytest.raises(ValidationError, match="不能早于会议日期") as refused:
        _meeting(
            body,
            secretariat_user,
            mode="correspondence",
            deadline=_deadline(DAY, 9) - datetime.timedelta(days=4),
        )
    assert "deadline" in refused.value.message_dict
    with pytest.raises(ValidationError, match="须设定表决截止时间"):
        _meeting(body, secretariat_user, mode="correspondence")
    meeting = _meeting(body, secretariat_user, mode="correspondence", deadline=_deadline(DAY))
    # moved after its deadline, or its deadline taken away: refused
    with pytest.raises(ValidationError, match="不能早于会议日期"):
        services.meeting_update(
            actor=secretariat_user, meeting=meeting, data={"date": datetime.date(2026, 3, 9)}
        )
    with pytest.raises(ValidationError, match="须设定表决截止时间"):
        services.meeting_update(actor=secretariat_user, meeting=meeting, data={"deadline": None})
    # on the page, next to the field
    client.force_login(secretariat_user)
    response = client.post(
        reverse("governance:meeting_list", args=[body.pk]),
        {
            "organ": "council",
            "title": "通讯表决",
            "date": "2026-03-05",
            "mode": "correspondence",
            "deadline": "2026-03-01T17:00",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and "不能早于会议日期" in page and "is-invalid" in page
    assert Meeting.objects.count() == 1


def test_a_meeting_is_corrected_through_the_api_with_the_version_it_was_read_at(
    client, body, other_body, council, secretariat_user
):
    meeting = _meeting(body, secretariat_user)
    token = make_token(secretariat_user)
    url = f"/api/v1/meetings/{meeting.pk}"
    read = client.get(url, headers=bearer(token))
    version = read["ETag"]
    assert version and read.json()["notes"] == ""
    headers = {**bearer(token), "If-Match": version}
    saved = client.patch(url, {"notes": "会议记录一"}, "application/json", headers=headers)
    assert saved.status_code == 200, saved.content
    assert saved.json()["notes"] == "会议记录一" and saved["ETag"] != version
    stale = client.patch(url, {"place": "报告厅"}, "application/json", headers=headers)
    assert_error(stale, 412)
    meeting.refresh_from_db()
    assert meeting.place == "" and meeting.notes == "会议记录一"
    # what is refused says why, as a 422 naming the field
    other_term = TermFactory(body=other_body, number=1)
    assert_error(api_write(client, "patch", url, {"term": other_term.pk}, token), 422, "term")
    assert_error(api_write(client, "patch", url, {"title": None}, token), 422)
    wrong = {"mode": "correspondence", "deadline": "2026-03-01T09:00:00+08:00"}
    body_ = assert_error(api_write(client, "patch", url, wrong, token), 422, "deadline")
    assert "不能早于会议日期" in body_["errors"]["deadline"][0]
    opened = _opened(meeting, secretariat_user)
    body_ = assert_error(
        api_write(client, "patch", url, {"date": "2026-03-09"}, token), 422, "date"
    )
    assert "决定由谁表决" in body_["detail"]
    response = api_write(client, "patch", url, {"notes": "会后补记"}, token)
    assert response.status_code == 200 and response.json()["notes"] == "会后补记"
    # a member unit's contact reads the meeting, not its notes before the minutes are published
    contact = make_token(council["member"][1])
    assert client.get(url, headers=bearer(contact)).json()["notes"] == ""
    assert_error(api_write(client, "patch", url, {"notes": "x"}, contact), 403)
    meeting.refresh_from_db()
    services.motion_close(actor=secretariat_user, motion=opened)  # not published mid-vote
    services.meeting_publish(actor=secretariat_user, meeting=meeting)
    assert client.get(url, headers=bearer(contact)).json()["notes"] == "会后补记"


# --- deleting a meeting ----------------------------------------------------------------------


def _on_a_draft_motion(body, secretariat_user, meeting) -> Application:
    application, _token = services.application_submit(actor=None, body=body, **FORM)
    services.application_review(
        actor=secretariat_user, application=application, decision="complete"
    )
    services.motion_create(
        actor=secretariat_user,
        meeting=meeting,
        decision_type="admission",
        title="关于吸收新成员的议案",
        applications=[application],
    )
    application.refresh_from_db()
    assert application.status == Application.Status.ON_AGENDA
    return application


def test_a_meeting_called_by_mistake_goes_with_its_draft_motions_and_frees_its_applications(
    client, body, council, secretariat_user
):
    meeting = _meeting(body, secretariat_user)
    application = _on_a_draft_motion(body, secretariat_user, meeting)
    client.force_login(secretariat_user)
    delete = reverse("governance:meeting_delete", args=[meeting.pk])
    assert delete in client.get(reverse("governance:meeting", args=[meeting.pk])).content.decode()
    confirm = client.get(delete).content.decode()
    assert "关于吸收新成员的议案" in confirm and "一并删除" in confirm and "材料齐全" in confirm
    response = client.post(delete)
    assert response.headers["Location"] == reverse("governance:meeting_list", args=[body.pk])
    assert not Meeting.objects.exists() and not Motion.objects.exists()
    application.refresh_from_db()
    assert (application.status, application.motion) == (Application.Status.COMPLETE, None)


def test_a_meeting_with_a_vote_opened_is_not_deleted_and_says_why(
    client, body, council, secretariat_user
):
    meeting = _meeting(body, secretariat_user)
    _opened(meeting, secretariat_user)
    with pytest.raises(ValidationError, match="表决和决议须留有记录"):
        services.meeting_delete(actor=secretariat_user, meeting=meeting)
    client.force_login(secretariat_user)
    page = client.get(reverse("governance:meeting", args=[meeting.pk])).content.decode()
    delete = reverse("governance:meeting_delete", args=[meeting.pk])
    assert delete not in page
    for method in ("get", "post"):
        response = getattr(client, method)(delete, follow=True)
        assert response.redirect_chain[-1][0] == reverse("governance:meeting", args=[meeting.pk])
        assert "表决和决议须留有记录" in response.content.decode()
    token = make_token(secretariat_user)
    response = api_write(client, "delete", f"/api/v1/meetings/{meeting.pk}", token=token)
    assert "表决和决议须留有记录" in assert_error(response, 422)["detail"]
    assert Meeting.objects.filter(pk=meeting.pk).exists()


def test_a_meeting_is_deleted_through_the_api(client, body, secretariat_user, plain_user):
    meeting = _meeting(body, secretariat_user)
    url = f"/api/v1/meetings/{meeting.pk}"
    assert_error(api_write(client, "delete", url, token=make_token(plain_user)), 404)
    response = api_write(client, "delete", url, token=make_token(secretariat_user))
    assert response.status_code == 204 and not Meeting.objects.exists()


# --- reviewing an application ----------------------------------------------------------------


def test_a_refused_review_comes_back_with_the_decision_and_the_note_typed(
    client, body, secretariat_user
):
    """The review redirected with "请选择审核结论" whatever was wrong, and the note was lost."""
    application, _token = services.application_submit(actor=None, body=body, **FORM)
    client.force_login(secretariat_user)
    url = reverse("governance:application_review", args=[application.pk])
    # the note the decision needs is missing: said beside the note, the decision kept
    response = client.post(url, {"decision": "incomplete", "note": "  "})
    page = response.content.decode()
    assert response.status_code == 400
    assert "请写明需要补充的材料或不予受理的原因" in page and "请选择审核结论" not in page
    assert '<option value="incomplete" selected>' in page and 'id="note-' in page
    # a note too long: kept as typed, with what to fix
    note = "请补充营业执照副本。" * 101
    response = client.post(url, {"decision": "decline", "note": note})
    page = response.content.decode()
    assert response.status_code == 400 and note in page and "is-invalid" in page
    assert '<option value="decline" selected>' in page
    # no decision chosen
    response = client.post(url, {"decision": "", "note": "材料不全"})
    assert response.status_code == 400 and "材料不全" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED and application.review_note == ""
    # and once right, saved
    response = client.post(url, {"decision": "incomplete", "note": "请补充营业执照副本。"})
    assert response.headers["Location"] == reverse("governance:application_list", args=[body.pk])
    application.refresh_from_db()
    assert (application.status, application.review_note) == ("incomplete", "请补充营业执照副本。")
    assert Client().post(url, {"decision": "complete"}).status_code == 302  # to sign in
