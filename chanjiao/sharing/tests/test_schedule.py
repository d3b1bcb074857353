"""The plain functions under the booking rules: opening hours, closed dates, the peak load of
overlapping bookings, calendar ranges; and the list declarations against their selectors."""

from __future__ import annotations

import datetime
import inspect

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chanjiao.sharing import lists, selectors
from chanjiao.sharing.schedule import (
    ScheduleError,
    add_months,
    month_weeks,
    normalise_closed_dates,
    normalise_hours,
    outside_opening,
    parse_month,
    parse_week,
    peak_load,
    week_label,
)

MONDAY = datetime.date(2030, 1, 7)
HOURS = normalise_hours(
    [
        {"weekday": 1, "opens": "14:00", "closes": "17:30"},
        {"weekday": 1, "opens": "08:00", "closes": "12:00"},
    ]
)


def at(day: datetime.date, hh: int, mm: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hh, mm))


def test_hours_are_sorted_and_checked():
    assert [i["opens"] for i in HOURS] == ["08:00", "14:00"]
    with pytest.raises(ScheduleError, match="overlap"):
        normalise_hours(HOURS + [{"weekday": 1, "opens": "11:00", "closes": "15:00"}])
    with pytest.raises(ScheduleError):
        normalise_hours([{"weekday": True, "opens": "08:00", "closes": "09:00"}])
    with pytest.raises(ScheduleError):
        normalise_hours(["08:00-09:00"])
    assert normalise_closed_dates(["2030-01-02", datetime.date(2030, 1, 1), "2030-01-02"]) == [
        "2030-01-01",
        "2030-01-02",
    ]
    with pytest.raises(ScheduleError):
        normalise_closed_dates([datetime.datetime(2030, 1, 1)])


@pytest.mark.parametrize(
    ("start", "end", "reason"),
    [
        ((8, 0), (12, 0), None),  # the whole morning interval
        ((14, 0), (17, 30), None),
        ((11, 0), (14, 30), "hours"),  # across the lunch break
        ((7, 30), (9, 0), "hours"),
        ((17, 0), (18, 0), "hours"),
    ],
)
def test_a_booking_lies_within_one_interval(start, end, reason):
    found = outside_opening(HOURS, [], at(MONDAY, *start), at(MONDAY, *end))
    assert (found.reason if found else None) == reason


def test_closed_days_and_dates():
    tuesday = MONDAY + datetime.timedelta(days=1)
    assert outside_opening(HOURS, [], at(tuesday, 9), at(tuesday, 10)).reason == "closed_day"
    closed = [MONDAY.isoformat()]
    assert outside_opening(HOURS, closed, at(MONDAY, 9), at(MONDAY, 10)).reason == "closed_date"
    # Without hours: any range, but no closed day inside it; midnight ends the day before.
    week = (at(MONDAY, 20), at(MONDAY + datetime.timedelta(days=7), 8))
    assert outside_opening([], [], *week) is None
    assert outside_opening([], [(MONDAY + datetime.timedelta(days=3)).isoformat()], *week)
    up_to_midnight = (at(MONDAY - datetime.timedelta(days=1), 20), at(MONDAY, 0))
    assert outside_opening([], closed, *up_to_midnight) is None


def test_back_to_back_bookings_do_not_add_up():
    nine, ten, eleven = at(MONDAY, 9), at(MONDAY, 10), at(MONDAY, 11)
    assert peak_load([(nine, ten, 3), (ten, eleven, 4)], nine, eleven) == (4, ten)
    assert peak_load([(nine, eleven, 3), (ten, eleven, 4)], nine, eleven) == (7, ten)
    assert peak_load([(nine, ten, 3)], ten, eleven) == (0, None)


@given(
    st.lists(st.tuples(st.integers(0, 47), st.integers(1, 8), st.integers(1, 9)), max_size=12),
    st.integers(0, 47),
    st.integers(1, 8),
)
def test_the_peak_is_the_most_held_at_any_half_hour(bookings, start, length):
    """Against a brute force over every half hour: the sweep agrees."""
    base = at(MONDAY, 0)
    half = datetime.timedelta(minutes=30)
    taken = [(base + s * half, base + (s + n) * half, q) for s, n, q in bookings]
    begin, end = base + start * half, base + (start + length) * half
    brute = max(
        (
            sum(q for s, e, q in taken if s <= base + t * half < e)
            for t in range(start, start + length)
        ),
        default=0,
    )
    assert peak_load(taken, begin, end)[0] == brute


def test_calendar_ranges():
    today = datetime.date(2030, 1, 9)  # a Wednesday
    assert parse_week(None, today) == MONDAY and parse_week("2030-W02", today) == MONDAY
    assert parse_week("9999-W52", today) == MONDAY and parse_week("x", today) == MONDAY
    assert week_label(MONDAY) == "2030-W02"
    assert parse_month("2030-02", today) == datetime.date(2030, 2, 1)
    assert parse_month("2030-13", today) == datetime.date(2030, 1, 1)
    assert add_months(datetime.date(2030, 12, 1), 1) == datetime.date(2031, 1, 1)
    weeks = month_weeks(datetime.date(2030, 2, 1))
    assert weeks[0][0] == datetime.date(2030, 1, 28) and weeks[-1][-1] >= datetime.date(2030, 2, 28)
    assert all(len(w) == 7 and w[0].isoweekday() == 1 for w in weeks)


@pytest.mark.parametrize(
    ("filters", "selector"),
    [
        (lists.RESOURCE_FILTERS, selectors.resource_list),
        (lists.BOOKING_FILTERS, selectors.booking_list),
    ],
    ids=["resources", "bookings"],
)
def test_every_declared_filter_is_a_keyword_of_its_selector(filters, selector):
    assert set(filters.names) <= set(inspect.signature(selector).parameters)
    assert list(filters.schema().model_fields) == filters.names
