"""Governance mail notices: the applicant is mailed at the address it gave when it applies (with
its status link), when the secretariat judges the application complete, asks for more or
declines it, and when a resolution admits it or not; representatives are mailed, one mail
each, when a meeting is called, a vote opens or the minutes are published."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from chanjiao.accounts.models import Preference
from chanjiao.governance import notices, services
from chanjiao.governance.models import Application
from chanjiao.registry.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

FORM = {
    "name": "闽江智能装备有限公司",
    "credit_code": "91350100M000100Y43",
    "kind": "enterprise",
    "region": "福州",
    "requested_role": "director",
    "description": "从事智能装备研发。",
    "contact_name": "林芳",
    "contact_phone": "",
    "contact_email": "linfang@minjiang.example.cn",
}


@pytest.fixture(autouse=True)
def _mail_at_once(settings, tmp_path):
    """The queue runs each task at once, so the tests read the mails the writes queue."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CHANJIAO_SITE_URL = "https://chanjiao.example.cn"


def _submit(commit, body, **changes) -> tuple[Application, str]:
    with commit(execute=True):
        return services.application_submit(actor=None, body=body, **(FORM | changes))


def _review(commit, secretariat_user, application, decision, note=""):
    with commit(execute=True):
        return services.application_review(
            actor=secretariat_user, application=application, decision=decision, note=note
        )


def test_the_applicant_is_mailed_its_status_link_when_it_applies(
    client, body, django_capture_on_commit_callbacks
):
    data = FORM | {"file": SimpleUploadedFile("执照.pdf", b"%PDF-1.4 x", "application/pdf")}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("governance:apply", args=[body.pk]), data)
    assert response.status_code == 302
    token = response.headers["Location"].rstrip("/").rsplit("/", 1)[-1]
    [sent] = mail.outbox
    assert sent.to == ["linfang@minjiang.example.cn"]
    assert sent.subject == f"入会申请已提交：{body.name}"
    # the link is the address the applicant applied on
    url = "http://testserver" + reverse("governance:application_status", args=[token])
    assert url in sent.body and "林芳" in sent.body


def test_no_mail_without_an_address(body, django_capture_on_commit_callbacks):
    _submit(django_capture_on_commit_callbacks, body, contact_email="", contact_phone="0591-1")
    assert mail.outbox == []


def test_the_applicant_is_told_the_secretariats_judgement(
    body, secretariat_user, django_capture_on_commit_callbacks
):
    commit = django_capture_on_commit_callbacks
    application, token = _submit(commit, body)
    _review(commit, secretariat_user, application, "incomplete", "请补充营业执照副本")
    _review(commit, secretariat_user, application, "complete")
    _review(commit, secretariat_user, application, "complete")  # the same again: no new mail
    assert [m.subject for m in mail.outbox[1:]] == [
        f"入会申请需补充材料：{body.name}",
        f"入会申请材料齐全：{body.name}",
    ]
    assert "请补充营业执照副本" in mail.outbox[1].body
    # the later mails refer to the link (its token is not kept) and never show it
    assert token not in mail.outbox[1].body and "申请进度链接" in mail.outbox[1].body

    other, _token = _submit(commit, body, name="另一家公司", credit_code="")
    _review(commit, secretariat_user, other, "decline", "不属于本集团的产业领域")
    assert mail.outbox[-1].subject == f"入会申请不予受理：{body.name}"
    assert "不属于本集团的产业领域" in mail.outbox[-1].body


def test_the_applicant_is_told_the_decision(
    body, council, secretariat_user, django_capture_on_commit_callbacks
):
    commit = django_capture_on_commit_callbacks
    meeting = services.meeting_create(
        actor=secretariat_user,
        body=body,
        organ="council",
        title="一届四次理事会",
        date=timezone.localdate(),
    )
    outcomes = {}
    for passed, name in ((True, "通过的公司"), (False, "未通过的公司")):
        application, _token = _submit(commit, body, name=name, credit_code="")
        _review(commit, secretariat_user, application, "complete")
        motion = services.motion_create(
            actor=secretariat_user,
            meeting=meeting,
            decision_type="admission",
            title=f"关于吸收{name}的议案",
            applications=[application],
        )
        mail.outbox.clear()
        with commit(execute=True):
            services.resolution_record(
                actor=secretariat_user, motion=motion, passed=passed, source="会议纪要"
            )
        [sent] = mail.outbox
        outcomes[passed] = sent
    assert outcomes[True].subject == f"入会申请已获通过：{body.name}"
    assert outcomes[False].subject == f"入会申请未获通过：{body.name}"
    assert "秘书处意见" not in outcomes[True].body
    assert "未通过" in outcomes[False].body  # the resolution's number, from the note


