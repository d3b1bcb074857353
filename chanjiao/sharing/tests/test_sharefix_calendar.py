"""Calendars show each booking's part of the day (multi-day, all-day), and booking times are
whole minutes with a shortest length."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from chanjiao.core.testing import api_write, make_token
from chanjiao.sharing import services
from chanjiao.sharing.schedule import week_label
from chanjiao.sharing.tests.factories import BookingFactory, at


def _next_monday() -> int:
    """Days from today to next week's Monday."""
    return 8 - timezone.localdate().isoweekday()


def _days(html: str) -> dict[str, str]:
    """The week page's days: ``{"2030-01-07": "<the day's html>"}``."""
    parts = re.split(r'<section class="cj-day[^"]*" aria-label="(\d{4}-\d\d-\d\d)">', html)
    return {parts[i]: re.sub(r"\s+", " ", parts[i + 1]) for i in range(1, len(parts), 2)}


@pytest.fixture
def open_base(base):
    """The training base without opening hours: any time, for days."""
    base.opening_hours = []
    base.save()
    return base


def test_a_booking_over_several_days_shows_its_part_of_each_day(client, open_base, member):
    monday = _next_monday()
    BookingFactory(
        resource=open_base,
        organization=member,
        starts_at=at(monday, 10),
        ends_at=at(monday + 3, 15),
    )
    week = week_label(at(monday, 10).date())
    url = reverse("sharing:resource_calendar", args=[open_base.pk])
    html = client.get(url, {"week": week}).content.decode()
    days = list(_days(html).values())
    assert len(days) == 7
    assert "10:00–24:00" in days[0] and "延续到下一天" in days[0] and "接前一天" not in days[0]
    for day in days[1:3]:  # Tuesday and Wednesday: taken all day (16:00 is not free)
        assert "全天" in day and "接前一天" in day and "延续到下一天" in day
        assert "10:00–15:00" not in day
    assert "00:00–15:00" in days[3] and "接前一天" in days[3] and "延续到下一天" not in days[3]
    assert "已预约" not in days[4] and "空闲" in days[4]


def test_an_all_day_booking_reads_all_day_not_midnight_to_midnight(client, open_base, member):
    monday = _next_monday()
    BookingFactory(
        resource=open_base, organization=member, starts_at=at(monday, 0), ends_at=at(monday + 1, 0)
    )
    url = reverse("sharing:resource_calendar", args=[open_base.pk])
    html = client.get(url, {"week": week_label(at(monday, 0).date())}).content.decode()
    days = list(_days(html).values())
    assert "全天" in days[0] and "00:00–00:00" not in html
    assert "接前一天" not in days[0] and "延续到下一天" not in days[0]
    assert "空闲" in days[1]  # it ends at midnight: not on Tuesday
    month = client.get(url, {"month": at(monday, 0).strftime("%Y-%m")}).content.decode()
    assert "全天" in month and "00:00–00:00" not in month


def test_the_booking_forms_week_shows_each_days_part(client, open_base, member, contact_user):
    monday = _next_monday()
    BookingFactory(
        resource=open_base, organization=member, starts_at=at(monday, 20), ends_at=at(monday + 1, 8)
    )
    client.force_login(contact_user)
    start = at(monday, 9).strftime("%Y-%m-%dT%H:%M")
    html = client.get(reverse("sharing:resource_book", args=[open_base.pk]), {"start": start})
    text = html.content.decode()
    assert "20:00–24:00" in text and "00:00–08:00" in text and "20:00–08:00" not in text


def request(user, resource, start, end):
    return services.booking_request(
        actor=user, resource=resource, starts_at=start, ends_at=end, purpose="实训"
    )


def test_booking_times_are_whole_minutes(member, contact_user, open_base):
    start = at(2, 10) + datetime.timedelta(seconds=30, microseconds=5)
    booking = request(contact_user, open_base, start, at(2, 11) + datetime.timedelta(seconds=59))
    assert (booking.starts_at, booking.ends_at) == (at(2, 10), at(2, 11))


def test_a_booking_shorter_than_fifteen_minutes_is_refused(member, contact_user, open_base):
    with pytest.raises(ValidationError, match="至少 15 分钟"):
        request(contact_user, open_base, at(2, 10), at(2, 10, 14))
    assert request(contact_user, open_base, at(2, 10), at(2, 10, 15)).ends_at == at(2, 10, 15)


def test_the_api_refuses_a_sub_minute_booking(client, member, contact_user, open_base):
    day = at(2, 10).date().isoformat()
    token = make_token(contact_user)
    response = api_write(
        client,
        "post",
        f"/api/v1/resources/{open_base.pk}/bookings",
        {"starts_at": f"{day}T10:00:00.5", "ends_at": f"{day}T10:00:00.6", "purpose": "x"},
        token,
    )
    assert response.status_code == 422 and "ends_at" in response.json()["errors"]
    assert not open_base.bookings.exists()
