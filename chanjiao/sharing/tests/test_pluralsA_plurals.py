"""English counts in the sharing pages and messages: one noun for 1, its plural otherwise.

Chinese has no plural, so "1 个名额" read "1 places" and a refusal "1 of 1 places"; these
messages are ngettext now, with the Chinese the same in both forms. These tests read the
English catalogue: they pass once it has the plural entries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from chanjiao.core.exceptions import Conflict
from chanjiao.sharing import services
from chanjiao.sharing.models import Resource
from chanjiao.sharing.tests.factories import BookingFactory, ResourceFactory, at

pytestmark = pytest.mark.django_db


def english(client, url: str, **params) -> str:
    client.cookies["django_language"] = "en"
    response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def counted(body, enterprise, capacity: int) -> Resource:
    return ResourceFactory(
        name="培训报告厅",
        owner=enterprise,
        body=body,
        capacity_mode=Resource.CapacityMode.COUNTED,
        capacity=capacity,
        approval_required=False,
    )


@pytest.mark.parametrize(
    "count, shown",
    [
        (1, ["1 place at a time<", "1 place<", "This resource has 1 place at any one time."]),
        (2, ["2 places at a time<", "2 places<", "This resource has 2 places at any one time."]),
    ],
)
def test_places_are_counted_in_the_singular_and_the_plural(
    client, body, enterprise, member, contact_user, count, shown
):
    resource = counted(body, enterprise, count)
    BookingFactory(resource=resource, organization=member, starts_at=at(1, 9), quantity=count)
    client.force_login(contact_user)
    detail = english(client, reverse("sharing:resource_detail", args=[resource.pk]))
    catalogue = english(client, reverse("sharing:resource_list"))
    form = english(client, reverse("sharing:resource_book", args=[resource.pk]))
    assert shown[0] in detail and shown[1] in detail  # capacity, and a booking's places
    assert shown[1] in catalogue
    assert shown[2] in form
    for html in (detail, catalogue, form):
        assert "1 places" not in html


@pytest.mark.parametrize(
    "bookings, hours, shown",
    [(1, 1, "1 booking · 1 hour<"), (2, 1, "2 bookings · 2 hours<"), (1, 0.5, "1 booking · 0.50 hours<")],
)  # fmt: skip
def test_usage_by_kind_counts_bookings_and_hours_in_the_singular_and_the_plural(
    client, body, enterprise, member, secretariat_user, bookings, hours, shown
):
    resource = counted(body, enterprise, 10)
    for i in range(bookings):
        start = at(-1, 9 + 2 * i)
        BookingFactory(
            resource=resource,
            organization=member,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=hours),
            status="used",
        )
    client.force_login(secretariat_user)
    html = english(client, reverse("sharing:usage", args=[body.pk]), year=at(-1, 9).year)
    assert shown in html


@pytest.mark.parametrize(
    "capacity, shown", [(1, "has 1 of 1 place booked"), (2, "has 2 of 2 places booked")]
)
def test_a_full_resource_names_its_places_in_the_singular_and_the_plural(
    body, enterprise, member, contact_user, capacity, shown
):
    resource = counted(body, enterprise, capacity)
    BookingFactory(resource=resource, organization=member, starts_at=at(2, 9), quantity=capacity)
    with translation.override("en"), pytest.raises(Conflict) as refused:
        services.booking_request(
            actor=contact_user,
            resource=resource,
            starts_at=at(2, 9),
            ends_at=at(2, 11),
            purpose="培训",
        )
    assert shown in str(refused.value)
