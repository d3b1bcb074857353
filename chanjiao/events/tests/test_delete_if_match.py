"""Removing an organisation's role from an event and cancelling a registration honour
``If-Match`` like every other DELETE: a client that read the record before a colleague changed
it is refused with 412 and nothing is removed. Before, both deletes ignored the header, and an
organisation's role had no single GET to read its version from."""

import datetime

import pytest
from django.utils import timezone

from chanjiao.core.testing import bearer
from chanjiao.events.models import EventOrganization, Registration
from chanjiao.registry.tests.factories import OrganizationFactory

from .factories import EventFactory, RegistrationFactory, RegistrationSettingsFactory

pytestmark = pytest.mark.django_db


def _later(model, pk) -> None:
    """A colleague's write after the client's read: the record's version moves on."""
    later = timezone.now() + datetime.timedelta(seconds=5)
    model.objects.filter(pk=pk).update(updated_at=later)


def test_removing_a_role_read_before_a_colleagues_change_is_refused(
    client, admin_user, admin_token
):
    event = EventFactory(starts_on=datetime.date(2030, 5, 1))
    role = EventOrganization.objects.create(
        event=event, organization=OrganizationFactory(), role="organizer"
    )
    url = f"/api/v1/events/{event.pk}/organizations/{role.pk}"
    read = client.get(url)
    assert read.status_code == 200 and read.json()["id"] == role.pk
    version = read["ETag"]
    assert version
    _later(EventOrganization, role.pk)
    stale = client.delete(url, headers={**bearer(admin_token), "If-Match": version})
    assert stale.status_code == 412, stale.content
    assert EventOrganization.objects.filter(pk=role.pk).exists()
    fresh = client.get(url)["ETag"]
    done = client.delete(url, headers={**bearer(admin_token), "If-Match": fresh})
    assert done.status_code == 204
    assert not EventOrganization.objects.filter(pk=role.pk).exists()


def test_cancelling_a_registration_read_before_a_colleagues_change_is_refused(
    client, admin_user, admin_token
):
    settings = RegistrationSettingsFactory(event__starts_on=datetime.date(2030, 5, 1))
    registration = RegistrationFactory(event=settings.event)
    url = f"/api/v1/events/{settings.event_id}/registrations/{registration.pk}"
    read = client.get(url, headers=bearer(admin_token))
    assert read.status_code == 200
    version = read["ETag"]
    assert version
    _later(Registration, registration.pk)
    stale = client.delete(url, headers={**bearer(admin_token), "If-Match": version})
    assert stale.status_code == 412, stale.content
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    blind = client.delete(url, headers=bearer(admin_token))  # no If-Match: not checked
    assert blind.status_code == 204
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
