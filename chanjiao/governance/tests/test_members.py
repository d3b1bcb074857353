"""The membership lifecycle outside a vote and the body's decision rules: a withdrawal by
written notice ends the unit's memberships on the day it takes effect; a suspension keeps a unit
from voting until it is lifted; the history lists who joined (and by which resolution), left,
was removed by a resolution or sanctioned, in a fixed number of queries; the rules page shows
the rule in force and the secretariat restates it; only the secretariat writes, and only it (and
admins) reads a withdrawal's notice."""

from __future__ import annotations

import datetime
from fractions import Fraction

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from chanjiao.core.models import ObjectChange
from chanjiao.core.testing import api_write, assert_error, bearer, items, make_token
from chanjiao.governance import rules, selectors, services
from chanjiao.governance.models import Resolution, Sanction, Withdrawal
from chanjiao.registry.models import Charter, Membership
from chanjiao.registry.tests.factories import (
    MembershipFactory,
    OrganizationContactFactory,
    OrganizationFactory,
    UserFactory,
)

DAY = datetime.date(2025, 6, 18)
NOTICE = datetime.date(2025, 3, 1)
EFFECTIVE = datetime.date(2025, 3, 31)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _two_roles(body):
    """A unit that is both a member and a director of ``body``."""
    org = OrganizationFactory(name="退出科技有限公司")
    since = datetime.date(2024, 1, 1)
    MembershipFactory(body=body, organization=org, role="member", since=since)
    MembershipFactory(body=body, organization=org, role="director", since=since)
    return org


# --- withdrawal (退出) -------------------------------------------------------------------------


def test_a_withdrawal_ends_every_current_membership_of_the_unit_on_the_effective_day(
    body, secretariat_user
):
    org = _two_roles(body)
    withdrawal = services.withdrawal_record(
        actor=secretariat_user,
        body=body,
        organization=org,
        notice_on=NOTICE,
        effective_on=EFFECTIVE,
        reason="业务调整",
        file=SimpleUploadedFile("退出函.pdf", b"%PDF-1.4 notice"),
    )
    assert (withdrawal.notice_on, withdrawal.effective_on, withdrawal.reason) == (
        NOTICE,
        EFFECTIVE,
        "业务调整",
    )
    assert withdrawal.file.name.startswith("withdrawals/") and "退出函" not in withdrawal.file.name
    memberships = Membership.objects.filter(body=body, organization=org)
    assert {m.until for m in memberships} == {EFFECTIVE}
    assert all("书面通知退出（通知日期 2025-03-01）" in m.notes for m in memberships)
    # through the registry's service: the change log says who ended each membership
    changes = ObjectChange.objects.filter(
        content_type__model="membership", object_id__in=[m.pk for m in memberships]
    )
    assert changes.count() == 2 and {c.actor_id for c in changes} == {secretariat_user.pk}
    # a member the day before, no longer on the day itself
    day_before = EFFECTIVE - datetime.timedelta(days=1)
    assert org in services.voting_units(body, "general_assembly", day_before)
    assert org not in services.voting_units(body, "general_assembly", EFFECTIVE)
    assert org not in services.voting_units(body, "council", EFFECTIVE)

    (event,) = [
        e for e in selectors.member_history(actor=secretariat_user, body=body) if e.withdrawal
    ]
    assert (event.kind, event.on, event.organization) == ("withdrew", EFFECTIVE, org)
    assert sorted(event.roles) == sorted(["成员单位", "理事单位"])


def test_a_withdrawal_takes_effect_on_the_notice_day_unless_told_otherwise(body, secretariat_user):
    org = _two_roles(body)
    withdrawal = services.withdrawal_record(
        actor=secretariat_user, body=body, organization=org, notice_on=NOTICE
    )
    assert withdrawal.effective_on == NOTICE
    assert not Membership.objects.filter(organization=org, until__isnull=True).exists()


