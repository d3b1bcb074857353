"""A history shows the rows filed under an object only to those who may read each row's own
record (chanjiao.core.history_filters.private_rows). Whoever may read a public body, event,
resource or cohort reads its history; before, that history also gave them every ticket code of
an event, other units' bookings with their reasons, a body's sanctions with their reasons and
its unpublished meetings, and students' names in their applications."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from chanjiao.core.changelog import record_change, snapshot
from chanjiao.core.models import ObjectChange
from chanjiao.core.testing import bearer, make_token
from chanjiao.registry.tests.factories import MembershipFactory, OrganizationFactory

SECRET = "内部原因甲乙丙"


def _page(user, url: str) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _created(obj, *, related, actor=None) -> None:
    record_change(
        actor=actor, action="create", obj=obj, before=None, after=snapshot(obj), related=related
    )


def test_an_events_history_never_shows_a_ticket_code(
    body, secretariat_user, contact_user, member_org, other_secretariat_user
):
    from chanjiao.events.services_registration import registration_create
    from chanjiao.events.tests.factories import EventFactory, RegistrationSettingsFactory

    MembershipFactory(body=body, organization=member_org)
    event = EventFactory(bodies=[body], starts_on=datetime.date.today() + datetime.timedelta(30))
    RegistrationSettingsFactory(event=event)
    registration = registration_create(
        actor=contact_user, event=event, name="参会人甲", organization=member_org
    )
    logged = ObjectChange.objects.get(content_type__model="registration")
    assert "ticket_code" not in logged.after
    url = reverse("events:event_history", args=[event.pk])
    for reader in (secretariat_user, contact_user, other_secretariat_user):
        assert registration.ticket_code not in _page(reader, url)
    # another body's secretariat reads the public event's history, not who registered for it
    assert "参会人" not in _page(other_secretariat_user, url)
    assert "参会人甲" in _page(contact_user, url)  # its own unit's registration, name and all


def test_a_resources_history_shows_a_booking_only_to_who_sees_its_details(
    body, secretariat_user, contact_user, member_org, other_contact_user
):
    from chanjiao.sharing.tests.factories import BookingFactory, ResourceFactory

    MembershipFactory(body=body, organization=member_org)
    resource = ResourceFactory(body=body, owner=OrganizationFactory(name="出借单位"))
    booking = BookingFactory(resource=resource, organization=member_org, purpose=SECRET)
    _created(booking, related=resource)
    url = reverse("sharing:resource_history", args=[resource.pk])
    assert SECRET in _page(secretariat_user, url)
    assert SECRET in _page(contact_user, url)  # its own unit's booking
    assert SECRET not in _page(other_contact_user, url)  # "taken" on the calendar, no more


def test_a_bodys_history_shows_sanctions_and_meetings_only_to_those_who_read_its_meetings(
    body, secretariat_user, contact_user, member_org, other_secretariat_user, plain_user
):
    from chanjiao.governance.services import meeting_create, sanction_create

    membership = MembershipFactory(body=body, organization=member_org)
    sanction_create(
        actor=secretariat_user,
        membership=membership,
        kind="warning",
        reason=SECRET,
        since=datetime.date.today(),
    )
    meeting_create(
        actor=secretariat_user,
        body=body,
        organ="general_assembly",
        title="未公开的理事会会议",
        date=datetime.date.today(),
    )
    url = reverse("registry:body_history", args=[body.pk])
    for reader in (secretariat_user, contact_user):
        page = _page(reader, url)
        assert SECRET in page and "未公开的理事会会议" in page
    for outsider in (other_secretariat_user, plain_user):
        page = _page(outsider, url)
        assert SECRET not in page and "未公开的理事会会议" not in page
        api = Client().get(
            f"/api/v1/bodies/{body.pk}/history", headers=bearer(make_token(outsider))
        )
        assert api.status_code == 200 and SECRET not in api.content.decode()


def test_a_cohorts_history_shows_an_application_only_to_who_may_read_the_student(
    body, secretariat_user, member_org, other_contact_user
):
    from chanjiao.talent.tests.factories import (
        ApplicationFactory,
        CohortFactory,
        PostingFactory,
        StudentFactory,
    )

    cohort = CohortFactory(body=body, school=member_org)
    student = StudentFactory(cohort=cohort, display_name="学生王五Q9")
    application = ApplicationFactory(student=student, posting=PostingFactory(body=body))
    _created(application, related=cohort)
    url = reverse("talent:cohort_history", args=[cohort.pk])
    assert "学生王五Q9" in _page(secretariat_user, url)
    assert "学生王五Q9" not in _page(other_contact_user, url)


def test_an_agreements_history_shows_its_texts_only_to_who_may_read_them(
    body, secretariat_user, plain_user, other_secretariat_user
):
    from django.core.files.base import ContentFile

    from chanjiao.cooperation.lifecycle import agreement_document_add
    from chanjiao.cooperation.tests.factories import AgreementFactory

    agreement = AgreementFactory(body=body)
    agreement_document_add(
        actor=secretariat_user,
        agreement=agreement,
        file=ContentFile(b"%PDF-1.4", name="contract.pdf"),
        note=SECRET,
    )
    url = reverse("cooperation:agreement_history", args=[agreement.pk])
    assert SECRET in _page(secretariat_user, url)
    for outsider in (plain_user, other_secretariat_user):
        assert SECRET not in _page(outsider, url)


@pytest.fixture(autouse=True)
def _published(body):
    body.is_published = True
    body.save()
