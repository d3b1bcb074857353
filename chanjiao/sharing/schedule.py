"""Opening hours, closed dates, occupancy and calendar ranges: plain functions on plain data.

Opening hours (开放时间) are stored as a list of intervals ``{"weekday": 1–7 (ISO, Monday is 1),
"opens": "HH:MM", "closes": "HH:MM"}``, several per day allowed (08:00–12:00 and 14:00–17:30),
none overlapping; an empty list means "no fixed hours": the resource may be booked at any time
(an internship place for three months, an online course). Closed dates (闭馆日期) are ISO dates.

Nothing here touches the database; the services call these functions inside the resource's
lock and turn what they answer into messages.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

WEEKDAYS = range(1, 8)
#: The days' names, Monday first (the labels of the form's fields and the calendar's columns).
WEEKDAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class ScheduleError(ValueError):
    """Opening hours or closed dates that cannot be stored; the message says which entry."""


def _time(value) -> datetime.time:
    if isinstance(value, datetime.time):
        return value.replace(second=0, microsecond=0, tzinfo=None)
    if isinstance(value, str):
        try:
            return datetime.time.fromisoformat(value.strip()).replace(second=0, microsecond=0)
        except ValueError:
            pass
    raise ScheduleError(f"not a time of day (HH:MM): {value!r}")


def normalise_hours(intervals: Iterable) -> list[dict]:
    """Opening hours as stored: each interval checked (weekday 1–7, opens before closes),
    sorted by day and time, no two overlapping on one day. Raises :class:`ScheduleError`."""
    out: list[dict] = []
    for item in intervals or ():
        if not isinstance(item, dict):
            raise ScheduleError(f"not an interval: {item!r}")
        weekday = item.get("weekday")
        if isinstance(weekday, bool) or not isinstance(weekday, int) or weekday not in WEEKDAYS:
            raise ScheduleError(f"weekday must be 1 (Monday) to 7 (Sunday): {weekday!r}")
        opens, closes = _time(item.get("opens")), _time(item.get("closes"))
        if closes <= opens:
            raise ScheduleError(f"closes ({closes:%H:%M}) must be after opens ({opens:%H:%M})")
        out.append({"weekday": weekday, "opens": f"{opens:%H:%M}", "closes": f"{closes:%H:%M}"})
    out.sort(key=lambda i: (i["weekday"], i["opens"]))
    for before, after in zip(out, out[1:], strict=False):
        if before["weekday"] == after["weekday"] and after["opens"] < before["closes"]:
            raise ScheduleError(
                f"intervals overlap on weekday {after['weekday']}: "
                f"{before['opens']}–{before['closes']} and {after['opens']}–{after['closes']}"
            )
    return out


def normalise_closed_dates(dates: Iterable) -> list[str]:
    """Closed dates as stored: ISO dates, sorted, each once. Raises :class:`ScheduleError`."""
    out = set()
    for value in dates or ():
        if isinstance(value, datetime.datetime):
            raise ScheduleError(f"a date, not a date and time: {value!r}")
        if isinstance(value, datetime.date):
            out.add(value.isoformat())
            continue
        try:
            out.add(datetime.date.fromisoformat(str(value).strip()).isoformat())
        except ValueError as exc:
            raise ScheduleError(f"not a date (YYYY-MM-DD): {value!r}") from exc
    return sorted(out)


def hours_on(hours: list[dict], day: datetime.date) -> list[tuple[datetime.time, datetime.time]]:
    """The opening intervals of ``day`` (empty: closed that weekday)."""
    wd = day.isoweekday()
    return [
        (datetime.time.fromisoformat(i["opens"]), datetime.time.fromisoformat(i["closes"]))
        for i in hours
        if i["weekday"] == wd
    ]


@dataclass(frozen=True)
class Outside:
    """Why a time range cannot be booked: ``reason`` is ``closed_date`` (``day``),
    ``closed_day`` (``day``: no hours that weekday), ``hours`` (not within one opening
    interval of ``day``) or ``days`` (spans several days while the resource has hours)."""

    reason: str
    day: datetime.date | None = None


def outside_opening(
    hours: list[dict], closed: list[str], start: datetime.datetime, end: datetime.datetime
) -> Outside | None:
    """Whether the local (naive or same-zone) range ``[start, end)`` lies within the opening
    hours and touches no closed date; ``None`` when it may be booked.

    With hours, a booking lies within one interval of one day (10:00–12:00 in 08:00–12:00); a
    range ending at midnight belongs to the day it started. Without hours any range may be
    booked, as long as none of the days it covers is closed.
    """
    closed_days = set(closed)
    last = (end - datetime.timedelta(microseconds=1)).date()
    day = start.date()
    while day <= last:
        if day.isoformat() in closed_days:
            return Outside("closed_date", day)
        day += datetime.timedelta(days=1)
    if not hours:
        return None
    if last != start.date():
        return Outside("days", start.date())
    intervals = hours_on(hours, start.date())
    if not intervals:
        return Outside("closed_day", start.date())
    begins, ends = start.time(), (end - datetime.timedelta(microseconds=1)).time()
    for opens, closes in intervals:
        if opens <= begins and ends < closes:
            return None
    return Outside("hours", start.date())


def peak_load(
    taken: Iterable[tuple[datetime.datetime, datetime.datetime, int]],
    start: datetime.datetime,
    end: datetime.datetime,
) -> tuple[int, datetime.datetime | None]:
    """The most places held at one instant within ``[start, end)`` by the ``(starts, ends,
    quantity)`` bookings ``taken`` (half-open ranges: one ending at 17:00 and one starting at
    17:00 never meet), and the first instant it is reached (``None`` when nothing overlaps).

    A sweep over the bookings' edges, so two bookings that overlap the request but not each
    other are not added up.
    """
    edges: list[tuple[datetime.datetime, int]] = []
    for s, e, q in taken:
        s, e = max(s, start), min(e, end)
        if s < e:
            edges.append((s, q))
            edges.append((e, -q))
    # At one instant ends come before starts: half-open ranges.
    edges.sort(key=lambda edge: (edge[0], edge[1]))
    load = peak = 0
    when = None
    for at, delta in edges:
        load += delta
        if load > peak:
            peak, when = load, at
    return peak, when


# --- calendar ranges ----------------------------------------------------------------------------


#: The years a calendar may show (further out, a page of dates would only be noise, and the
#: arithmetic would leave the calendar).
CALENDAR_YEARS = range(1990, 2201)


def parse_week(value: str | None, today: datetime.date) -> datetime.date:
    """The Monday of ``?week=2025-W23`` (ISO week), or of the week of ``today``."""
    if value:
        try:
            monday = datetime.date.fromisoformat(f"{value.strip()}-1")
        except ValueError:
            monday = None
        if monday is not None and monday.year in CALENDAR_YEARS:
            return monday
    return today - datetime.timedelta(days=today.isoweekday() - 1)


def parse_month(value: str | None, today: datetime.date) -> datetime.date:
    """The first day of ``?month=2025-06``, or of the month of ``today``."""
    if value:
        try:
            year, month = (int(p) for p in value.strip().split("-"))
            if year in CALENDAR_YEARS:
                return datetime.date(year, month, 1)
        except (ValueError, TypeError):
            pass
    return today.replace(day=1)


def week_label(monday: datetime.date) -> str:
    """``2025-W23`` for the week starting on ``monday``."""
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def add_months(first: datetime.date, months: int) -> datetime.date:
    """The first day of the month ``months`` after the month of ``first``."""
    index = first.year * 12 + first.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def month_weeks(first: datetime.date) -> list[list[datetime.date]]:
    """The weeks (Monday to Sunday) that show the month of ``first``."""
    start = first - datetime.timedelta(days=first.isoweekday() - 1)
    end = add_months(first, 1)
    weeks = []
    day = start
    while day < end:
        weeks.append([day + datetime.timedelta(days=i) for i in range(7)])
        day += datetime.timedelta(days=7)
    return weeks
