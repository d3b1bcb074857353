"""A collection form as an .xlsx a unit fills offline and returns (填报表模板), and the values
read back from it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from openpyxl import Workbook

from chanjiao.core.tabular import Column, ImportFileError, read_table
from chanjiao.core.xlsx import append_row, header_sheet, workbook_bytes

from .models import CollectionForm
from .selectors import form_rows

COLUMNS = (
    Column("code", gettext_lazy("代码"), ("code",)),
    Column("name", gettext_lazy("指标"), ("indicator",)),
    Column("unit", pgettext_lazy("measure", "单位"), ("unit",)),
    Column("value", gettext_lazy("数值"), ("value",)),
)


def form_to_xlsx(form: CollectionForm) -> bytes:
    """The form's indicators, one a row, with the values entered so far: fill the 数值 column
    and upload it back (the 代码 column says which indicator a row is)."""
    wb = Workbook()
    ws = header_sheet(wb.active, str(form.round.year), [c.label for c in COLUMNS], [28, 30, 10, 14])
    for indicator, value in form_rows(form):
        shown = value.value if value else None
        append_row(ws, [indicator.code, indicator.label, indicator.get_unit_display(), shown])
    return workbook_bytes(wb)


def values_from_file(form: CollectionForm, upload) -> dict[str, str]:
    """The values of a returned workbook by indicator code (a blank 数值 clears a value);
    a row naming an indicator twice or not at all is an error with its row number."""
    try:
        rows = read_table(upload, columns=COLUMNS, key="code", filename=upload.name)
    except ImportFileError as exc:
        raise ValidationError(str(exc)) from exc
    values: dict[str, str] = {}
    errors = []
    for row in rows:
        code = row.values.get("code", "").strip()
        if not code:
            errors.append(_("第 %(row)d 行：缺少指标代码") % {"row": row.number})
        elif code in values:
            errors.append(
                _("第 %(row)d 行：指标 %(code)s 重复") % {"row": row.number, "code": code}
            )
        else:
            values[code] = row.values.get("value", "")
    if errors:
        raise ValidationError(errors)
    return values
