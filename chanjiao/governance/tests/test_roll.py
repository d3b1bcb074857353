"""The voting roll (表决名单) under changes while a vote runs: a unit that voted cannot be
marked absent, a ballot that stops counting never breaks the tally, a decided motion shows the
figures its resolution recorded, the roll is fixed when the vote opens, and a resolution takes
effect on the roll of its day — never reviving an ended membership nor admitting a member twice.
Documents are attached before the vote only; a proxy is another voting unit of the meeting."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from chanjiao.core.testing import bearer, make_token
from chanjiao.governance import services
from chanjiao.governance.models import Attendance, Motion
from chanjiao.registry.models import Membership
from chanjiao.registry.tests.factories import (
    MembershipFactory,
    OrganizationContactFactory,
    OrganizationFactory,
    UserFactory,
)

SEATS = ("chair", "vice", "director1", "director2")


def _meeting(body, secretariat_user, council, *, organ="council", title="一届六次理事会"):
    """A meeting today where the chair, the vice chair and director1 are present."""
    meeting = services.meeting_create(
        actor=secretariat_user,
        body=body,
        organ=organ,
        title=title,
        date=timezone.localdate(),
    )
    for key in ("chair", "vice", "director1"):
        services.attendance_set(
            actor=secretariat_user,
            meeting=meeting,
            organization=council[key][0],
            status="present",
        )
    return meeting


def _open(meeting, secretariat_user, decision_type="ordinary", **parts):
    motion = services.motion_create(
        actor=secretariat_user,
        meeting=meeting,
        decision_type=decision_type,
        title="关于年度经费的议案",
        **parts,
    )
    return services.motion_open(actor=secretariat_user, motion=motion)


def _vote(motion, council, keys=("chair", "vice", "director1"), choice="yes"):
    for key in keys:
        services.vote_cast(actor=council[key][1], motion=motion, choice=choice)


def _counts(figures):
    return (figures.members, figures.present, figures.yes, figures.no, figures.abstain)


def _pages_answer(client, meeting, motion, secretariat_user):
    """The meeting page, its tally poll, and the API's meeting and motion all answer 200."""
    client.force_login(secretariat_user)
    url = reverse("governance:meeting", args=[meeting.pk])
    assert client.get(url).status_code == 200
    assert client.get(url, {"partial": "tally", "motion": motion.pk}).status_code == 200
    token = make_token(secretariat_user)
    for path in (f"/api/v1/meetings/{meeting.pk}", f"/api/v1/motions/{motion.pk}"):
        response = client.get(path, headers=bearer(token))
        assert response.status_code == 200, response.content[:500]


# --- attendance and the live tally --------------------------------------------------------------


def test_a_unit_that_voted_on_an_open_motion_cannot_be_marked_absent(
    body, council, secretariat_user
):
    meeting = _meeting(body, secretariat_user, council, organ="general_assembly")
    motion = _open(meeting, secretariat_user, decision_type="charter")
    _vote(motion, council)
    with pytest.raises(ValidationError, match="已就正在表决的议案投票，不能登记为缺席"):
        services.attendance_set(
            actor=secretariat_user,
            meeting=meeting,
            organization=council["director1"][0],
            status="absent",
        )
    # Represented by proxy it still takes part: allowed.
    services.attendance_set(
        actor=secretariat_user,
        meeting=meeting,
        organization=council["director1"][0],
        status="proxy",
        proxy=council["chair"][0],
    )
    # Once the motion is decided, the attendance may be corrected again.
    services.motion_close(actor=secretariat_user, motion=motion)
    services.attendance_set(
        actor=secretariat_user,
        meeting=meeting,
        organization=council["director1"][0],
        status="absent",
    )


def test_a_ballot_of_a_unit_no_longer_taking_part_is_left_out_of_the_live_tally(
    client, body, council, secretariat_user
):
    meeting = _meeting(body, secretariat_user, council, organ="general_assembly")
    motion = _open(meeting, secretariat_user, decision_type="charter")
    _vote(motion, council)
    # Recorded absent some other way (older data, an import): the tally must still answer.
    Attendance.objects.filter(meeting=meeting, organization=council["director1"][0]).update(
        status="absent"
    )
    figures, outcome = services.tally(motion)
    assert _counts(figures) == (5, 2, 2, 0, 0)
    assert not outcome.quorum_reached
    _pages_answer(client, meeting, motion, secretariat_user)
    resolution = services.motion_close(actor=secretariat_user, motion=motion)
    assert (resolution.figures["present"], resolution.figures["yes"]) == (2, 2)


