"""An election (换届) hands over the council's elected seats, never the initiators' (牵头发起单位)
memberships: they founded the body and are not elected."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from chanjiao.core.testing import api_write, make_token
from chanjiao.governance import services
from chanjiao.registry.models import Membership
from chanjiao.registry.tests.factories import MembershipFactory, OrganizationFactory, TermFactory

DAY = datetime.date(2025, 6, 18)


@pytest.fixture
def founded(body, council):
    """The council of ``council`` in its first term; the chair unit is also an initiator, and a
    second initiator holds no other seat."""
    term = TermFactory(body=body, number=1, starts_on=datetime.date(2024, 1, 1))
    Membership.objects.filter(body=body).exclude(role="member").update(term=term)
    since = datetime.date(2024, 1, 1)
    MembershipFactory(body=body, organization=council["chair"][0], role="initiator", since=since)
    founder = OrganizationFactory(name="牵头发起单位研究院")
    MembershipFactory(body=body, organization=founder, role="initiator", since=since)
    return founder


@pytest.fixture
def assembly(body, council, founded, secretariat_user):
    meeting = services.meeting_create(
        actor=secretariat_user, body=body, organ="general_assembly", title="换届大会", date=DAY
    )
    for org, _user in council.values():
        services.attendance_set(
            actor=secretariat_user, meeting=meeting, organization=org, status="present"
        )
    return meeting


def _initiators(body):
    return set(
        Membership.objects.filter(body=body, role="initiator", until__isnull=True).values_list(
            "organization__name", flat=True
        )
    )


@pytest.mark.django_db
def test_an_election_leaves_the_initiators_memberships_as_they_are(
    body, council, founded, assembly, secretariat_user
):
    before = _initiators(body)
    assert before == {"理事长单位学院", "牵头发起单位研究院"}
    # the chair unit (also an initiator) is left off the slate
    slate = [(council["vice"][0], "chair"), (council["director1"][0], "director")]
    motion = services.election_prepare(
        actor=secretariat_user, meeting=assembly, number=2, starts_on=None, slate=slate
    )
    services.resolution_record(actor=secretariat_user, motion=motion, passed=True, source="纪要")
    assert _initiators(body) == before
    initiator = Membership.objects.get(body=body, organization=founded)
    assert (initiator.until, initiator.notes) == (None, "")
    # the old chair's seat ended; it stays in the body as an initiator, with no plain
    # membership added beside it
    chair = council["chair"][0]
    current = Membership.objects.filter(body=body, organization=chair, until__isnull=True)
    assert set(current.values_list("role", flat=True)) == {"initiator"}
    assert Membership.objects.get(body=body, organization=chair, role="chair").until == DAY


@pytest.mark.django_db
def test_a_passed_vote_keeps_the_initiators_too(body, council, founded, assembly, secretariat_user):
    slate = [(council["vice"][0], "chair")]
    motion = services.election_prepare(
        actor=secretariat_user, meeting=assembly, number=2, starts_on=None, slate=slate
    )
    services.motion_open(actor=secretariat_user, motion=motion)
    for _org, user in council.values():
        services.vote_cast(actor=user, motion=motion, choice="yes")
    resolution = services.motion_close(actor=secretariat_user, motion=motion)
    assert resolution.passed
    assert _initiators(body) == {"理事长单位学院", "牵头发起单位研究院"}
    assert timezone.localdate(resolution.decided_at) >= DAY


@pytest.mark.django_db
def test_a_slate_cannot_make_a_unit_an_initiator(council, founded, assembly, secretariat_user):
    with pytest.raises(ValidationError) as error:
        services.election_prepare(
            actor=secretariat_user,
            meeting=assembly,
            number=2,
            starts_on=None,
            slate=[(council["vice"][0], "initiator")],
        )
    assert "不是理事会的角色" in " ".join(error.value.message_dict["slate"])
    assert "initiator" not in services.COUNCIL_ROLES


@pytest.mark.django_db
def test_the_api_refuses_an_initiator_on_a_slate(
    client, body, council, founded, assembly, secretariat_user
):
    response = api_write(
        client,
        "POST",
        f"/api/v1/meetings/{assembly.pk}/elections",
        {"number": 2, "slate": [{"organization": council["vice"][0].pk, "role": "initiator"}]},
        make_token(secretariat_user),
    )
    assert response.status_code == 422
