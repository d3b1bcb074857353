"""A council meeting's votes under the body's rules: attendance and the quorum, one vote per
unit cast by its own representative, the secretariat counting a paper ballot but never voting
for a unit, a suspended unit, a vote by correspondence, and resolutions that take effect
(admission, removal, charter) or change nothing when they fail."""

from __future__ import annotations

import datetime
import functools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from chanjiao.core.changelog import history_for
from chanjiao.core.exceptions import Conflict
from chanjiao.core.history import render_changes
from chanjiao.core.testing import at_once
from chanjiao.governance import services
from chanjiao.governance.models import Meeting, Motion, Resolution, Sanction, Vote
from chanjiao.registry.models import Charter, Membership
from chanjiao.registry.tests.factories import (
    MembershipFactory,
    OrganizationContactFactory,
    OrganizationFactory,
    UserFactory,
)

DAY = datetime.date(2025, 6, 18)


@pytest.fixture
def meeting(body, secretariat_user):
    return services.meeting_create(
        actor=secretariat_user, body=body, organ="council", title="一届三次理事会", date=DAY
    )


def _attend(meeting, secretariat_user, council, present=("chair", "vice", "director1")):
    for key, (org, _user) in council.items():
        if key == "member":
            continue
        status = "present" if key in present else "absent"
        services.attendance_set(
            actor=secretariat_user, meeting=meeting, organization=org, status=status
        )


def _admission(meeting, secretariat_user, applicant):
    motion = services.motion_create(
        actor=secretariat_user,
        meeting=meeting,
        decision_type="admission",
        title=f"关于吸收{applicant.name}为成员单位的议案",
        admits=[applicant],
    )
    return services.motion_open(actor=secretariat_user, motion=motion)


def test_an_admission_passes_by_the_representatives_votes_and_the_unit_becomes_a_member(
    body, meeting, council, secretariat_user
):
    _attend(meeting, secretariat_user, council)
    applicant = OrganizationFactory(name="申请加入科技有限公司")
    motion = _admission(meeting, secretariat_user, applicant)
    services.vote_cast(actor=council["chair"][1], motion=motion, choice="yes")
    services.vote_cast(actor=council["vice"][1], motion=motion, choice="yes")
    services.vote_cast(actor=council["director1"][1], motion=motion, choice="no")
    figures, outcome = services.tally(motion)
    assert (figures.members, figures.present, figures.yes, figures.no) == (4, 3, 2, 1)
    assert outcome.passed  # 3 of 4 present (≥ 2/3), 2 of 3 is more than half

    resolution = services.motion_close(actor=secretariat_user, motion=motion)
    assert resolution.passed and resolution.number == 1
    assert resolution.figures["needed"] == 2 and resolution.figures["base"] == 3
    membership = Membership.objects.get(body=body, organization=applicant)
    assert (membership.role, membership.since) == (
        "member",
        timezone.localdate(resolution.decided_at),
    )
    motion.refresh_from_db()
    assert motion.status == "passed"


def test_the_quorum_missed_by_one_fails_and_admits_nobody(body, meeting, council, secretariat_user):
    _attend(meeting, secretariat_user, council, present=("chair", "vice"))  # 2 of 4: 3 needed
    applicant = OrganizationFactory(name="申请加入科技有限公司")
    motion = _admission(meeting, secretariat_user, applicant)
    for key in ("chair", "vice"):
        services.vote_cast(actor=council[key][1], motion=motion, choice="yes")
    resolution = services.motion_close(actor=secretariat_user, motion=motion)
    assert not resolution.passed
    assert resolution.figures["quorum_reached"] is False
    assert resolution.figures["quorum_needed"] == 3
    assert not Membership.objects.filter(organization=applicant).exists()


def test_one_vote_per_unit_and_only_its_own_representative_casts_it(
    body, meeting, council, secretariat_user
):
    _attend(meeting, secretariat_user, council)
    motion = _admission(meeting, secretariat_user, OrganizationFactory())
    services.vote_cast(actor=council["chair"][1], motion=motion, choice="yes")
    with pytest.raises(Conflict):  # the same unit again, from another device
        services.vote_cast(actor=council["chair"][1], motion=motion, choice="no")
    assert Vote.objects.get(motion=motion).choice == "yes"
    with pytest.raises(PermissionDenied):  # the secretariat cannot vote for a unit
        services.vote_cast(
            actor=secretariat_user, motion=motion, choice="yes", organization=council["vice"][0]
        )
    with pytest.raises(PermissionDenied):  # nor one representative for another unit
        services.vote_cast(
            actor=council["vice"][1],
            motion=motion,
            choice="yes",
            organization=council["director1"][0],
        )
    with pytest.raises(ValidationError, match="没有表决权"):  # not a council seat
        services.vote_cast(actor=council["member"][1], motion=motion, choice="yes")
    with pytest.raises(ValidationError, match="未登记出席"):  # absent
        services.vote_cast(actor=council["director2"][1], motion=motion, choice="yes")