def test_a_decided_motion_shows_the_figures_of_its_resolution_after_a_voter_is_removed(
    client, body, council, secretariat_user
):
    meeting = _meeting(body, secretariat_user, council)
    motion = _open(meeting, secretariat_user)
    _vote(motion, council)
    resolution = services.motion_close(actor=secretariat_user, motion=motion)
    assert resolution.passed
    # The same day, another council meeting removes director1, who voted above.
    other = _meeting(body, secretariat_user, council, title="一届七次理事会")
    director1 = Membership.objects.get(organization=council["director1"][0])
    removal = _open(other, secretariat_user, decision_type="removal", removes=[director1])
    _vote(removal, council)
    assert services.motion_close(actor=secretariat_user, motion=removal).passed
    director1.refresh_from_db()
    assert director1.until == timezone.localdate()

    figures, outcome = services.tally(motion)
    assert _counts(figures) == (4, 3, 3, 0, 0)
    assert outcome.passed and outcome.needed == resolution.figures["needed"]
    _pages_answer(client, meeting, motion, secretariat_user)


# --- the roll is fixed when the vote opens -------------------------------------------------------


def test_the_roll_is_fixed_when_the_vote_opens(body, council, secretariat_user):
    meeting = _meeting(body, secretariat_user, council)
    motion = _open(meeting, secretariat_user)
    services.vote_cast(actor=council["director1"][1], motion=motion, choice="yes")

    # Admitted to the council at another meeting the same day: not on this motion's roll,
    # nor on this meeting's (its roll was fixed when its first motion opened).
    newcomer = OrganizationFactory(name="新任理事单位公司")
    MembershipFactory(body=body, organization=newcomer, role="director", since=meeting.date)
    representative = UserFactory(username="rep-newcomer")
    OrganizationContactFactory(user=representative, organization=newcomer)
    with pytest.raises(ValidationError, match="没有表决权"):
        services.attendance_set(
            actor=secretariat_user, meeting=meeting, organization=newcomer, status="present"
        )
    with pytest.raises(ValidationError, match="没有表决权"):
        services.vote_cast(actor=representative, motion=motion, choice="yes")
    # Removed after the opening: it stays on the roll, its vote stands.
    Membership.objects.filter(organization=council["director1"][0]).update(until=meeting.date)

    figures, _outcome = services.tally(motion)
    assert _counts(figures) == (4, 3, 1, 0, 0)
    assert set(motion.roll.all()) == {council[key][0] for key in SEATS}
    # A later motion of the meeting: its roll less the units that left; no newcomer.
    later = _open(meeting, secretariat_user)
    assert newcomer not in later.roll.all() and council["director1"][0] not in later.roll.all()
    # The next meeting has the roll of its day.
    next_meeting = services.meeting_create(
        actor=secretariat_user,
        body=body,
        organ="council",
        title="一届七次理事会",
        date=meeting.date,
    )
    assert newcomer in _open(next_meeting, secretariat_user).roll.all()


# --- resolutions take effect on the roll of their day -------------------------------------------


def test_a_removal_only_names_memberships_in_force_and_never_lengthens_one(
    body, council, secretariat_user
):
    meeting = _meeting(body, secretariat_user, council)
    today = timezone.localdate()
    member = council["member"][0]
    services.withdrawal_record(
        actor=secretariat_user,
        body=body,
        organization=member,
        notice_on=today - datetime.timedelta(days=10),
    )
    ended = Membership.objects.get(organization=member)
    with pytest.raises(ValidationError, match="成员关系已于 .* 结束，不能再除名"):
        services.motion_create(
            actor=secretariat_user,
            meeting=meeting,
            decision_type="removal",
            title="关于除名的议案",
            removes=[ended],
        )

    director2 = Membership.objects.get(organization=council["director2"][0])
    motion = _open(meeting, secretariat_user, decision_type="removal", removes=[director2])
    _vote(motion, council)
    # It withdraws before the vote closes, from yesterday: the removal leaves that end.
    yesterday = today - datetime.timedelta(days=1)
    services.withdrawal_record(
        actor=secretariat_user, body=body, organization=director2.organization, notice_on=yesterday
    )
    resolution = services.motion_close(actor=secretariat_user, motion=motion)
    assert resolution.passed
    director2.refresh_from_db()
    assert director2.until == yesterday
    assert "依第" not in director2.notes
    assert len(resolution.figures["skipped"]) == 1


