"""Exports of events (活动) as .xlsx."""

from __future__ import annotations

from openpyxl import Workbook

# A header row in the house style, labels in Chinese, formula-like texts written as text.
from chanjiao.core.tabular import header_sheet, workbook_bytes
from chanjiao.core.tabular import zh as _zh
from chanjiao.registry.models import Body

from .models import EventOrganization
from .selectors import event_list


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
                "、".join(b.name for b in e.bodies.all()),
                *["、".join(by_role.get(code, [])) for code, _l in roles],
            ]
        )
    for row in ws.iter_rows(min_row=2, min_col=3, max_col=4):
        for cell in row:
            cell.number_format = "yyyy-mm-dd"
    return workbook_bytes(wb)