def test_a_unit_that_is_not_a_member_cannot_withdraw(body, other_body, secretariat_user):
    stranger = OrganizationFactory(name="非成员单位")
    MembershipFactory(body=other_body, organization=stranger)  # a member elsewhere only
    with pytest.raises(ValidationError, match="不是.*现任成员单位"):
        services.withdrawal_record(
            actor=secretariat_user, body=body, organization=stranger, notice_on=NOTICE
        )
    left = OrganizationFactory(name="已退出单位")
    MembershipFactory(body=body, organization=left, until=datetime.date(2024, 12, 31))
    with pytest.raises(ValidationError, match="不是.*现任成员单位"):
        services.withdrawal_record(
            actor=secretariat_user, body=body, organization=left, notice_on=NOTICE
        )
    assert not Withdrawal.objects.exists()


def test_a_withdrawal_cannot_take_effect_before_its_notice(body, secretariat_user):
    org = _two_roles(body)
    with pytest.raises(ValidationError) as refused:
        services.withdrawal_record(
            actor=secretariat_user,
            body=body,
            organization=org,
            notice_on=EFFECTIVE,
            effective_on=NOTICE,
        )
    assert "退出日期不能早于通知日期" in refused.value.message_dict["effective_on"]
    assert not Withdrawal.objects.exists()
    assert Membership.objects.filter(organization=org, until__isnull=True).count() == 2


def test_a_withdrawal_before_the_unit_joined_changes_nothing(body, secretariat_user):
    org = _two_roles(body)
    MembershipFactory(
        body=body, organization=org, role="vice_chair", since=datetime.date(2025, 5, 1)
    )
    with pytest.raises(ValidationError, match="加入日期"):
        services.withdrawal_record(
            actor=secretariat_user, body=body, organization=org, notice_on=NOTICE
        )
    # all or nothing: the two older memberships were not ended either
    assert Membership.objects.filter(organization=org, until__isnull=True).count() == 3


def test_only_the_secretariat_records_a_withdrawal(
    body, council, other_secretariat_user, supervisor_user
):
    org = council["member"][0]
    for user in (
        council["chair"][1],
        council["member"][1],
        other_secretariat_user,
        supervisor_user,
    ):
        with pytest.raises(PermissionDenied):
            services.withdrawal_record(actor=user, body=body, organization=org, notice_on=NOTICE)
    assert Membership.objects.get(organization=org).until is None


# --- sanctions (处分) ---------------------------------------------------------------------------


@pytest.fixture
def meeting(body, secretariat_user):
    return services.meeting_create(
        actor=secretariat_user, body=body, organ="council", title="一届三次理事会", date=DAY
    )


def test_a_suspended_unit_does_not_vote_and_votes_again_once_the_suspension_is_lifted(
    body, meeting, council, secretariat_user
):
    vice, representative = council["vice"]
    suspension = services.sanction_create(
        actor=secretariat_user,
        membership=Membership.objects.get(organization=vice),
        kind=Sanction.Kind.SUSPENSION,
        reason="未按期履行成员义务",
        since=DAY - datetime.timedelta(days=30),
    )
    assert vice not in services.voting_units(body, "council", DAY)
    motion = services.motion_open(
        actor=secretariat_user,
        motion=services.motion_create(
            actor=secretariat_user, meeting=meeting, decision_type="ordinary", title="年度经费"
        ),
    )
    with pytest.raises(ValidationError, match="没有表决权"):
        services.vote_cast(actor=representative, motion=motion, choice="yes")

    lifted = services.sanction_end(
        actor=secretariat_user, sanction=suspension, until=DAY - datetime.timedelta(days=1)
    )
    assert lifted.until == DAY - datetime.timedelta(days=1)
    assert vice in services.voting_units(body, "council", DAY)
    # The roll of a meeting is fixed when its first vote opens: the lift counts from the next.
    with pytest.raises(ValidationError, match="没有表决权"):
        services.vote_cast(actor=representative, motion=motion, choice="yes")
    next_meeting = services.meeting_create(
        actor=secretariat_user, body=body, organ="council", title="一届四次理事会", date=DAY
    )
    services.attendance_set(
        actor=secretariat_user, meeting=next_meeting, organization=vice, status="present"
    )
    later = services.motion_open(
        actor=secretariat_user,
        motion=services.motion_create(
            actor=secretariat_user, meeting=next_meeting, decision_type="ordinary", title="年度计划"
        ),
    )
    vote = services.vote_cast(actor=representative, motion=later, choice="yes")
    assert vote.organization == vice
    assert ObjectChange.objects.filter(
        content_type__model="sanction", object_id=suspension.pk, action="update"
    ).exists()


