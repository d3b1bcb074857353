"""A council meeting run on its page: the secretariat calls it, records attendance, puts an
admission and opens the vote; two representatives vote from their own sessions and see the
tally move; the close records the resolution and the new member is on the body page."""

from __future__ import annotations

import datetime

from django.test import Client
from django.urls import reverse

from chanjiao.governance.models import Meeting, Motion, Vote
from chanjiao.registry.models import Membership
from chanjiao.registry.tests.factories import OrganizationFactory


def test_a_council_meeting_on_its_page(client, body, council, secretariat_user):
    client.force_login(secretariat_user)
    listing = reverse("governance:meeting_list", args=[body.pk])
    assert listing in client.get(reverse("registry:body_detail", args=[body.pk])).content.decode()
    response = client.post(
        listing,
        {"organ": "council", "title": "一届三次理事会", "date": "2025-06-18", "mode": "in_person"},
    )
    meeting = Meeting.objects.get()
    assert response.headers["Location"] == reverse("governance:meeting", args=[meeting.pk])
    for key in ("chair", "vice", "director1"):
        client.post(
            reverse("governance:attendance", args=[meeting.pk]),
            {"organization": council[key][0].pk, "status": "present"},
        )
    applicant = OrganizationFactory(name="申请加入科技有限公司")
    client.post(
        reverse("governance:motion_add", args=[meeting.pk]),
        {
            "decision_type": "admission",
            "title": "关于吸收新成员的议案",
            "admits": [applicant.pk],
            "admit_role": "member",
            "order": 1,
        },
    )
    motion = Motion.objects.get()
    client.post(reverse("governance:motion_open", args=[motion.pk]))
    page = client.get(reverse("governance:meeting", args=[meeting.pk])).content.decode()
    assert "出席 3 / 4" in page and "结束表决并形成决议" in page
    assert reverse("governance:motion_vote", args=[motion.pk]) not in page  # not a voter

    voters = {}
    for key in ("chair", "vice"):
        voters[key] = Client()
        voters[key].force_login(council[key][1])
    page = voters["chair"].get(reverse("governance:meeting", args=[meeting.pk])).content.decode()
    assert reverse("governance:motion_vote", args=[motion.pk]) in page
    assert "结束表决并形成决议" not in page  # a representative does not run the meeting
    for key in ("chair", "vice"):
        voters[key].post(reverse("governance:motion_vote", args=[motion.pk]), {"choice": "yes"})
    again = voters["chair"].post(
        reverse("governance:motion_vote", args=[motion.pk]), {"choice": "no"}, follow=True
    )
    assert "已就此议案投票" in again.content.decode()
    assert Vote.objects.filter(motion=motion).count() == 2
    tally = client.get(
        reverse("governance:meeting", args=[meeting.pk]), {"partial": "tally", "motion": motion.pk}
    ).content.decode()
    assert "赞成 2" in tally and "目前可通过" in tally and 'hx-trigger="every 3s"' in tally

    client.post(reverse("governance:motion_close", args=[motion.pk]))
    assert Membership.objects.filter(body=body, organization=applicant).exists()
    page = client.get(reverse("registry:body_detail", args=[body.pk])).content.decode()
    assert applicant.name in page
    tally = client.get(
        reverse("governance:meeting", args=[meeting.pk]), {"partial": "tally", "motion": motion.pk}
    ).content.decode()
    assert "第 1 号决议" in tally and "hx-trigger" not in tally  # closed: it stops polling
    meeting_url = reverse("governance:meeting", args=[meeting.pk])
    assert client.get(meeting_url, {"partial": "tally", "motion": "9999"}).status_code == 404
    listing_page = client.get(listing).content.decode()
    assert "关于吸收新成员的议案" in listing_page


def test_a_stranger_sees_no_meeting_and_runs_nothing(
    client, body, council, secretariat_user, plain_user
):
    from chanjiao.governance import services

    meeting = services.meeting_create(
        actor=secretariat_user, body=body, organ="council", title="理事会", date="2025-06-18"
    )
    client.force_login(plain_user)
    assert client.get(reverse("governance:meeting", args=[meeting.pk])).status_code == 404
    response = client.post(
        reverse("governance:meeting_list", args=[body.pk]),
        {"organ": "council", "title": "x", "date": "2025-06-18", "mode": "in_person"},
    )
    assert response.status_code == 404 and Meeting.objects.count() == 1
    client.force_login(council["member"][1])  # a member's contact reads, does not run
    assert client.get(reverse("governance:meeting", args=[meeting.pk])).status_code == 200
    response = client.post(
        reverse("governance:attendance", args=[meeting.pk]),
        {"organization": council["chair"][0].pk, "status": "present"},
    )
    assert response.status_code == 403


def test_the_meeting_page_offers_an_invitation_for_a_voting_unit_nobody_represents(
    client, body, council, secretariat_user
):
    from chanjiao.accounts.models import OrganizationContact

    OrganizationContact.objects.filter(organization=council["director2"][0]).delete()
    meeting = Meeting.objects.create(
        body=body, organ="council", title="理事会", date=datetime.date(2025, 6, 18)
    )
    client.force_login(secretariat_user)
    page = client.get(reverse("governance:meeting", args=[meeting.pk])).content.decode()
    invite = reverse("accounts:body_users", args=[body.pk])
    assert f"{invite}?organization={council['director2'][0].pk}" in page
    assert f"{invite}?organization={council['chair'][0].pk}" not in page
    form = client.get(invite, {"organization": council["director2"][0].pk}).content.decode()
    assert f'<option value="{council["director2"][0].pk}" selected>' in form


def test_attendance_with_a_unit_that_is_no_id_asks_for_a_unit(client, body, secretariat_user):
    # "²" and "abc" reached the database as ids: a server error instead of "请选择单位".
    client.force_login(secretariat_user)
    client.post(
        reverse("governance:meeting_list", args=[body.pk]),
        {"organ": "council", "title": "一届四次理事会", "date": "2025-07-01", "mode": "in_person"},
    )
    meeting = Meeting.objects.get()
    for value in ("²", "abc", "9" * 30):
        response = client.post(
            reverse("governance:attendance", args=[meeting.pk]),
            {"organization": value, "status": "present", "proxy": value},
            follow=True,
        )
        assert response.status_code == 200 and "请选择单位" in response.content.decode()


def test_a_motion_refused_comes_back_with_what_was_typed(client, body, council, secretariat_user):
    """A motion the form or the rules refuse shows again, title and text as typed, with what
    to fix beside them: the page redirected with a message and the secretariat lost the text."""
    client.force_login(secretariat_user)
    meeting = Meeting.objects.create(
        body=body, organ="council", title="一届三次理事会", date=datetime.date(2025, 6, 18)
    )
    text = "经审核，拟吸收以下单位为成员单位。" * 5
    url = reverse("governance:motion_add", args=[meeting.pk])
    for data in (
        {"decision_type": "admission", "title": "", "text": text, "order": 1},
        {"decision_type": "admission", "title": "关于吸收新成员的议案", "text": text, "order": 1},
    ):
        response = client.post(url, data)
        page = response.content.decode()
        assert response.status_code == 200 and text in page and "is-invalid" in page
        assert data["title"] in page and 'id="motion-form"' in page
    assert not Motion.objects.exists()
