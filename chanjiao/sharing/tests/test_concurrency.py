"""Requests arriving at once never overbook (against the real database, SQLite or PostgreSQL:
each thread has its own connection and transaction)."""

from __future__ import annotations

import functools

import pytest
from django.db import IntegrityError, connection, transaction

from chanjiao.core.testing import at_once
from chanjiao.registry.tests.factories import (
    MembershipFactory,
    OrganizationContactFactory,
    OrganizationFactory,
    UserFactory,
)
from chanjiao.sharing import services
from chanjiao.sharing.models import Booking, Resource
from chanjiao.sharing.tests.factories import BookingFactory, ResourceFactory, at

THREADS = 50


def _requesters(body, n: int) -> list:
    """``n`` member units of ``body``, each with its contact; returns the contacts."""
    users = []
    for i in range(n):
        org = OrganizationFactory(name=f"并发成员单位{i}")
        MembershipFactory(body=body, organization=org)
        user = UserFactory(username=f"req{i}")
        OrganizationContactFactory(user=user, organization=org)
        users.append(user)
    return users


def _at_once(resource: Resource, users: list, **request) -> list[str]:
    """Every user requests at the same moment, from its own thread and connection."""

    def book(user) -> str:
        services.booking_request(actor=user, resource=resource, purpose="并发", **request)
        return "booked"

    return at_once([functools.partial(book, user) for user in users])


@pytest.mark.django_db(transaction=True)
def test_fifty_requests_for_an_exclusive_slot_at_once_give_exactly_one_booking(body):
    owner = OrganizationFactory(name="并发提供单位")
    MembershipFactory(body=body, organization=owner)
    resource = ResourceFactory(owner=owner, body=body)
    users = _requesters(body, THREADS)
    outcomes = _at_once(resource, users, starts_at=at(3, 9), ends_at=at(3, 11))
    assert outcomes.count("booked") == 1, [o for o in outcomes if not o.startswith("refused")]
    assert all(o == "booked" or o.startswith("refused: 时间冲突") for o in outcomes), outcomes
    assert Booking.objects.filter(resource=resource).count() == 1


@pytest.mark.django_db(transaction=True)
def test_fifty_requests_for_the_last_place_at_once_give_exactly_one_booking(body):
    owner = OrganizationFactory(name="并发提供单位")
    MembershipFactory(body=body, organization=owner)
    resource = ResourceFactory(
        owner=owner, body=body, capacity_mode="counted", capacity=10, approval_required=False
    )
    # Nine of ten places are held by a booking that overlaps the slot.
    BookingFactory(
        resource=resource, organization=owner, starts_at=at(3, 8), ends_at=at(3, 12), quantity=9
    )
    users = _requesters(body, THREADS)
    outcomes = _at_once(resource, users, starts_at=at(3, 9), ends_at=at(3, 11), quantity=1)
    assert outcomes.count("booked") == 1, [o for o in outcomes if not o.startswith("refused")]
    assert all(o == "booked" or o.startswith("refused: 已满") for o in outcomes), outcomes
    held = Booking.objects.filter(resource=resource, status__in=Booking.ACTIVE)
    assert sum(held.values_list("quantity", flat=True)) == 10


@pytest.mark.django_db(transaction=True)
def test_fifty_requests_for_a_place_each_fill_the_capacity_and_no_more(body):
    owner = OrganizationFactory(name="并发提供单位")
    MembershipFactory(body=body, organization=owner)
    resource = ResourceFactory(
        owner=owner, body=body, capacity_mode="counted", capacity=7, approval_required=False
    )
    users = _requesters(body, THREADS)
    outcomes = _at_once(resource, users, starts_at=at(3, 9), ends_at=at(3, 11), quantity=1)
    assert outcomes.count("booked") == 7
    assert Booking.objects.filter(resource=resource).count() == 7


@pytest.mark.django_db
def test_postgresql_refuses_overlapping_exclusive_rows_written_around_the_service(body):
    """The exclusion constraint (migration 0002): the database itself holds the rule for
    exclusive resources, whatever writes the row."""
    if connection.vendor != "postgresql":
        pytest.skip("the exclusion constraint exists on PostgreSQL only")
    resource = ResourceFactory(body=body)
    BookingFactory(resource=resource, starts_at=at(3, 9), ends_at=at(3, 11))
    BookingFactory(resource=resource, starts_at=at(3, 11), ends_at=at(3, 12))  # back to back
    BookingFactory(resource=resource, starts_at=at(3, 9), ends_at=at(3, 11), status="cancelled")
    with pytest.raises(IntegrityError, match="sharing_booking_no_overlap"), transaction.atomic():
        BookingFactory(resource=resource, starts_at=at(3, 10), ends_at=at(3, 12))
    counted = ResourceFactory(body=body, capacity_mode="counted", capacity=5)
    BookingFactory(resource=counted, starts_at=at(3, 9), ends_at=at(3, 11))
    BookingFactory(resource=counted, starts_at=at(3, 9), ends_at=at(3, 11))  # not exclusive
