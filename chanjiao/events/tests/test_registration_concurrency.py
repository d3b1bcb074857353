"""Fifty people register at the same moment for the last places (50 threads, each with its own
database connection, on SQLite and on PostgreSQL): the confirmed count never exceeds the
capacity, a unit's quota holds, nobody is lost, and the waitlist is in arrival order."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from chanjiao.core.exceptions import Conflict
from chanjiao.core.testing import at_once
from chanjiao.events import services_registration as services
from chanjiao.events.models import Registration
from chanjiao.events.tests.conftest import in_days
from chanjiao.events.tests.factories import EventFactory, RegistrationSettingsFactory
from chanjiao.registry.tests.factories import (
    BodyFactory,
    BodyRoleFactory,
    OrganizationContactFactory,
    OrganizationFactory,
    UserFactory,
)

THREADS = 50


def _at_once(calls) -> list[str]:
    """Run each call in its own thread, all released together; the status each one gave."""
    return at_once(
        [lambda call=call: call().status for call in calls], refused=(Conflict, ValidationError)
    )


@pytest.fixture
def event(db):
    body = BodyFactory(name="并发测试集团")
    event = EventFactory(name="抢报名额的论坛", starts_on=in_days(20), bodies=[body])
    organiser = BodyRoleFactory(user=UserFactory(username="mishu"), body=body).user
    return event, organiser


def _contacts(n: int) -> list:
    users = []
    for i in range(n):
        user = UserFactory(username=f"unit-contact-{i}")
        OrganizationContactFactory(user=user, organization=OrganizationFactory(name=f"单位{i}"))
        users.append(user)
    return users


@pytest.mark.django_db(transaction=True)
def test_fifty_registrations_for_the_last_three_places_never_exceed_the_capacity(event):
    event, organiser = event
    RegistrationSettingsFactory(event=event, capacity=10)
    for i in range(7):  # seven places gone already
        services.registration_create(actor=organiser, event=event, name=f"已报{i}")
    contacts = _contacts(THREADS)
    calls = [
        (lambda user=user, i=i: services.registration_create(
            actor=user, event=event, name=f"抢报{i}"
        ))
        for i, user in enumerate(contacts)
    ]  # fmt: skip
    outcomes = _at_once(calls)

    assert not [o for o in outcomes if o.startswith(("error", "refused"))], outcomes
    assert outcomes.count(Registration.Status.CONFIRMED) == 3
    assert outcomes.count(Registration.Status.WAITLISTED) == THREADS - 3
    stored = Registration.objects.filter(event=event)
    assert stored.filter(status="confirmed").count() == 10
    assert stored.filter(status="waitlisted").count() == THREADS - 3
    # the waitlist is in the order the registrations were taken
    queue = list(
        stored.filter(status="waitlisted")
        .order_by("waitlisted_at", "pk")
        .values_list("pk", flat=True)
    )
    assert queue == sorted(queue)


@pytest.mark.django_db(transaction=True)
def test_fifty_registrations_of_one_unit_at_once_respect_its_quota(event):
    event, organiser = event
    RegistrationSettingsFactory(event=event, capacity=30, unit_quota=4)
    user = UserFactory(username="one-unit")
    OrganizationContactFactory(user=user, organization=OrganizationFactory(name="同一单位"))
    calls = [
        (lambda i=i: services.registration_create(actor=user, event=event, name=f"同单位{i}"))
        for i in range(THREADS)
    ]
    outcomes = _at_once(calls)

    assert not [o for o in outcomes if o.startswith("error")], outcomes
    assert outcomes.count(Registration.Status.CONFIRMED) == 4
    assert sum("每单位限报 4 人" in o for o in outcomes) == THREADS - 4
    assert Registration.objects.filter(event=event).count() == 4


@pytest.mark.django_db(transaction=True)
def test_cancellations_and_registrations_at_once_keep_the_places_full_and_never_over(event):
    event, organiser = event
    RegistrationSettingsFactory(event=event, capacity=5)
    held = [
        services.registration_create(actor=organiser, event=event, name=f"原有{i}")
        for i in range(5)
    ]
    contacts = _contacts(30)
    registering = [
        (lambda user=user, i=i: services.registration_create(
            actor=user, event=event, name=f"新报{i}"
        ))
        for i, user in enumerate(contacts)
    ]  # fmt: skip
    cancelling = [
        (lambda r=r: services.registration_cancel(actor=organiser, registration=r))
        for r in held[:3]
    ]
    outcomes = _at_once(registering[:15] + cancelling + registering[15:])

    assert not [o for o in outcomes if o.startswith(("error", "refused"))], outcomes
    stored = Registration.objects.filter(event=event)
    assert stored.filter(status="cancelled").count() == 3
    # every freed place went to someone waiting: exactly full, never over
    assert stored.filter(status="confirmed").count() == 5
    assert stored.filter(status="waitlisted").count() == 30 - 3
