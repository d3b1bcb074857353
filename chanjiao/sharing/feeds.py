"""Calendar feeds (iCalendar, RFC 5545) of a resource's or a unit's bookings (订阅日历).

A feed's address carries an unguessable token (``Resource.feed_token``,
``UnitCalendar.feed_token``): calendar programs (Outlook, Apple Calendar, a phone) fetch it
without signing in, so the address is the credential. It is shown only to those who may see
every booking in it — a resource's to its managers, a unit's to its contacts — and they can
give the feed a new address, which stops the old one. A feed holds no personal data: the
resource, the times, the units, the purpose and the status.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .models import Booking

#: iCalendar's STATUS of each booking status shown in a feed.
_STATUS = {
    Booking.Status.PENDING: "TENTATIVE",
    Booking.Status.CONFIRMED: "CONFIRMED",
    Booking.Status.USED: "CONFIRMED",
}


def calendar_ics(name: str, bookings: Iterable[Booking], *, domain: str) -> bytes:
    """The bookings as an iCalendar document named ``name``; ``domain`` makes the events'
    UIDs unique (``booking-12@example.cn``), so an edit replaces the event in the calendar."""
    cal = Calendar()
    cal.add("prodid", "-//chanjiao//sharing//ZH")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", timezone.get_current_timezone_name())
    stamp = timezone.now()
    for booking in bookings:
        resource = booking.resource
        unit = booking.organization.name if booking.organization_id else _("个人")
        event = Event()
        event.add("uid", f"booking-{booking.pk}@{domain}")
        event.add("dtstamp", stamp)
        event.add("dtstart", booking.starts_at)
        event.add("dtend", booking.ends_at)
        event.add("summary", f"{resource.name} · {unit}")
        lines = [
            _("状态：%(status)s") % {"status": booking.get_status_display()},
            _("用途：%(purpose)s") % {"purpose": booking.purpose},
        ]
        if not resource.exclusive:
            lines.append(_("数量：%(n)d") % {"n": booking.quantity})
        event.add("description", "\n".join(lines))
        if resource.location:
            event.add("location", resource.location)
        event.add("status", _STATUS.get(booking.status, "CONFIRMED"))
        event.add("last-modified", booking.updated_at)
        cal.add_component(event)
    return cal.to_ical()
