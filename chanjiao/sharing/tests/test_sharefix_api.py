"""Bookings filtered by start time (API and page), a resource's calendar in the API, and the
bookings list and usage figures as .xlsx."""

from __future__ import annotations

import io

from django.urls import reverse
from openpyxl import load_workbook

from chanjiao.core.testing import bearer, items, make_token
from chanjiao.sharing.tests.factories import BookingFactory, at


def _ids(response) -> list[int]:
    assert response.status_code == 200, response.content[:500]
    return [b["id"] for b in items(response)]


def test_the_bookings_filter_by_start_in_the_api(client, member, contact_user, base):
    early = BookingFactory(resource=base, organization=member, starts_at=at(2, 9))
    late = BookingFactory(resource=base, organization=member, starts_at=at(5, 9))
    headers = bearer(make_token(contact_user))
    get = lambda **q: _ids(client.get("/api/v1/bookings", q, headers=headers))  # noqa: E731
    assert get() == [early.pk, late.pk]
    assert get(starts_after=at(3, 0).isoformat()) == [late.pk]
    assert get(starts_before=at(3, 0).isoformat()) == [early.pk]
    day = at(5, 0).date()
    assert get(starts_after=day.isoformat()) == [late.pk]  # a date: its local midnight
    assert get(starts_before=day.isoformat()) == [early.pk]
    assert get(starts_after=at(5, 9).strftime("%Y-%m-%dT%H:%M")) == [late.pk]  # local time
    for bad in ("tomorrow", "0001-01-01", "9999-12-31T23:59"):
        response = client.get("/api/v1/bookings", {"starts_after": bad}, headers=headers)
        assert response.status_code == 422, (bad, response.content)


def test_the_bookings_page_filters_by_start_dates(client, member, contact_user, base):
    early = BookingFactory(resource=base, organization=member, starts_at=at(2, 9))
    late = BookingFactory(resource=base, organization=member, starts_at=at(5, 9))
    past = BookingFactory(resource=base, organization=member, starts_at=at(-5, 9))
    client.force_login(contact_user)
    url = reverse("sharing:booking_list")
    html = client.get(url, {"starts_after": at(3, 0).date().isoformat()}).content.decode()
    assert f'data-booking="{late.pk}"' in html and f'data-booking="{early.pk}"' not in html
    assert 'name="starts_after"' in html and 'name="starts_before"' in html
    # Dates in the past show ended bookings without ?all.
    html = client.get(url, {"starts_before": at(0, 0).date().isoformat()}).content.decode()
    assert f'data-booking="{past.pk}"' in html and f'data-booking="{early.pk}"' not in html


def _calendar(client, resource, headers=None, **query):
    return client.get(f"/api/v1/resources/{resource.pk}/calendar", query, headers=headers or {})


def test_a_resources_calendar_shows_taken_slots_to_all_and_details_to_its_readers(
    client, member, contact_user, second_member, base
):
    own = BookingFactory(resource=base, organization=member, starts_at=at(2, 9))
    theirs = BookingFactory(
        resource=base, organization=second_member[0], starts_at=at(3, 9), status="pending"
    )
    BookingFactory(resource=base, organization=member, starts_at=at(4, 9), status="cancelled")
    BookingFactory(resource=base, organization=member, starts_at=at(20, 9))  # outside
    day = at(1, 0).date()
    query = {"from": day.isoformat(), "to": at(7, 0).date().isoformat()}
    anonymous = _calendar(client, base, **query)
    assert anonymous.status_code == 200, anonymous.content
    entries = anonymous.json()
    assert [e["status"] for e in entries] == ["confirmed", "pending"]  # cancelled left out
    assert all(e["booking"] is None and e["organization"] is None for e in entries)
    assert member.name not in anonymous.content.decode()
    assert entries[0]["starts_at"].startswith(at(2, 9).date().isoformat())
    mine = _calendar(client, base, bearer(make_token(contact_user)), **query).json()
    assert mine[0]["booking"] == own.pk and mine[0]["organization"]["name"] == member.name
    assert mine[1]["booking"] is None and mine[1]["organization"] is None  # another unit's
    assert theirs.pk not in [e["booking"] for e in mine]


def test_a_resources_calendar_defaults_to_a_week_and_refuses_odd_ranges(client, member, base):
    BookingFactory(resource=base, organization=member, starts_at=at(2, 9))
    BookingFactory(resource=base, organization=member, starts_at=at(8, 9))
    assert len(_calendar(client, base).json()) == 1  # today and the six days after
    for query, field in [
        ({"from": "2030-02-01", "to": "2030-01-01"}, "to"),
        ({"from": "2030-01-01", "to": "2031-06-01"}, "to"),
        ({"from": "0001-01-01"}, "from"),
        ({"from": "9999-12-31"}, "from"),
        ({"from": "tomorrow"}, "from"),
    ]:
        response = _calendar(client, base, **query)
        assert response.status_code == 422, (query, response.content)
        assert field in str(response.json()["errors"]), response.json()
    assert client.get("/api/v1/resources/999999/calendar").status_code == 404


def _sheet(response) -> list[tuple]:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


def test_the_bookings_list_exports_its_rows_as_xlsx(client, member, contact_user, base):
    booking = BookingFactory(
        resource=base, organization=member, starts_at=at(2, 9), purpose="实训周"
    )
    client.force_login(contact_user)
    url = reverse("sharing:booking_list")
    assert "format=xlsx" in client.get(url).content.decode()
    header, row = _sheet(client.get(url, {"format": "xlsx"}))
    assert header[:3] == ("编号", "开始时间", "结束时间")
    assert row[0] == booking.pk and row[1] == at(2, 9).replace(tzinfo=None)  # local time
    assert "实训周" in row and member.name in row and "已确认" in row


def test_the_usage_figures_export_as_xlsx_for_their_readers(
    client, body, member, secretariat_user, contact_user, base
):
    year = at(-1, 9).year
    BookingFactory(resource=base, organization=member, starts_at=at(-1, 9), ends_at=at(-1, 11))
    url = reverse("sharing:usage", args=[body.pk])
    client.force_login(contact_user)
    assert client.get(url, {"year": year, "format": "xlsx"}).status_code == 403
    client.force_login(secretariat_user)
    assert "format=xlsx" in client.get(url, {"year": year}).content.decode()
    header, *rows = _sheet(client.get(url, {"year": year, "format": "xlsx"}))
    assert header[0] == "预约单位" and len(header) == 7
    assert rows[0][:3] == (member.name, 1, 2) and rows[-1][:3] == ("合计", 1, 2)