def test_a_unit_suspended_mid_term_neither_votes_nor_counts(
    body, meeting, council, secretariat_user
):
    vice = Membership.objects.get(organization=council["vice"][0])
    services.sanction_create(
        actor=secretariat_user,
        membership=vice,
        kind=Sanction.Kind.SUSPENSION,
        reason="未按期履行成员义务",
        since=DAY - datetime.timedelta(days=30),
    )
    with pytest.raises(ValidationError, match="没有表决权"):
        services.attendance_set(
            actor=secretariat_user,
            meeting=meeting,
            organization=vice.organization,
            status="present",
        )
    _attend(meeting, secretariat_user, {k: v for k, v in council.items() if k != "vice"})
    motion = _admission(meeting, secretariat_user, OrganizationFactory())
    with pytest.raises(ValidationError, match="没有表决权"):
        services.vote_cast(actor=council["vice"][1], motion=motion, choice="yes")
    figures, _outcome = services.tally(motion)
    assert (figures.members, figures.present) == (3, 2)  # the suspended seat is not counted


def test_a_paper_ballot_is_counted_by_the_secretariat_within_those_present(
    body, meeting, council, secretariat_user
):
    _attend(meeting, secretariat_user, council)
    motion = _admission(meeting, secretariat_user, OrganizationFactory(name="纸质票申请单位"))
    with pytest.raises(ValidationError, match="超过出席单位数"):
        services.paper_count(actor=secretariat_user, motion=motion, yes=3, no=1, abstain=0)
    services.paper_count(actor=secretariat_user, motion=motion, yes=1, no=1, abstain=1)
    with pytest.raises(ValidationError, match="纸质票"):
        services.vote_cast(actor=council["chair"][1], motion=motion, choice="yes")
    resolution = services.motion_close(actor=secretariat_user, motion=motion)
    assert not resolution.passed and resolution.figures["on_paper"]  # 1 of 3 is not > 1/2
    assert not Membership.objects.filter(organization__name="纸质票申请单位").exists()
    # The change log writes the figures as the resolutions page does (it wrote their JSON).
    [entry] = render_changes(history_for(resolution), viewer=secretariat_user)
    [figures] = [fc.after_display for fc in entry.fields if fc.field == "figures"]
    assert figures.endswith("赞成 1，反对 1，弃权 1") and figures.startswith("应到 ")


def test_a_vote_by_correspondence_counts_the_returned_ballots(body, council, secretariat_user):
    services.decision_rule_set(
        actor=secretariat_user,
        body=body,
        decision_type="ordinary",
        organ="council",
        quorum_numerator=2,
        quorum_denominator=3,
        threshold_numerator=1,
        threshold_denominator=2,
        strict=True,
        correspondence=True,
    )
    meeting = services.meeting_create(
        actor=secretariat_user,
        body=body,
        organ="council",
        title="理事会通讯表决",
        date=DAY,
        mode=Meeting.Mode.CORRESPONDENCE,
        deadline=datetime.datetime(2099, 1, 1, tzinfo=datetime.UTC),
    )
    with pytest.raises(ValidationError, match="通讯表决"):
        services.motion_create(
            actor=secretariat_user, meeting=meeting, decision_type="admission", title="吸收"
        )  # the default admission rule allows no correspondence
    motion = services.motion_open(
        actor=secretariat_user,
        motion=services.motion_create(
            actor=secretariat_user, meeting=meeting, decision_type="ordinary", title="年度经费"
        ),
    )
    for key, choice in (("chair", "yes"), ("vice", "yes"), ("director1", "abstain")):
        services.vote_cast(actor=council[key][1], motion=motion, choice=choice)
    figures, outcome = services.tally(motion)
    assert (figures.members, figures.present) == (4, 3)  # three ballots returned
    assert outcome.passed  # 2 of 3 returned is more than half
    # Closed once the deadline has passed (before it, director2 may still vote).
    Meeting.objects.filter(pk=meeting.pk).update(deadline=timezone.now())
    assert services.motion_close(actor=secretariat_user, motion=motion).passed


def test_the_decision_belongs_to_the_organ_the_rules_name(body, meeting, secretariat_user):
    with pytest.raises(ValidationError, match="会员大会"):  # the charter: the general assembly
        services.motion_create(
            actor=secretariat_user, meeting=meeting, decision_type="charter", title="修改章程"
        )


