"""Exports of events (活动) as .xlsx."""

from __future__ import annotations

from django.utils import translation
from openpyxl import Workbook

# A header row in the house style, labels in Chinese, formula-like texts written as text.
from chanjiao.core.tabular import header_sheet, workbook_bytes
from chanjiao.core.tabular import zh as _zh
from chanjiao.core.words import listed
from chanjiao.registry.models import Body

from .models import EventOrganization
from .selectors import event_list


@translation.override("zh-hans")  # a file people exchange: Chinese throughout
def events_to_xlsx(body: Body, *, actor=None) -> bytes:
    """The body's events as .xlsx: name, kind, dates, venue, city, attendance, the bodies that
    hold it and the organisations in each role (指导, 主办, 承办 …)."""
    roles = list(EventOrganization.Role.choices)
    headers = [
        "名称",
        "类型",
        "开始日期",
        "结束日期",
        "地点",
        "城市",
        "参会人数",
        "约数",
        "主办产教融合体",
        *[_zh(label) for _c, label in roles],
    ]
    wb = Workbook()
    ws = header_sheet(
        wb.active, "活动", headers, [48, 12, 12, 12, 24, 10, 10, 6, 36, *[30] * len(roles)]
    )
    events = event_list(actor=actor, body=body.pk).prefetch_related("participations__organization")
    for e in events:
        by_role: dict[str, list[str]] = {}
        for p in e.participations.all():
            by_role.setdefault(p.role, []).append(p.organization.name)
        ws.append(
            [
                e.name,
                _zh(e.Kind(e.kind).label) if e.kind in e.Kind.values else e.kind,
                e.starts_on,
                e.ends_on,
                e.venue,
                e.city,
                e.attendance,
                "是" if e.attendance_approx else "",
                listed(b.name for b in e.bodies.all()),
                *[listed(by_role.get(code, [])) for code, _l in roles],
            ]
        )
    for row in ws.iter_rows(min_row=2, min_col=3, max_col=4):
        for cell in row:
            cell.number_format = "yyyy-mm-dd"
    return workbook_bytes(wb)


@translation.override("zh-hans")  # a file people exchange: Chinese throughout
def attendees_to_xlsx(event, registrations) -> bytes:
    """An event's registrations (报名名单) as .xlsx, for its organisers: who, which unit, the
    details the event asked for, the status and when each checked in. Every cell goes through
    the project's writer (a name typed as ``=HYPERLINK(…)`` stays text)."""
    from django.utils import timezone

    from .models import RegistrationSettings

    settings = event.registration
    asked = [
        (name, label)
        for name, label in RegistrationSettings.Asked.choices
        if settings.asks(name) and name != RegistrationSettings.Asked.UNIT
    ]
    headers = [
        "序号",
        "姓名",
        "单位",
        *[_zh(label) for _n, label in asked],
        "状态",
        "报名时间",
        "签到时间",
        "票号",
    ]
    wb = Workbook()
    ws = header_sheet(
        wb.active, "报名名单", headers, [6, 14, 32, *[18] * len(asked), 10, 18, 18, 30]
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
                _zh(r.Status(r.status).label),
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