def test_no_mail_leaves_when_the_write_rolls_back(
    body, secretariat_user, django_capture_on_commit_callbacks
):
    application, _token = _submit(django_capture_on_commit_callbacks, body)
    mail.outbox.clear()
    commit = django_capture_on_commit_callbacks(execute=True)
    with commit, pytest.raises(RuntimeError), transaction.atomic():
        services.application_review(
            actor=secretariat_user, application=application, decision="complete"
        )
        raise RuntimeError("the request failed after the review")
    assert mail.outbox == []


def test_a_signed_in_applicant_is_mailed_later_in_its_own_language(
    body, secretariat_user, django_capture_on_commit_callbacks, monkeypatch
):
    user = UserFactory(username="applicant")
    Preference.objects.create(user=user, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        application, _token = services.application_submit(actor=user, body=body, **FORM)
    written_in = []
    original = notices.application_message

    def spy(*args, **kwargs):
        written_in.append(translation.get_language())
        return original(*args, **kwargs)

    monkeypatch.setattr(notices, "application_message", spy)
    _review(django_capture_on_commit_callbacks, secretariat_user, application, "complete")
    assert written_in == ["en"]


def test_a_mail_server_down_leaves_the_judgement_standing(
    body, secretariat_user, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    application, _token = _submit(django_capture_on_commit_callbacks, body)

    def down(*args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr("django.core.mail.send_mail", down)
    _review(django_capture_on_commit_callbacks, secretariat_user, application, "complete")
    application.refresh_from_db()
    assert application.status == "complete"
    assert "the notice was not sent" in caplog.text


# --- representatives --------------------------------------------------------------------------


def test_representatives_are_mailed_one_by_one_about_a_meeting(body, council, secretariat_user):
    for key, (_org, user) in council.items():
        user.email = f"{key}@example.cn"
        user.save()
    meeting = services.meeting_create(
        actor=secretariat_user,
        body=body,
        organ="council",
        title="一届五次理事会",
        date=datetime.date(2026, 12, 20),
        place="学院报告厅",
    )
    assert notices.send_meeting(meeting.pk, notices.CALLED, None) == 4
    assert sorted(m.to[0] for m in mail.outbox) == [
        "chair@example.cn",
        "director1@example.cn",
        "director2@example.cn",
        "vice@example.cn",
    ]  # the plain member has no seat in the council
    assert all(len(m.to) == 1 for m in mail.outbox)
    assert mail.outbox[0].subject == "会议通知：一届五次理事会"
    assert "2026-12-20" in mail.outbox[0].body and "学院报告厅" in mail.outbox[0].body

    mail.outbox.clear()
    assert notices.send_meeting(meeting.pk, notices.PUBLISHED, None) == 5  # every member unit
    assert mail.outbox[0].subject == "会议纪要已公布：一届五次理事会"


def test_the_representatives_on_a_motions_roll_are_told_the_vote_opened(
    body, council, secretariat_user
):
    for key, (_org, user) in council.items():
        user.email = f"{key}@example.cn"
        user.save()
    meeting = services.meeting_create(
        actor=secretariat_user,
        body=body,
        organ="council",
        title="一届五次理事会",
        date=timezone.localdate(),
    )
    for key in ("chair", "vice", "director1", "director2"):
        services.attendance_set(
            actor=secretariat_user, meeting=meeting, organization=council[key][0], status="present"
        )
    motion = services.motion_create(
        actor=secretariat_user, meeting=meeting, decision_type="ordinary", title="年度工作计划"
    )
    services.motion_open(actor=secretariat_user, motion=motion)
    assert notices.send_meeting(meeting.pk, notices.OPENED, motion.pk) == 4
    assert mail.outbox[0].subject == "议案开始表决：年度工作计划"
