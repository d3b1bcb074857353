"""Exports of events (活动) as .xlsx."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

# A header row in the house style, formula-like texts written as text.
from chanjiao.core.tabular import header_sheet, workbook_bytes
from chanjiao.core.words import listed
from chanjiao.registry.models import Body

from .models import Event, EventOrganization
from .selectors import event_list


def events_to_xlsx(body: Body, *, actor=None) -> bytes:
    """The body's events as .xlsx: name, kind, dates, venue, city, attendance, the bodies that
    hold it and the organisations in each role (指导, 主办, 承办 …).

    Headers and choices are written in the active language, as every list's export: a reader
    of the English pages gets an English file (the command line writes Chinese)."""
    roles = list(EventOrganization.Role.choices)
    fields = ("name", "kind", "starts_on", "ends_on", "venue", "city", "attendance")
    headers = [
        *[str(Event._meta.get_field(f).verbose_name) for f in fields],
        str(Event._meta.get_field("attendance_approx").verbose_name),
        str(Event._meta.get_field("bodies").verbose_name),
        *[str(label) for _c, label in roles],
    ]
    wb = Workbook()
    ws = header_sheet(
        wb.active,
        pgettext("list", "活动"),
        headers,
        [48, 12, 12, 12, 24, 10, 10, 6, 36, *[30] * len(roles)],
    )
    events = event_list(actor=actor, body=body.pk).prefetch_related("participations__organization")
    for e in events:
        by_role: dict[str, list[str]] = {}
        for p in e.participations.all():
            by_role.setdefault(p.role, []).append(p.organization.name)
        ws.append(
            [
                e.name,
                e.get_kind_display(),
                e.starts_on,
                e.ends_on,
                e.venue,
                e.city,
                e.attendance,
                _("是") if e.attendance_approx else "",
                listed(b.name for b in e.bodies.all()),
                *[listed(by_role.get(code, [])) for code, _l in roles],
            ]
        )
    for row in ws.iter_rows(min_row=2, min_col=3, max_col=4):
        for cell in row:
            cell.number_format = "yyyy-mm-dd"
    return workbook_bytes(wb)


def attendees_to_xlsx(event, registrations) -> bytes:
    """An event's registrations (报名名单) as .xlsx, for its organisers: who, which unit, the
    details the event asked for, the status and when each checked in, headers and statuses in
    the active language. Every cell goes through the project's writer (a name typed as
    ``=HYPERLINK(…)`` stays text)."""
    from django.utils import timezone

    from .models import RegistrationSettings

    settings = event.registration
    asked = [
        (name, label)
        for name, label in RegistrationSettings.Asked.choices
        if settings.asks(name) and name != RegistrationSettings.Asked.UNIT
    ]
    headers = [
        _("序号"),
        _("姓名"),
        _("单位"),
        *[str(label) for _n, label in asked],
        _("状态"),
        _("报名时间"),
        _("签到时间"),
        _("票号"),
    ]
    wb = Workbook()
    ws = header_sheet(
        wb.active, _("报名名单"), headers, [6, 14, 32, *[18] * len(asked), 10, 18, 18, 30]
    )

    def local(value):
        return timezone.localtime(value).replace(tzinfo=None) if value else None

    for number, r in enumerate(registrations, start=1):
        ws.append(
            [
                number,
                r.name,
                r.organization.name if r.organization else "",
                *[getattr(r, name) for name, _l in asked],
                r.get_status_display(),
                local(r.created_at),
                local(r.checked_in_at),
                r.ticket_code,
            ]
        )
    first_time = 4 + len(asked) + 1
    for row in ws.iter_rows(min_row=2, min_col=first_time, max_col=first_time + 1):
        for cell in row:
            cell.number_format = "yyyy-mm-dd hh:mm"
    return workbook_bytes(wb)
