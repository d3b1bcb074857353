"""A motion (议案) put on a meeting's agenda by mistake, corrected (its title, text and order)
or taken off it while it is still a draft (待表决) — by the service, on the meeting's pages and
through the API; refused once its vote has opened, and to anyone who does not run the body."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from chanjiao.core.changelog import history_for
from chanjiao.core.models import ObjectChange
from chanjiao.core.testing import api_write, assert_error, at_once, bearer, make_token
from chanjiao.governance import services
from chanjiao.governance.models import Application, Meeting, Motion

from .test_applications import FORM

DAY = datetime.date(2026, 3, 5)


@pytest.fixture
def meeting(body, secretariat_user) -> Meeting:
    return services.meeting_create(
        actor=secretariat_user, body=body, organ="council", title="一届三次理事会", date=DAY
    )


def _draft(meeting, secretariat_user, **fields) -> Motion:
    data = {"decision_type": "ordinary", "title": "年度工作计划"} | fields
    return services.motion_create(actor=secretariat_user, meeting=meeting, **data)


def _admission(body, meeting, secretariat_user) -> tuple[Motion, Application]:
    """A draft admission motion with a complete application put on it."""
    application, _token = services.application_submit(actor=None, body=body, **FORM)
    services.application_review(
        actor=secretariat_user, application=application, decision="complete"
    )
    motion = _draft(
        meeting,
        secretariat_user,
        decision_type="admission",
        title="关于吸收新成员的议案",
        applications=[application],
    )
    application.refresh_from_db()
    assert application.status == Application.Status.ON_AGENDA
    return motion, application


def _page(client, meeting) -> str:
    return client.get(reverse("governance:meeting", args=[meeting.pk])).content.decode()


# --- correcting a draft ----------------------------------------------------------------------


def test_a_draft_motion_is_corrected_on_its_page_and_the_history_records_it(
    client, meeting, council, secretariat_user
):
    motion = _draft(meeting, secretariat_user, title="年度工作计化", text="草案")
    client.force_login(secretariat_user)
    edit = reverse("governance:motion_edit", args=[motion.pk])
    assert edit in _page(client, meeting)
    form = client.get(edit).content.decode()
    assert 'name="title"' in form and 'name="order"' in form and "年度工作计化" in form
    assert 'name="decision_type"' not in form  # what it decides stays
    response = client.post(edit, {"title": "年度工作计划", "text": "修订稿", "order": 3})
    assert response.headers["Location"] == reverse("governance:meeting", args=[meeting.pk])
    motion.refresh_from_db()
    assert (motion.title, motion.text, motion.order) == ("年度工作计划", "修订稿", 3)
    assert motion.decision_type == "ordinary" and motion.status == Motion.Status.DRAFT
    change = history_for(motion).get(action=ObjectChange.Action.UPDATE)
    assert (change.before["title"], change.after["title"]) == ("年度工作计化", "年度工作计划")
    assert change.actor == secretariat_user
    # filed under the meeting: the meeting's history shows it
    assert history_for(meeting).filter(pk=change.pk).exists()
    # nothing typed: the form again, saying what to fix
    response = client.post(edit, {"title": "", "text": "", "order": 0})
    assert response.status_code in (200, 400) and "is-invalid" in response.content.decode()
    motion.refresh_from_db()
    assert motion.title == "年度工作计划"


def test_a_draft_motion_keeps_its_decision_type_and_what_it_acts_on(
    meeting, council, secretariat_user
):
    motion = _draft(meeting, secretariat_user)
    with pytest.raises(ValidationError) as refused:
        services.motion_update(
            actor=secretariat_user,
            motion=motion,
            data={"title": "新标题", "decision_type": "charter", "status": "passed"},
        )
    assert set(refused.value.message_dict) == {"decision_type", "status"}
    assert "请删除后重新列入议程" in refused.value.message_dict["decision_type"][0]
    motion.refresh_from_db()
    assert (motion.title, motion.decision_type, motion.status) == (
        "年度工作计划",
        "ordinary",
        "draft",
    )


def test_a_motion_once_opened_is_neither_corrected_nor_deleted(
    client, meeting, council, secretariat_user
):
    motion = services.motion_open(actor=secretariat_user, motion=_draft(meeting, secretariat_user))
    with pytest.raises(ValidationError, match="正在表决或已表决，不能再修改"):
        services.motion_update(actor=secretariat_user, motion=motion, data={"title": "改名"})
    with pytest.raises(ValidationError, match="正在表决或已表决，不能删除"):
        services.motion_delete(actor=secretariat_user, motion=motion)
    # a stale copy read while it was a draft is refused too: the row is read under its lock
    stale = Motion.objects.get(pk=motion.pk)
    stale.status = Motion.Status.DRAFT
    with pytest.raises(ValidationError, match="不能删除"):
        services.motion_delete(actor=secretariat_user, motion=stale)
    # on the pages: no links, and the pages go back to the meeting saying why
    client.force_login(secretariat_user)
    page = _page(client, meeting)
    edit = reverse("governance:motion_edit", args=[motion.pk])
    delete = reverse("governance:motion_delete", args=[motion.pk])
    assert edit not in page and delete not in page
    for url, why in ((edit, "不能再修改"), (delete, "不能删除")):
        for method in ("get", "post"):
            response = getattr(client, method)(url, {"title": "改名"}, follow=True)
            assert response.redirect_chain[-1][0] == reverse(
                "governance:meeting", args=[meeting.pk]
            )
            assert why in response.content.decode()
    # through the API
    token = make_token(secretariat_user)
    url = f"/api/v1/motions/{motion.pk}"
    body = assert_error(api_write(client, "patch", url, {"title": "改名"}, token), 422)
    assert "不能再修改" in body["detail"]
    assert "不能删除" in assert_error(api_write(client, "delete", url, token=token), 422)["detail"]
    motion.refresh_from_db()
    assert motion.title == "年度工作计划" and motion.status == Motion.Status.VOTING


# --- deleting a draft ------------------------------------------------------------------------


def test_deleting_a_draft_admission_motion_returns_its_applications_to_complete(
    client, body, meeting, council, secretariat_user
):
    motion, application = _admission(body, meeting, secretariat_user)
    other = _draft(meeting, secretariat_user, title="另一议案")
    client.force_login(secretariat_user)
    delete = reverse("governance:motion_delete", args=[motion.pk])
    assert delete in _page(client, meeting)
    confirm = client.get(delete).content.decode()
    assert "关于吸收新成员的议案" in confirm and FORM["name"] in confirm and "材料齐全" in confirm
    response = client.post(delete)
    assert response.headers["Location"] == reverse("governance:meeting", args=[meeting.pk])
    assert list(Motion.objects.all()) == [other]  # the meeting and its other motion stay
    application.refresh_from_db()
    assert (application.status, application.motion) == (Application.Status.COMPLETE, None)
    deleted = history_for(meeting).get(action=ObjectChange.Action.DELETE)
    assert deleted.object_repr == "关于吸收新成员的议案"
    # the application, complete again, goes on another motion
    _draft(meeting, secretariat_user, decision_type="admission", applications=[application])


def test_a_meeting_deleted_still_returns_the_applications_on_its_draft_motions(
    body, meeting, council, secretariat_user
):
    """The code meeting_delete shares with motion_delete (one helper) still frees them."""
    _motion, application = _admission(body, meeting, secretariat_user)
    services.meeting_delete(actor=secretariat_user, meeting=meeting)
    application.refresh_from_db()
    assert (application.status, application.motion) == (Application.Status.COMPLETE, None)


@pytest.mark.django_db(transaction=True)
def test_an_open_racing_a_delete_either_opens_the_motion_or_finds_it_gone(
    body, council, secretariat_user
):
    meeting = services.meeting_create(
        actor=secretariat_user, body=body, organ="council", title="理事会", date=DAY
    )
    motion = _draft(meeting, secretariat_user)
    # each side's own copy, read as a draft before either runs
    to_open, to_delete = (
        Motion.objects.select_related("meeting__body").get(pk=motion.pk) for _ in "12"
    )

    def open_() -> str:
        services.motion_open(actor=secretariat_user, motion=to_open)
        return "opened"

    def delete() -> str:
        services.motion_delete(actor=secretariat_user, motion=to_delete)
        return "deleted"

    outcomes = at_once([open_, delete], refused=(ValidationError,))
    assert not [o for o in outcomes if o.startswith("error")], outcomes
    assert sorted(o.split(":")[0] for o in outcomes) in (
        ["opened", "refused"],
        ["deleted", "refused"],
    ), outcomes
    if "opened" in outcomes:
        assert Motion.objects.get(pk=motion.pk).status == Motion.Status.VOTING
    else:
        assert not Motion.objects.filter(pk=motion.pk).exists()


# --- who may ---------------------------------------------------------------------------------


def test_another_bodys_secretariat_and_a_member_may_not_change_a_motion(
    client, meeting, council, secretariat_user, other_secretariat_user
):
    motion = _draft(meeting, secretariat_user)
    member = council["member"][1]
    for user in (other_secretariat_user, member):
        with pytest.raises(PermissionDenied):
            services.motion_update(actor=user, motion=motion, data={"title": "改名"})
        with pytest.raises(PermissionDenied):
            services.motion_delete(actor=user, motion=motion)
    url = f"/api/v1/motions/{motion.pk}"
    edit = reverse("governance:motion_edit", args=[motion.pk])
    delete = reverse("governance:motion_delete", args=[motion.pk])
    # another body's secretariat does not read this body's meetings: unknown to it (404), as
    # a meeting is; a member unit reads the meeting, and is refused (403)
    for user, status in ((other_secretariat_user, 404), (member, 403)):
        token = make_token(user)
        assert_error(api_write(client, "patch", url, {"title": "改名"}, token), status)
        assert_error(api_write(client, "put", url, {"title": "改名"}, token), status)
        assert_error(api_write(client, "delete", url, token=token), status)
        client.force_login(user)
        assert client.get(edit).status_code == status
        assert client.post(edit, {"title": "改名", "order": 0}).status_code == status
        assert client.post(delete).status_code == status
    page = _page(client, meeting)  # the member, signed in last, reads the meeting
    assert "年度工作计划" in page and edit not in page and delete not in page
    motion.refresh_from_db()
    assert motion.title == "年度工作计划"


# --- through the API -------------------------------------------------------------------------


def test_a_draft_motion_is_corrected_and_deleted_through_the_api(
    client, body, meeting, council, secretariat_user
):
    motion, application = _admission(body, meeting, secretariat_user)
    token = make_token(secretariat_user)
    url = f"/api/v1/motions/{motion.pk}"
    read = client.get(url, headers=bearer(token))
    version = read["ETag"]
    assert version and read.json()["title"] == "关于吸收新成员的议案"
    headers = {**bearer(token), "If-Match": version}
    saved = client.patch(
        url, {"title": "关于吸收闽江公司的议案"}, "application/json", headers=headers
    )
    assert saved.status_code == 200, saved.content
    assert saved.json()["title"] == "关于吸收闽江公司的议案" and saved["ETag"] != version
    assert saved.json()["applications"] == [application.pk]  # what it acts on stays
    assert_error(
        client.patch(url, {"order": 4}, "application/json", headers=headers), 412
    )  # changed since it was read
    # PUT replaces the editable fields whole: what is left out takes its default
    services.motion_update(actor=secretariat_user, motion=motion, data={"text": "说明"})
    replaced = api_write(client, "put", url, {"title": "关于吸收新成员的议案", "order": 2}, token)
    assert replaced.status_code == 200, replaced.content
    assert (replaced.json()["text"], replaced.json()["order"]) == ("", 2)
    # bad input: 422 naming the field
    assert_error(api_write(client, "patch", url, {"title": ""}, token), 422, "title")
    assert_error(api_write(client, "patch", url, {"order": -1}, token), 422, "order")
    assert_error(api_write(client, "put", url, {"text": "只有内容"}, token), 422, "title")
    assert_error(
        api_write(client, "patch", url, {"decision_type": "charter"}, token), 422, "decision_type"
    )
    motion.refresh_from_db()
    assert (motion.title, motion.decision_type, motion.order) == (
        "关于吸收新成员的议案",
        "admission",
        2,
    )
    response = api_write(client, "delete", url, token=token)
    assert response.status_code == 204 and not Motion.objects.filter(pk=motion.pk).exists()
    application.refresh_from_db()
    assert (application.status, application.motion) == (Application.Status.COMPLETE, None)
    assert_error(api_write(client, "delete", url, token=token), 404)