def test_a_sanction_ends_no_earlier_than_it_began_and_is_not_lengthened(
    body, council, secretariat_user
):
    membership = Membership.objects.get(organization=council["director1"][0])
    warning = services.sanction_create(
        actor=secretariat_user,
        membership=membership,
        kind=Sanction.Kind.WARNING,
        reason="多次缺席",
        since=DAY,
        until=DAY + datetime.timedelta(days=90),
    )
    with pytest.raises(ValidationError, match="不能早于处分开始日期"):
        services.sanction_end(
            actor=secretariat_user, sanction=warning, until=DAY - datetime.timedelta(days=1)
        )
    with pytest.raises(ValidationError, match="已于"):
        services.sanction_end(
            actor=secretariat_user, sanction=warning, until=DAY + datetime.timedelta(days=120)
        )
    with pytest.raises(PermissionDenied):
        services.sanction_end(actor=council["chair"][1], sanction=warning, until=DAY)


def test_a_sanction_needs_a_current_membership_and_a_resolution_of_the_body(
    body, other_body, council, secretariat_user
):
    ended = MembershipFactory(
        body=body,
        organization=OrganizationFactory(name="已退出单位"),
        since=datetime.date(2023, 1, 1),
        until=datetime.date(2024, 1, 1),
    )
    with pytest.raises(ValidationError, match="已于 2024-01-01 结束"):
        services.sanction_create(
            actor=secretariat_user, membership=ended, kind="warning", reason="x", since=DAY
        )
    membership = Membership.objects.get(organization=council["chair"][0])
    with pytest.raises(ValidationError, match="加入日期"):
        services.sanction_create(
            actor=secretariat_user,
            membership=membership,
            kind="warning",
            reason="x",
            since=datetime.date(2023, 1, 1),
        )
    elsewhere = services.meeting_create(
        actor=UserFactory(username="root", is_superuser=True),
        body=other_body,
        organ="council",
        title="他体理事会",
        date=DAY,
    )
    from chanjiao.governance.models import Motion

    foreign = Resolution.objects.create(
        motion=Motion.objects.create(meeting=elsewhere, decision_type="ordinary", title="他体"),
        number=1,
        passed=True,
        decided_at=timezone.now(),
    )
    with pytest.raises(ValidationError, match="本产教融合体的决议"):
        services.sanction_create(
            actor=secretariat_user,
            membership=membership,
            kind="criticism",
            reason="x",
            since=DAY,
            resolution=foreign,
        )


# --- the history (成员变动) -----------------------------------------------------------------------


def _close_with_votes(motion, secretariat_user, council, voters):
    services.motion_open(actor=secretariat_user, motion=motion)
    for key in voters:
        services.vote_cast(actor=council[key][1], motion=motion, choice="yes")
    resolution = services.motion_close(actor=secretariat_user, motion=motion)
    assert resolution.passed, resolution.figures
    return resolution


