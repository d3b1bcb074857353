"""Switching a resource to exclusive with overlapping past bookings (PostgreSQL's exclusion
constraint), confirming and marking after the fact, and booking times in whole minutes."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from chanjiao.core.exceptions import Conflict
from chanjiao.core.testing import api_write, make_token
from chanjiao.sharing import services
from chanjiao.sharing.models import Booking, Resource
from chanjiao.sharing.tests.factories import BookingFactory, at


def request(user, resource, start, end, **kwargs):
    kwargs.setdefault("purpose", "数控加工实训")
    return services.booking_request(
        actor=user, resource=resource, starts_at=start, ends_at=end, **kwargs
    )


# --- 4: a counted resource turned exclusive ----------------------------------------------------


def test_a_resource_with_overlapping_past_bookings_turns_exclusive(
    member, owner_user, contact_user, hall
):
    """Ended bookings are history: they neither stop the switch nor are rewritten (on
    PostgreSQL rewriting them tripped ``sharing_booking_no_overlap``: a 500)."""
    old = [
        BookingFactory(resource=hall, organization=member, starts_at=at(-3, 9), ends_at=at(-3, 11))
        for _ in range(2)
    ]
    upcoming = request(contact_user, hall, at(2, 9), at(2, 11))
    services.resource_update(actor=owner_user, resource=hall, data={"capacity_mode": "exclusive"})
    assert Resource.objects.get(pk=hall.pk).exclusive
    assert Booking.objects.get(pk=upcoming.pk).exclusive
    assert not Booking.objects.filter(pk__in=[b.pk for b in old], exclusive=True).exists()


def test_switching_to_exclusive_through_the_api_and_the_page_never_answers_500(
    client, member, owner_user, hall
):
    for _ in range(2):
        BookingFactory(resource=hall, organization=member, starts_at=at(-3, 9), ends_at=at(-3, 11))
    token = make_token(owner_user)
    response = api_write(
        client, "patch", f"/api/v1/resources/{hall.pk}", {"capacity_mode": "exclusive"}, token
    )
    assert response.status_code == 200, response.content
    assert response.json()["capacity"] == 1


def _edit_form(resource, **changes) -> dict:
    data = {
        "name": resource.name,
        "kind": resource.kind,
        "owner": resource.owner_id,
        "body": resource.body_id,
        "capacity_mode": resource.capacity_mode,
        "capacity": resource.capacity,
        "audience": resource.audience,
        "is_active": "on",
        "hours_mon": "08:00-18:00",
    }
    return {**data, **changes}


def test_a_clash_the_database_refuses_is_a_409_with_words(
    client, member, owner_user, hall, monkeypatch
):
    """Rows written around the service's check (here: the check skipped) clash in the
    exclusion constraint: a 409 saying so, not a 500."""
    if connection.vendor != "postgresql":
        pytest.skip("the exclusion constraint exists on PostgreSQL only")
    for _ in range(2):
        BookingFactory(resource=hall, organization=member, starts_at=at(2, 9), ends_at=at(2, 11))
    monkeypatch.setattr(services, "_fits", lambda *a, **k: None)
    with pytest.raises(Conflict, match="时间重叠"):
        services.resource_update(
            actor=owner_user, resource=hall, data={"capacity_mode": "exclusive"}
        )
    token = make_token(owner_user)
    response = api_write(
        client, "patch", f"/api/v1/resources/{hall.pk}", {"capacity_mode": "exclusive"}, token
    )
    assert response.status_code == 409 and "时间重叠" in response.json()["detail"]
    client.force_login(owner_user)
    page = client.post(
        reverse("sharing:resource_edit", args=[hall.pk]),
        _edit_form(hall, capacity_mode="exclusive", capacity=1),
    )
    assert page.status_code in (200, 400) and "时间重叠" in page.content.decode()
    assert not Resource.objects.get(pk=hall.pk).exclusive


# --- 5: deciding after the fact ----------------------------------------------------------------


def _late_request(resource, member, days: int = -3, **kwargs):
    """A request that waited unanswered until it was over (it ended ``-days`` days ago)."""
    kwargs.setdefault("status", Booking.Status.PENDING)
    return BookingFactory(
        resource=resource,
        organization=member,
        starts_at=at(days, 9),
        ends_at=at(days, 11),
        **kwargs,
    )


def test_a_request_that_has_begun_can_be_declined_but_not_confirmed(
    client, member, owner_user, base
):
    late = _late_request(base, member)
    with pytest.raises(ValidationError, match="已经开始，不能再确认"):
        services.booking_confirm(actor=owner_user, booking=late)
    token = make_token(owner_user)
    response = api_write(client, "post", f"/api/v1/bookings/{late.pk}/confirm", None, token)
    assert response.status_code == 422 and "不能再确认" in response.json()["detail"]
    assert Booking.objects.get(pk=late.pk).status == "pending"
    response = api_write(client, "post", f"/api/v1/bookings/{late.pk}/no-show", None, token)
    assert response.status_code == 422
    declined = services.booking_decline(actor=owner_user, booking=late, reason="未及时处理")
    assert declined.status == "declined"


def test_a_request_that_begins_in_a_minute_may_still_be_confirmed(member, owner_user, base):
    soon = BookingFactory(
        resource=base,
        organization=member,
        status="pending",
        starts_at=timezone.now() + datetime.timedelta(minutes=1),
    )
    assert services.booking_confirm(actor=owner_user, booking=soon).status == "confirmed"


def test_use_or_no_show_is_recorded_only_for_a_booking_confirmed_before_it_began(
    client, member, owner_user, base
):
    late = _late_request(base, member, status="confirmed", decided_at=at(-1, 9))
    for mark in (services.booking_mark_used, services.booking_mark_no_show):
        with pytest.raises(ValidationError, match="开始之后才确认"):
            mark(actor=owner_user, booking=late)
    assert Booking.objects.get(pk=late.pk).status == "confirmed"
    client.force_login(owner_user)
    html = client.get(reverse("sharing:booking_detail", args=[late.pk])).content.decode()
    assert reverse("sharing:booking_no_show", args=[late.pk]) not in html
    in_time = _late_request(base, member, -2, status="confirmed", decided_at=at(-4, 9))
    html = client.get(reverse("sharing:booking_detail", args=[in_time.pk])).content.decode()
    assert reverse("sharing:booking_no_show", args=[in_time.pk]) in html
    assert services.booking_mark_no_show(actor=owner_user, booking=in_time).status == "no_show"


def test_the_page_of_a_request_that_has_begun_offers_decline_only(client, member, owner_user, base):
    late = _late_request(base, member)
    client.force_login(owner_user)
    html = client.get(reverse("sharing:booking_detail", args=[late.pk])).content.decode()
    assert reverse("sharing:booking_confirm", args=[late.pk]) not in html
    assert reverse("sharing:booking_decline", args=[late.pk]) in html
    assert "不能再确认" in html
    refused = client.post(reverse("sharing:booking_confirm", args=[late.pk]), follow=True)
    assert "不能再确认" in refused.content.decode()
    assert Booking.objects.get(pk=late.pk).status == "pending"
