"""The supply–demand gap (供需缺口) as .xlsx."""

from __future__ import annotations

from django.utils import timezone, translation
from openpyxl import Workbook

from chanjiao.core.tabular import header_sheet, workbook_bytes
from chanjiao.registry.models import Body

from .selectors import GAP_DIMENSIONS, gap_includes_synthetic, talent_gap

_SHEETS = {"major": "按专业", "category": "按专业大类", "industry": "按行业", "region": "按地区"}


@translation.override("zh-hans")  # a file people exchange: Chinese throughout
def gap_to_xlsx(
    *, actor, body: int | None = None, region: str | None = None, year: int | None = None
) -> bytes:
    """The supply–demand gap as .xlsx: one sheet per dimension (major, category, industry,
    region), largest gap first, plus a sheet that says what was counted."""
    wb = Workbook()
    first = True
    for by in GAP_DIMENSIONS:
        ws = wb.active if first else wb.create_sheet()
        first = False
        header_sheet(
            ws,
            _SHEETS[by],
            [_SHEETS[by][1:], "供给（毕业生）", "需求（岗位）", "缺口（需求−供给）", "需求/供给"],
            [40, 16, 16, 20, 12],
        )
        for row in talent_gap(actor=actor, body=body, region=region, year=year, by=by):
            ws.append([row.label, row.supply, row.demand, row.gap, row.ratio])
    about = wb.create_sheet("说明")
    body_name = (
        Body.objects.filter(pk=body).values_list("name", flat=True).first() if body else None
    )
    for line in (
        ("产教融合体", body_name or "全部"),
        ("地区", region or "全部"),
        ("年份", year or "全部"),
        ("供给", "该年毕业的培养规模人数合计"),
        ("需求", "招募中、期间覆盖该年的需求岗位人数合计（按主要专业计）"),
        ("导出时间", timezone.localtime().strftime("%Y-%m-%d %H:%M")),
        *(
            [("合成数据", "包含演示用合成数据（随机生成），并非真实统计")]
            if gap_includes_synthetic(actor=actor, body=body, region=region, year=year)
            else []
        ),
    ):
        about.append(list(line))
    about.column_dimensions["A"].width = 14
    about.column_dimensions["B"].width = 60
    return workbook_bytes(wb)