@pytest.fixture
def lifecycle(body, council, secretariat_user):
    """An admission and a removal passed by the general assembly's votes, a withdrawal by
    notice and a suspension: {name: the row it made}."""
    assembly = services.meeting_create(
        actor=secretariat_user,
        body=body,
        organ="general_assembly",
        title="会员大会",
        date=timezone.localdate(),
    )
    for org, _user in council.values():
        services.attendance_set(
            actor=secretariat_user, meeting=assembly, organization=org, status="present"
        )
    services.decision_rule_set(
        actor=secretariat_user,
        body=body,
        decision_type="admission",
        organ="general_assembly",
        quorum_numerator=2,
        quorum_denominator=3,
        threshold_numerator=1,
        threshold_denominator=2,
    )
    services.decision_rule_set(
        actor=secretariat_user,
        body=body,
        decision_type="removal",
        organ="general_assembly",
        quorum_numerator=2,
        quorum_denominator=3,
        threshold_numerator=2,
        threshold_denominator=3,
        strict=False,
    )
    applicant = OrganizationFactory(name="新加入科技有限公司")
    admitted = _close_with_votes(
        services.motion_create(
            actor=secretariat_user,
            meeting=assembly,
            decision_type="admission",
            title="关于吸收新成员的议案",
            admits=[applicant],
        ),
        secretariat_user,
        council,
        ("chair", "vice", "director1", "director2"),
    )
    removed_membership = Membership.objects.get(organization=council["member"][0])
    removed = _close_with_votes(
        services.motion_create(
            actor=secretariat_user,
            meeting=assembly,
            decision_type="removal",
            title="关于除名的议案",
            removes=[removed_membership],
        ),
        secretariat_user,
        council,
        ("chair", "vice", "director1", "director2"),
    )
    withdrawal = services.withdrawal_record(
        actor=secretariat_user,
        body=body,
        organization=council["director2"][0],
        notice_on=datetime.date(2025, 1, 10),
        effective_on=datetime.date(2025, 2, 1),
        reason="业务调整",
        file=SimpleUploadedFile("退出函.pdf", b"%PDF-1.4 notice"),
    )
    suspension = services.sanction_create(
        actor=secretariat_user,
        membership=Membership.objects.get(organization=council["vice"][0]),
        kind=Sanction.Kind.SUSPENSION,
        reason="未按期缴纳会费",
        since=datetime.date(2025, 3, 1),
    )
    return {
        "applicant": applicant,
        "admitted": admitted,
        "removed": removed,
        "removed_membership": removed_membership,
        "withdrawal": withdrawal,
        "suspension": suspension,
    }


def test_the_history_lists_who_joined_withdrew_was_removed_and_sanctioned(
    body, council, secretariat_user, lifecycle
):
    events = selectors.member_history(actor=secretariat_user, body=body)
    dated = [e.on for e in events if e.on is not None]
    assert dated == sorted(dated, reverse=True)  # newest first
    by_kind: dict[str, list] = {}
    for e in events:
        by_kind.setdefault(e.kind, []).append(e)
    (joined_by_vote,) = [e for e in by_kind["joined"] if e.organization == lifecycle["applicant"]]
    assert joined_by_vote.resolution == lifecycle["admitted"]
    assert all(e.resolution is None for e in by_kind["joined"] if e is not joined_by_vote)
    (removed,) = by_kind["removed"]
    assert removed.membership == lifecycle["removed_membership"]
    assert removed.resolution == lifecycle["removed"]
    (withdrew,) = by_kind["withdrew"]
    assert withdrew.withdrawal == lifecycle["withdrawal"] and withdrew.roles == ["理事单位"]
    assert withdrew.organization == council["director2"][0]
    (sanctioned,) = by_kind["sanctioned"]
    assert sanctioned.sanction == lifecycle["suspension"] and sanctioned.reason == "未按期缴纳会费"
    # the suspended unit is flagged wherever it appears
    assert {e.organization for e in events if e.suspended} == {council["vice"][0]}
    assert "ended" not in by_kind  # every end is explained by a notice or a resolution