def test_a_removal_ends_the_membership_and_a_charter_adoption_makes_it_current(
    body, council, secretariat_user
):
    assembly = services.meeting_create(
        actor=secretariat_user, body=body, organ="general_assembly", title="会员大会", date=DAY
    )
    for org, _user in council.values():
        services.attendance_set(
            actor=secretariat_user, meeting=assembly, organization=org, status="present"
        )
    old = Charter.objects.create(body=body, version="2023", adopted_on=datetime.date(2023, 1, 1))
    new = Charter.objects.create(body=body, version="2025 修订")
    assert services.current_charter(body) == old
    member = Membership.objects.get(organization=council["member"][0])
    # this body's charter has the general assembly remove members (by default the council)
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
    removal = services.motion_create(
        actor=secretariat_user,
        meeting=assembly,
        decision_type="removal",
        title="关于除名的议案",
        removes=[member],
    )
    charter = services.motion_create(
        actor=secretariat_user,
        meeting=assembly,
        decision_type="charter",
        title="关于修改章程的议案",
        charter=new,
    )
    for motion in (removal, charter):
        services.motion_open(actor=secretariat_user, motion=motion)
        for key in ("chair", "vice", "director1", "director2"):  # 4 of 5: ≥ 2/3
            services.vote_cast(actor=council[key][1], motion=motion, choice="yes")
        assert services.motion_close(actor=secretariat_user, motion=motion).passed
    member.refresh_from_db()
    first = Resolution.objects.get(motion=removal)
    assert member.until == timezone.localdate(first.decided_at) and first.number == 1
    assert "第 1 号决议" in member.notes
    assert services.current_charter(body) == new
    assert Resolution.objects.filter(motion__meeting=assembly).count() == 2


@pytest.mark.django_db(transaction=True)
def test_votes_arriving_as_the_motion_closes_are_counted_or_refused_never_lost(
    body, secretariat_user
):
    units = []
    for i in range(8):
        org = OrganizationFactory(name=f"理事单位{i}")
        MembershipFactory(body=body, organization=org, role="director")
        user = UserFactory(username=f"rep{i}")
        OrganizationContactFactory(user=user, organization=org)
        units.append((org, user))
    meeting = services.meeting_create(
        actor=secretariat_user, body=body, organ="council", title="理事会", date=DAY
    )
    for org, _user in units:
        services.attendance_set(
            actor=secretariat_user, meeting=meeting, organization=org, status="present"
        )
    motion = services.motion_open(
        actor=secretariat_user,
        motion=services.motion_create(
            actor=secretariat_user, meeting=meeting, decision_type="ordinary", title="一般事项"
        ),
    )
    voters = [user for _org, user in units] + [units[0][1]]  # one unit twice, two devices

    def vote(user) -> str:
        services.vote_cast(actor=user, motion=motion, choice="yes")
        return "counted"

    def close() -> str:
        services.motion_close(actor=secretariat_user, motion=motion)
        return "closed"

    calls = [functools.partial(vote, user) for user in voters]
    calls.insert(len(calls) // 2, close)
    outcomes = at_once(calls, refused=(ValidationError, Conflict))
    assert not [o for o in outcomes if o.startswith("error")], outcomes
    stored = Vote.objects.filter(motion=motion).count()
    resolution = Resolution.objects.get(motion=motion)
    assert resolution.figures["yes"] == stored  # every vote stored is in the tally
    assert outcomes.count("counted") == stored
    assert Vote.objects.filter(motion=motion, organization=units[0][0]).count() <= 1
    assert Motion.objects.get(pk=motion.pk).status in ("passed", "failed")


def test_a_decision_known_from_a_document_is_recorded_without_figures(
    body, council, secretariat_user
):
    assembly = services.meeting_create(
        actor=secretariat_user, body=body, organ="general_assembly", title="成立大会", date=DAY
    )
    motion = services.motion_create(
        actor=secretariat_user, meeting=assembly, decision_type="election", title="第一届理事会"
    )
    resolution = services.resolution_record(
        actor=secretariat_user, motion=motion, passed=True, source="新闻稿", published=True
    )
    assert resolution.passed and resolution.figures == {
        "recorded": True,
        "source": "新闻稿",
        "passed": True,
    }
    assert timezone.localdate(resolution.decided_at) == DAY and resolution.number == 1
    with pytest.raises(ValidationError, match="已有决议"):
        services.resolution_record(actor=secretariat_user, motion=motion, passed=False, source="x")
    from chanjiao.governance import minutes

    text = minutes.to_html(minutes.build(assembly))
    assert "第 1 号决议：通过（据新闻稿记载，未载票数）。" in text