def test_an_admission_names_no_member_and_skips_a_unit_admitted_meanwhile(
    body, council, secretariat_user
):
    meeting = _meeting(body, secretariat_user, council)
    with pytest.raises(ValidationError, match="已是本产教融合体的成员单位，不能再吸收"):
        services.motion_create(
            actor=secretariat_user,
            meeting=meeting,
            decision_type="admission",
            title="关于吸收成员的议案",
            admits=[council["member"][0]],
        )

    applicant = OrganizationFactory(name="申请加入科技有限公司")
    motion = _open(meeting, secretariat_user, decision_type="admission", admits=[applicant])
    _vote(motion, council)
    # Made a member (in another role) some other way before the vote closes.
    MembershipFactory(body=body, organization=applicant, role="director", since=meeting.date)
    resolution = services.motion_close(actor=secretariat_user, motion=motion)
    assert resolution.passed
    assert Membership.objects.filter(body=body, organization=applicant).count() == 1
    assert applicant.name in resolution.figures["skipped"][0]
    motion.refresh_from_db()
    assert motion.status == Motion.Status.PASSED


# --- attachments and proxies ----------------------------------------------------------------------


def test_a_document_is_attached_before_the_vote_only(body, council, secretariat_user):
    meeting = _meeting(body, secretariat_user, council)
    draft = services.motion_create(
        actor=secretariat_user, meeting=meeting, decision_type="ordinary", title="经费预算"
    )
    services.attachment_add(
        actor=secretariat_user,
        motion=draft,
        title="预算草案",
        file=SimpleUploadedFile("budget.pdf", b"%PDF-1.4"),
    )
    services.motion_open(actor=secretariat_user, motion=draft)
    with pytest.raises(ValidationError, match="不能再添加附件"):
        services.attachment_add(
            actor=secretariat_user,
            motion=draft,
            title="补充材料",
            file=SimpleUploadedFile("more.pdf", b"%PDF-1.4"),
        )
    assert draft.attachments.count() == 1


def test_a_proxy_is_another_voting_unit_of_the_meeting(body, council, secretariat_user):
    meeting = _meeting(body, secretariat_user, council)
    director2 = council["director2"][0]
    with pytest.raises(ValidationError, match="受托单位不能是委托单位本身"):
        services.attendance_set(
            actor=secretariat_user,
            meeting=meeting,
            organization=director2,
            status="proxy",
            proxy=director2,
        )
    for outsider in (council["member"][0], OrganizationFactory(name="无关单位")):
        with pytest.raises(ValidationError, match="在本次会议没有表决权"):
            services.attendance_set(
                actor=secretariat_user,
                meeting=meeting,
                organization=director2,
                status="proxy",
                proxy=outsider,
            )
    attendance = services.attendance_set(
        actor=secretariat_user,
        meeting=meeting,
        organization=director2,
        status="proxy",
        proxy=council["chair"][0],
    )
    assert attendance.proxy == council["chair"][0]


def test_a_motion_in_voting_when_rolls_came_gets_the_roll_of_its_meetings_day(
    body, council, secretariat_user
):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("chanjiao.governance.migrations.0003_motion_roll")
    meeting = _meeting(body, secretariat_user, council)
    motion = _open(meeting, secretariat_user)
    motion.roll.clear()  # opened before the roll was kept
    draft = services.motion_create(
        actor=secretariat_user, meeting=meeting, decision_type="ordinary", title="草案"
    )
    migration.fix_open_rolls(apps, None)
    assert set(motion.roll.all()) == {council[key][0] for key in SEATS}
    assert not draft.roll.exists()
