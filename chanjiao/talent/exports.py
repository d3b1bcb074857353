"""The supply–demand gap (供需缺口) as .xlsx."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from chanjiao.core.tabular import header_sheet, workbook_bytes
from chanjiao.registry.models import Body

from .selectors import GAP_DIMENSIONS, gap_includes_synthetic, talent_gap

# Each dimension's sheet and the header of its first column.
_SHEETS = {
    "major": (gettext_lazy("按专业"), gettext_lazy("专业")),
    "category": (gettext_lazy("按专业大类"), gettext_lazy("专业大类")),
    "industry": (gettext_lazy("按行业"), gettext_lazy("行业")),
    "region": (gettext_lazy("按地区"), gettext_lazy("地区")),
}


def gap_to_xlsx(
    *, actor, body: int | None = None, region: str | None = None, year: int | None = None
) -> bytes:
    """The supply–demand gap as .xlsx: one sheet per dimension (major, category, industry,
    region), largest gap first, plus a sheet that says what was counted; written in the
    active language, as the page it is exported from (the command line writes Chinese)."""
    wb = Workbook()
    first = True
    for by in GAP_DIMENSIONS:
        ws = wb.active if first else wb.create_sheet()
        first = False
        sheet, group = _SHEETS[by]
        header_sheet(
            ws,
            str(sheet),
            [
                str(group),
                _("供给（毕业生）"),
                _("需求（岗位）"),
                _("缺口（需求−供给）"),
                _("需求/供给"),
            ],
            [40, 16, 16, 20, 12],
        )
        for row in talent_gap(actor=actor, body=body, region=region, year=year, by=by):
            ws.append([row.label, row.supply, row.demand, row.gap, row.ratio])
    about = wb.create_sheet(_("说明"))
    body_name = (
        Body.objects.filter(pk=body).values_list("name", flat=True).first() if body else None
    )
    everything = _("全部")
    for line in (
        (_("产教融合体"), body_name or everything),
        (_("地区"), region or everything),
        (_("年份"), year or everything),
        (_("供给"), _("该年毕业的培养规模人数合计")),
        (_("需求"), _("招募中、期间覆盖该年的需求岗位人数合计（按主要专业计）")),
        (_("导出时间"), timezone.localtime().strftime("%Y-%m-%d %H:%M")),
        *(
            [(_("合成数据"), _("包含演示用合成数据（随机生成），并非真实统计"))]
            if gap_includes_synthetic(actor=actor, body=body, region=region, year=year)
            else []
        ),
    ):
        about.append(list(line))
    about.column_dimensions["A"].width = 14
    about.column_dimensions["B"].width = 60
    return workbook_bytes(wb)