def test_the_history_page_and_api_show_the_events_to_the_bodys_readers(
    client, body, council, secretariat_user, lifecycle
):
    url = reverse("governance:member_history", args=[body.pk])
    client.force_login(council["chair"][1])  # a member unit's representative reads it
    page = client.get(url).content.decode()
    for text in ("新加入科技有限公司", "依决议除名", "书面通知退出", "暂停权利", "未按期缴纳会费"):
        assert text in page, text
    assert f"第 {lifecycle['admitted'].number} 号决议" in page
    assert 'id="withdrawal-form"' not in page  # only the secretariat records
    notice = reverse("governance:withdrawal_file", args=[lifecycle["withdrawal"].pk])
    assert notice not in page
    client.force_login(secretariat_user)
    page = client.get(url).content.decode()
    assert 'id="withdrawal-form"' in page and 'id="sanction-form"' in page and notice in page
    assert reverse("governance:sanction_end", args=[lifecycle["suspension"].pk]) in page
    listing = client.get(reverse("governance:meeting_list", args=[body.pk])).content.decode()
    assert url in listing and reverse("governance:decision_rules", args=[body.pk]) in listing

    token = make_token(council["chair"][1])
    rows = items(client.get(f"/api/v1/bodies/{body.pk}/member-history", headers=bearer(token)))
    kinds = {row["kind"] for row in rows}
    assert {"joined", "withdrew", "removed", "sanctioned"} <= kinds
    removed = next(row for row in rows if row["kind"] == "removed")
    assert removed["resolution_number"] == lifecycle["removed"].number
    sanctioned = next(row for row in rows if row["kind"] == "sanctioned")
    assert sanctioned["reason"] == "未按期缴纳会费" and sanctioned["suspended"] is True
    assert sanctioned["sanction_kind"] == "suspension" and sanctioned["until"] is None


def test_strangers_and_the_public_do_not_read_the_history_or_the_sanctions(
    client, body, council, plain_user, other_contact_user, lifecycle
):
    url = reverse("governance:member_history", args=[body.pk])
    assert client.get(url).status_code == 302  # sign in first
    client.force_login(plain_user)
    response = client.get(url)
    assert response.status_code == 403 and "未按期缴纳会费" not in response.content.decode()
    for headers in ({}, bearer(make_token(other_contact_user))):
        assert_error(client.get(f"/api/v1/bodies/{body.pk}/member-history", headers=headers), 403)
        listed = client.get(f"/api/v1/sanctions?body={body.pk}", headers=headers).json()
        assert listed["count"] == 0 and "未按期缴纳会费" not in str(listed)
    assert_error(client.get("/api/v1/bodies/999999/member-history"), 404)


def _members(body, n: int, secretariat_user):
    """``n`` more member units, each with a sanction; every third one withdrew."""
    for i in range(n):
        org = OrganizationFactory(name=f"成员单位{n}-{i}")
        membership = MembershipFactory(body=body, organization=org, since=datetime.date(2024, 1, 1))
        services.sanction_create(
            actor=secretariat_user,
            membership=membership,
            kind=Sanction.Kind.WARNING,
            reason="多次缺席",
            since=datetime.date(2024, 6, 1),
        )
        if i % 3 == 0:
            services.withdrawal_record(
                actor=secretariat_user,
                body=body,
                organization=org,
                notice_on=datetime.date(2025, 1, 1),
            )


def _queries(call) -> int:
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


@pytest.mark.parametrize("members", [3, 30])
def test_the_history_takes_a_fixed_number_of_queries_whatever_the_members(
    client, body, council, secretariat_user, lifecycle, members, django_assert_max_num_queries
):
    _members(body, members, secretariat_user)
    client.force_login(secretariat_user)
    token = make_token(secretariat_user)
    url = reverse("governance:member_history", args=[body.pk])
    with django_assert_max_num_queries(11):
        events = selectors.member_history(actor=secretariat_user, body=body)
    assert len([e for e in events if e.kind == "sanctioned"]) == members + 1
    with django_assert_max_num_queries(20):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(16):
        response = client.get(
            f"/api/v1/bodies/{body.pk}/member-history?limit=500", headers=bearer(token)
        )
        assert response.status_code == 200


