"""When votes open, close and are dated: a vote by correspondence runs to its deadline (or until
every unit has voted), which is only put later while it runs; a motion opens on its meeting's
day or after, and one closed after that day is decided on it; meeting days lie in a sane range.
A resolution decided after its meeting's minutes were published is published with them, and
the API publishes a meeting as the page does — never while a motion of it is voting."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from chanjiao.core.testing import api_write, assert_error, make_token
from chanjiao.governance import services
from chanjiao.governance.models import Meeting
from chanjiao.registry.models import Membership
from chanjiao.registry.tests.factories import OrganizationFactory

SEATS = ("chair", "vice", "director1", "director2")


def _correspondence(body, secretariat_user, deadline):
    services.decision_rule_set(
        actor=secretariat_user,
        body=body,
        decision_type="ordinary",
        organ="council",
        correspondence=True,
    )
    return services.meeting_create(
        actor=secretariat_user,
        body=body,
        organ="council",
        title="理事会通讯表决",
        date=timezone.localdate(),
        mode=Meeting.Mode.CORRESPONDENCE,
        deadline=deadline,
    )


def _open(meeting, secretariat_user, **parts):
    parts.setdefault("decision_type", "ordinary")
    motion = services.motion_create(
        actor=secretariat_user, meeting=meeting, title="关于年度经费的议案", **parts
    )
    return services.motion_open(actor=secretariat_user, motion=motion)


# --- finding 6: votes by correspondence -------------------------------------------------------


def test_a_vote_by_correspondence_closes_before_its_deadline_only_once_every_unit_voted(
    body, council, secretariat_user
):
    meeting = _correspondence(body, secretariat_user, timezone.now() + datetime.timedelta(days=7))
    motion = _open(meeting, secretariat_user)
    for key in ("chair", "vice", "director1"):
        services.vote_cast(actor=council[key][1], motion=motion, choice="yes")
    with pytest.raises(ValidationError, match="还有 1 个单位未投票"):
        services.motion_close(actor=secretariat_user, motion=motion)
    services.vote_cast(actor=council["director2"][1], motion=motion, choice="no")
    assert services.motion_close(actor=secretariat_user, motion=motion).passed


def test_a_running_votes_deadline_is_only_put_later_and_only_before_it_passes(
    body, council, secretariat_user
):
    deadline = timezone.now() + datetime.timedelta(days=7)
    meeting = _correspondence(body, secretariat_user, deadline)
    motion = _open(meeting, secretariat_user)
    for earlier in (
        timezone.now() - datetime.timedelta(hours=1),
        deadline - datetime.timedelta(days=1),
    ):
        with pytest.raises(ValidationError, match="只能延后"):
            services.meeting_update(
                actor=secretariat_user, meeting=meeting, data={"deadline": earlier}
            )
    later = deadline + datetime.timedelta(days=3)
    services.meeting_update(actor=secretariat_user, meeting=meeting, data={"deadline": later})
    # Once it has passed, the vote is not reopened.
    Meeting.objects.filter(pk=meeting.pk).update(
        deadline=timezone.now() - datetime.timedelta(hours=1)
    )
    meeting.refresh_from_db()
    with pytest.raises(ValidationError, match="截止时间不能再更改"):
        services.meeting_update(actor=secretariat_user, meeting=meeting, data={"deadline": later})
    # Past its deadline it closes with the ballots returned.
    assert not services.motion_close(actor=secretariat_user, motion=motion).passed


# --- finding 7: publication -------------------------------------------------------------------


def _in_person(body, secretariat_user, council, day=None):
    meeting = services.meeting_create(
        actor=secretariat_user,
        body=body,
        organ="council",
        title="一届九次理事会",
        date=day or timezone.localdate(),
    )
    for key in SEATS:
        services.attendance_set(
            actor=secretariat_user, meeting=meeting, organization=council[key][0], status="present"
        )
    return meeting


def _decide(motion, council, secretariat_user):
    for key in SEATS:
        services.vote_cast(actor=council[key][1], motion=motion, choice="yes")
    return services.motion_close(actor=secretariat_user, motion=motion)


def test_a_resolution_decided_after_the_minutes_were_published_is_published(
    client, body, council, secretariat_user
):
    meeting = _in_person(body, secretariat_user, council)
    first = _decide(_open(meeting, secretariat_user), council, secretariat_user)
    services.meeting_publish(actor=secretariat_user, meeting=meeting)
    later = _decide(_open(meeting, secretariat_user), council, secretariat_user)
    assert later.is_published  # was False, with no way to publish it
    numbers = {
        r["number"] for r in client.get(f"/api/v1/resolutions?body={body.pk}").json()["items"]
    }
    assert {first.number, later.number} <= numbers
    page = client.get(reverse("governance:published_resolutions", args=[body.pk]))
    assert f"第 {later.number} 号决议" in page.content.decode()


def test_the_api_publishes_a_meeting_but_not_while_a_motion_of_it_votes(
    client, body, council, secretariat_user
):
    meeting = _in_person(body, secretariat_user, council)
    motion = _open(meeting, secretariat_user)
    token = make_token(secretariat_user)
    url = f"/api/v1/meetings/{meeting.pk}/publish"
    refused = assert_error(api_write(client, "post", url, None, token), 422)
    assert motion.title in refused["detail"] and "仍在表决中" in refused["detail"]
    assert_error(api_write(client, "post", url, None, make_token(council["chair"][1])), 403)
    resolution = _decide(motion, council, secretariat_user)
    response = api_write(client, "post", url, None, token)
    assert response.status_code == 200, response.content
    assert response.json()["id"] == meeting.pk
    meeting.refresh_from_db()
    resolution.refresh_from_db()
    assert meeting.is_published and resolution.is_published


# --- finding 8: dates -------------------------------------------------------------------------


def test_a_motion_is_not_opened_before_its_meeting_day(body, council, secretariat_user):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    meeting = services.meeting_create(
        actor=secretariat_user, body=body, organ="council", title="明日理事会", date=tomorrow
    )
    motion = services.motion_create(
        actor=secretariat_user, meeting=meeting, decision_type="ordinary", title="年度经费"
    )
    with pytest.raises(ValidationError, match="还没到"):
        services.motion_open(actor=secretariat_user, motion=motion)
    motion.refresh_from_db()
    assert motion.status == "draft" and not motion.roll.exists()


def test_a_meeting_closed_after_its_day_decides_on_that_day(body, council, secretariat_user):
    day = timezone.localdate() - datetime.timedelta(days=18)
    meeting = _in_person(body, secretariat_user, council, day=day)
    newcomer = OrganizationFactory(name="补录吸收单位公司")
    motion = _open(meeting, secretariat_user, decision_type="admission", admits=[newcomer])
    resolution = _decide(motion, council, secretariat_user)
    assert timezone.localdate(resolution.decided_at) == day  # was today
    assert Membership.objects.get(organization=newcomer).since == day


def test_meeting_days_lie_from_1990_to_five_years_ahead(client, body, secretariat_user):
    token = make_token(secretariat_user)
    payload = {"body": body.pk, "organ": "council", "title": "理事会"}
    for date in ("0001-01-01", "9999-12-31", "1989-12-31"):
        response = api_write(client, "post", "/api/v1/meetings", {**payload, "date": date}, token)
        assert "1990-01-01" in assert_error(response, 422, "date")["errors"]["date"][0]
    response = api_write(
        client, "post", "/api/v1/meetings", {**payload, "date": "1990-01-01"}, token
    )
    assert response.status_code == 201, response.content
    url = f"/api/v1/meetings/{response.json()['id']}"
    assert_error(api_write(client, "patch", url, {"date": "9999-12-31"}, token), 422, "date")
