"""Who votes at a meeting: its roll is fixed when its first motion opens (units admitted at the
meeting do not join its later votes nor its minutes), a unit that withdraws while a vote runs
still votes and may be marked absent, and a proxy (委托出席) is held by a unit present, whose
representative votes for the principal in its stead."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from chanjiao.core.testing import api_write, bearer, make_token
from chanjiao.governance import minutes, services
from chanjiao.governance.models import Attendance, Vote
from chanjiao.registry.tests.factories import OrganizationFactory

SEATS = ("chair", "vice", "director1", "director2")


def _meeting(body, secretariat_user, council, present=SEATS):
    meeting = services.meeting_create(
        actor=secretariat_user,
        body=body,
        organ="council",
        title="一届八次理事会",
        date=timezone.localdate(),
    )
    for key in present:
        services.attendance_set(
            actor=secretariat_user,
            meeting=meeting,
            organization=council[key][0],
            status="present",
        )
    return meeting


def _open(meeting, secretariat_user, title="关于年度经费的议案", **parts):
    parts.setdefault("decision_type", "ordinary")
    motion = services.motion_create(actor=secretariat_user, meeting=meeting, title=title, **parts)
    return services.motion_open(actor=secretariat_user, motion=motion)


# --- finding 2: the meeting's roll ----------------------------------------------------------


def test_units_admitted_at_a_meeting_do_not_join_its_later_votes_nor_its_minutes(
    client, body, council, secretariat_user
):
    meeting = _meeting(body, secretariat_user, council)
    newcomers = [OrganizationFactory(name=f"新理事单位{n}公司") for n in range(4)]
    admission = _open(
        meeting,
        secretariat_user,
        title="吸收四家理事单位",
        decision_type="admission",
        admits=newcomers,
        admit_role="director",
    )
    for key in SEATS:
        services.vote_cast(actor=council[key][1], motion=admission, choice="yes")
    assert services.motion_close(actor=secretariat_user, motion=admission).passed

    later = _open(meeting, secretariat_user)
    assert set(later.roll.all()) == {council[key][0] for key in SEATS}
    figures, _outcome = services.tally(later)
    assert (figures.members, figures.present) == (4, 4)
    for key in SEATS:
        services.vote_cast(actor=council[key][1], motion=later, choice="yes")
    # Before: the roll had 8 units, 4 present missed the quorum of 6 and it failed.
    assert services.motion_close(actor=secretariat_user, motion=later).passed
    listed = [name for name, _status in minutes.build(meeting).attendance]
    assert listed == sorted(council[key][0].name for key in SEATS)
    client.force_login(secretariat_user)
    page = client.get(reverse("governance:meeting", args=[meeting.pk])).content.decode()
    assert newcomers[0].name in page  # named in the admission motion …
    assert f'name="organization" value="{newcomers[0].pk}"' not in page  # … not a voter here


# --- finding 3: a unit that withdraws while the vote runs -------------------------------------


def test_a_unit_that_withdraws_while_a_vote_runs_still_votes_and_may_be_marked_absent(
    client, body, council, secretariat_user
):
    meeting = _meeting(body, secretariat_user, council)
    motion = _open(meeting, secretariat_user)
    today = timezone.localdate()
    for key in ("director1", "director2"):
        services.withdrawal_record(
            actor=secretariat_user, body=body, organization=council[key][0], notice_on=today
        )
    voter = make_token(council["director2"][1])
    response = api_write(
        client, "post", f"/api/v1/motions/{motion.pk}/votes", {"choice": "no"}, voter
    )
    assert response.status_code == 201, response.content  # was 404
    assert client.get(f"/api/v1/meetings/{meeting.pk}", headers=bearer(voter)).status_code == 200

    absent = {"organization": council["director1"][0].pk, "status": "absent"}
    secretariat = make_token(secretariat_user)
    response = api_write(
        client, "post", f"/api/v1/meetings/{meeting.pk}/attendance", absent, secretariat
    )
    assert response.status_code == 200, response.content  # was 422 没有表决权
    figures, _outcome = services.tally(motion)
    assert (figures.members, figures.present, figures.no) == (4, 3, 1)
    client.force_login(secretariat_user)
    page = client.get(reverse("governance:meeting", args=[meeting.pk])).content.decode()
    assert f'name="organization" value="{council["director1"][0].pk}"' in page
    # Once the vote has closed, a unit that left reads the meeting no more.
    services.motion_close(actor=secretariat_user, motion=motion)
    assert client.get(f"/api/v1/meetings/{meeting.pk}", headers=bearer(voter)).status_code == 404


# --- finding 4: proxies (委托出席) ------------------------------------------------------------


def _attend(meeting, secretariat_user, council, key, status, proxy=None):
    return services.attendance_set(
        actor=secretariat_user,
        meeting=meeting,
        organization=council[key][0],
        status=status,
        proxy=council[proxy][0] if proxy else None,
    )


def test_a_proxy_is_held_by_a_unit_present_that_gave_none_and_keeps_it_present(
    body, council, secretariat_user
):
    meeting = _meeting(body, secretariat_user, council, present=("chair",))
    _attend(meeting, secretariat_user, council, "director1", "absent")
    with pytest.raises(ValidationError, match="未登记为出席"):  # absent holder
        _attend(meeting, secretariat_user, council, "vice", "proxy", proxy="director1")
    with pytest.raises(ValidationError, match="未登记为出席"):  # not recorded at all
        _attend(meeting, secretariat_user, council, "vice", "proxy", proxy="director2")
    _attend(meeting, secretariat_user, council, "vice", "proxy", proxy="chair")
    with pytest.raises(ValidationError, match="未登记为出席"):  # no chain through vice
        _attend(meeting, secretariat_user, council, "director2", "proxy", proxy="vice")
    _attend(meeting, secretariat_user, council, "director2", "present")
    for status in ("absent", "proxy"):
        with pytest.raises(ValidationError, match="委托出席，须保持出席"):
            _attend(meeting, secretariat_user, council, "chair", status, proxy="director2")
    assert Attendance.objects.get(meeting=meeting, organization=council["chair"][0]).status == (
        "present"
    )
    # Once the principal is present again, the holder may leave.
    _attend(meeting, secretariat_user, council, "vice", "present")
    _attend(meeting, secretariat_user, council, "chair", "absent")


def test_the_holder_votes_for_the_principal_and_the_principal_no_longer_votes_itself(
    client, body, council, secretariat_user
):
    meeting = _meeting(body, secretariat_user, council, present=("chair", "director1"))
    _attend(meeting, secretariat_user, council, "vice", "proxy", proxy="chair")
    motion = _open(meeting, secretariat_user)
    vice, vice_rep = council["vice"]
    with pytest.raises(ValidationError, match="已委托"):
        services.vote_cast(actor=vice_rep, motion=motion, choice="yes")
    with pytest.raises(PermissionDenied):  # another unit's contact holds no proxy of vice
        services.vote_cast(
            actor=council["director1"][1], motion=motion, choice="yes", organization=vice
        )
    holder = make_token(council["chair"][1])
    client.force_login(council["chair"][1])
    page = client.get(reverse("governance:meeting", args=[meeting.pk])).content.decode()
    assert f"受 {vice.name} 委托表决" in page
    response = api_write(
        client,
        "post",
        f"/api/v1/motions/{motion.pk}/votes",
        {"choice": "no", "organization": vice.pk},
        holder,
    )
    assert response.status_code == 201, response.content  # was 403
    vote = Vote.objects.get(motion=motion, organization=vice)
    assert (vote.choice, vote.cast_by) == ("no", council["chair"][1])
    services.vote_cast(actor=council["chair"][1], motion=motion, choice="yes")  # its own
    figures, _outcome = services.tally(motion)
    assert (figures.present, figures.yes, figures.no) == (3, 1, 1)


def test_the_meeting_page_records_a_proxy_with_a_choice_of_units_present(
    client, body, council, secretariat_user
):
    meeting = _meeting(body, secretariat_user, council, present=("chair", "director1"))
    client.force_login(secretariat_user)
    url = reverse("governance:meeting", args=[meeting.pk])
    page = client.get(url).content.decode()
    assert 'name="proxy"' in page and 'value="proxy"' in page
    response = client.post(
        reverse("governance:attendance", args=[meeting.pk]),
        {"organization": council["vice"][0].pk, "status": "proxy", "proxy": council["chair"][0].pk},
    )
    assert response.status_code == 302
    record = Attendance.objects.get(meeting=meeting, organization=council["vice"][0])
    assert (record.status, record.proxy) == ("proxy", council["chair"][0])