def test_the_history_costs_the_same_for_3_and_30_members(
    client, body, council, secretariat_user, lifecycle
):
    client.force_login(secretariat_user)
    url = reverse("governance:member_history", args=[body.pk])
    _members(body, 3, secretariat_user)
    small = _queries(lambda: client.get(url))
    _members(body, 27, secretariat_user)
    assert _queries(lambda: client.get(url)) == small


# --- writes through the pages and the API --------------------------------------------------------


def test_the_secretariat_records_a_withdrawal_and_a_sanction_on_the_page(
    client, body, council, secretariat_user
):
    client.force_login(secretariat_user)
    url = reverse("governance:member_history", args=[body.pk])
    org = council["director1"][0]
    refused = client.post(
        url,
        {
            "action": "withdrawal",
            "withdrawal-organization": org.pk,
            "withdrawal-notice_on": "2025-03-31",
            "withdrawal-effective_on": "2025-03-01",
        },
    )
    assert refused.status_code == 200 and "退出日期不能早于通知日期" in refused.content.decode()
    response = client.post(
        url,
        {
            "action": "withdrawal",
            "withdrawal-organization": org.pk,
            "withdrawal-notice_on": "2025-03-01",
            "withdrawal-reason": "业务调整",
            "withdrawal-file": SimpleUploadedFile("退出函.pdf", b"%PDF-1.4 notice"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    withdrawal = Withdrawal.objects.get()
    assert withdrawal.effective_on == NOTICE and withdrawal.file
    assert Membership.objects.get(organization=org).until == NOTICE

    membership = Membership.objects.get(organization=council["chair"][0])
    response = client.post(
        url,
        {
            "action": "sanction",
            "sanction-membership": membership.pk,
            "sanction-kind": "criticism",
            "sanction-reason": "未按时报送年度数据",
            "sanction-since": "2025-04-01",
        },
    )
    assert response.status_code == 302
    sanction = Sanction.objects.get()
    assert (sanction.kind, sanction.membership) == ("criticism", membership)

    response = client.post(
        reverse("governance:sanction_end", args=[sanction.pk]), {"until": "2025-04-30"}
    )
    assert response.status_code == 302
    sanction.refresh_from_db()
    assert sanction.until == datetime.date(2025, 4, 30)


def test_only_the_secretariat_writes_through_the_pages_and_the_api(
    client, body, council, secretariat_user, lifecycle
):
    representative = council["chair"][1]
    client.force_login(representative)
    url = reverse("governance:member_history", args=[body.pk])
    membership = Membership.objects.get(organization=council["chair"][0])
    response = client.post(
        url,
        {
            "action": "sanction",
            "sanction-membership": membership.pk,
            "sanction-kind": "warning",
            "sanction-reason": "x",
            "sanction-since": "2025-04-01",
        },
    )
    assert response.status_code == 403
    suspension = lifecycle["suspension"]
    end = reverse("governance:sanction_end", args=[suspension.pk])
    assert client.post(end, {"until": "2025-04-30"}).status_code == 403
    rules_url = reverse("governance:decision_rules", args=[body.pk])
    assert client.post(rules_url, {"rule-decision_type": "ordinary"}).status_code == 403

    token = make_token(representative)
    withdrawal = {
        "body": body.pk,
        "organization": council["chair"][0].pk,
        "notice_on": "2025-05-01",
    }
    assert_error(api_write(client, "post", "/api/v1/withdrawals", withdrawal, token), 403)
    sanction = {
        "membership": membership.pk,
        "kind": "warning",
        "reason": "x",
        "since": "2025-05-01",
    }
    assert_error(api_write(client, "post", "/api/v1/sanctions", sanction, token), 403)
    ending = {"until": "2025-04-30"}
    assert_error(
        api_write(client, "post", f"/api/v1/sanctions/{suspension.pk}/end", ending, token), 403
    )
    assert Sanction.objects.count() == 1 and Sanction.objects.get().until is None
    assert Membership.objects.get(pk=membership.pk).until is None


def test_the_api_records_a_withdrawal_and_a_sanction_and_refuses_bad_input(
    client, body, council, secretariat_user
):
    token = make_token(secretariat_user)
    org = council["director1"][0]
    payload = {
        "body": body.pk,
        "organization": org.pk,
        "notice_on": "2025-03-31",
        "effective_on": "2025-03-01",
    }
    body_error = assert_error(api_write(client, "post", "/api/v1/withdrawals", payload, token), 422)
    assert "退出日期不能早于通知日期" in str(body_error["errors"])
    stranger = OrganizationFactory(name="非成员单位")
    payload = {"body": body.pk, "organization": stranger.pk, "notice_on": "2025-03-01"}
    assert_error(
        api_write(client, "post", "/api/v1/withdrawals", payload, token), 422, "organization"
    )
    payload = {"body": body.pk, "organization": org.pk, "notice_on": "2025-03-01", "reason": "调整"}
    response = api_write(client, "post", "/api/v1/withdrawals", payload, token)
    assert response.status_code == 201, response.content
    assert response.json()["effective_on"] == "2025-03-01"
    assert response.json()["organization"]["id"] == org.pk
    assert Membership.objects.get(organization=org).until == NOTICE

    membership = Membership.objects.get(organization=council["vice"][0])
    bad = {"membership": membership.pk, "kind": "exile", "reason": "x", "since": "2025-05-01"}
    assert_error(api_write(client, "post", "/api/v1/sanctions", bad, token), 422, "kind")
    backwards = {
        "membership": membership.pk,
        "kind": "suspension",
        "reason": "未按期缴纳会费",
        "since": "2025-05-01",
        "until": "2025-04-01",
    }
    assert_error(api_write(client, "post", "/api/v1/sanctions", backwards, token), 422, "until")
    good = {**backwards, "until": None}
    response = api_write(client, "post", "/api/v1/sanctions", good, token)
    assert response.status_code == 201, response.content
    sanction = response.json()
    assert (sanction["kind"], sanction["organization"]["id"]) == (
        "suspension",
        membership.organization_id,
    )
    ended = api_write(
        client, "post", f"/api/v1/sanctions/{sanction['id']}/end", {"until": "2025-05-31"}, token
    )
    assert ended.status_code == 200, ended.content
    assert ended.json()["until"] == "2025-05-31"
    too_early = {"until": "2025-01-01"}
    assert_error(
        api_write(client, "post", f"/api/v1/sanctions/{sanction['id']}/end", too_early, token),
        422,
        "until",
    )
    # the body's readers list its sanctions, with the reason
    contact = make_token(council["chair"][1])
    rows = items(client.get(f"/api/v1/sanctions?body={body.pk}", headers=bearer(contact)))
    assert [(r["id"], r["reason"]) for r in rows] == [(sanction["id"], "未按期缴纳会费")]


def test_the_withdrawal_notice_is_the_secretariats_and_admins_only(
    client, body, council, secretariat_user, admin_user, contact_user, lifecycle
):
    url = reverse("governance:withdrawal_file", args=[lifecycle["withdrawal"].pk])
    # the withdrawn unit's own representative, and a current member's
    leaver = council["director2"][1]
    for user in (leaver, council["chair"][1], contact_user):
        client.force_login(user)
        assert client.get(url).status_code == 404
    for user in (secretariat_user, admin_user):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200 and response.streaming
        assert b"".join(response.streaming_content) == b"%PDF-1.4 notice"
        assert response["Content-Disposition"].startswith("attachment")


# --- the rules (表决规则) --------------------------------------------------------------------------


def test_the_rules_page_shows_the_defaults_to_everyone(client, body):
    page = client.get(reverse("governance:decision_rules", args=[body.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('data-source="default"') == 8
    charter_row = html.split('data-type="charter"')[1].split("</tr>")[0]
    assert "达到出席（含委托）的 2/3" in charter_row and "会员大会" in charter_row
    ordinary_row = html.split('data-type="ordinary"')[1].split("</tr>")[0]
    assert "超过出席（含委托）的 1/2" in ordinary_row and "理事会" in ordinary_row
    assert 'id="rule-form"' not in html


def test_the_rules_in_force_are_what_rule_for_applies(body, secretariat_user):
    charter = Charter.objects.create(
        body=body, version="2024", adopted_on=datetime.date(2024, 1, 1)
    )
    services.decision_rule_set(
        actor=secretariat_user,
        body=body,
        decision_type="budget",
        organ="standing_council",
        quorum_numerator=1,
        quorum_denominator=2,
        threshold_numerator=1,
        threshold_denominator=2,
    )
    services.decision_rule_set(
        actor=secretariat_user,
        body=body,
        decision_type="plan",
        organ="general_assembly",
        quorum_numerator=3,
        quorum_denominator=4,
        threshold_numerator=3,
        threshold_denominator=4,
        strict=False,
        charter=charter,
    )
    rows = {row.decision_type: row for row in selectors.rules_in_force(body)}
    for decision_type, row in rows.items():
        assert (row.rule, row.organ) == services.rule_for(body, decision_type), decision_type
    assert (rows["budget"].source, rows["plan"].source, rows["ordinary"].source) == (
        "stated",
        "charter",
        "default",
    )


def test_the_secretariat_restates_a_rule_on_the_page(client, body, secretariat_user):
    charter = Charter.objects.create(
        body=body, version="2024", adopted_on=datetime.date(2024, 1, 1)
    )
    client.force_login(secretariat_user)
    url = reverse("governance:decision_rules", args=[body.pk])
    form = client.get(url, {"edit": "ordinary"}).content.decode()
    assert 'id="rule-form"' in form and "2024" in form
    data = {
        "rule-decision_type": "ordinary",
        "rule-organ": "general_assembly",
        "rule-quorum_numerator": "1",
        "rule-quorum_denominator": "2",
        "rule-threshold_numerator": "3",
        "rule-threshold_denominator": "2",
        "rule-base": "present",
        "rule-abstentions_count": "on",
    }
    refused = client.post(url, data)
    assert refused.status_code == 200 and "分子不能大于分母" in refused.content.decode()
    data.update({"rule-threshold_numerator": "2", "rule-threshold_denominator": "3"})
    response = client.post(url, {**data, "rule-for_charter": "on"})
    assert response.status_code == 302
    rule, organ = services.rule_for(body, "ordinary")
    assert organ == "general_assembly"
    assert rule == rules.Rule(
        quorum=Fraction(1, 2),
        threshold=Fraction(2, 3),
        base="present",
        strict=False,
        abstentions_count=True,
        correspondence=False,
    )
    assert body.decision_rules.get(decision_type="ordinary").charter == charter
    page = client.get(url).content.decode()
    ordinary_row = page.split('data-type="ordinary"')[1].split("</tr>")[0]
    assert 'data-source="charter"' in ordinary_row and "章程规定" in ordinary_row
    assert "达到出席（含委托）的 2/3" in ordinary_row


def test_the_rules_of_an_unpublished_body_are_its_readers_only(client, body, secretariat_user):
    body.is_published = False
    body.save(update_fields=["is_published"])
    url = reverse("governance:decision_rules", args=[body.pk])
    assert client.get(url).status_code == 404
    client.force_login(secretariat_user)
    assert client.get(url).status_code == 200


def test_a_units_representative_with_a_new_contact_reads_its_bodys_history(client, body):
    org = OrganizationFactory(name="代表单位")
    MembershipFactory(body=body, organization=org)
    user = UserFactory(username="rep-new")
    OrganizationContactFactory(user=user, organization=org)
    client.force_login(user)
    assert client.get(reverse("governance:member_history", args=[body.pk])).status_code == 200
