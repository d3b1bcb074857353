"""Which sheet of a workbook is read, and a damaged workbook (chanjiao.core.tabular and
chanjiao.core.xlsx): a clear message that says what to do, never the parser's own words."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from chanjiao.core import tabular
from chanjiao.core.tabular import Column, ImportFileError
from chanjiao.core.testing import make_xlsx
from chanjiao.core.xlsx import UnsafeSpreadsheet, check_xlsx

COLUMNS = [Column("name", gettext_lazy("名称"), ("name",)), Column("n", gettext_lazy("人数"))]


def rewrite(data: bytes, part: str, change) -> bytes:
    """``data`` with one zip member's bytes passed through ``change``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = src.read(info)
            dst.writestr(info, change(body) if info.filename == part else body)
    return out.getvalue()


def read(data: bytes) -> list:
    return tabular.read_table(data, columns=COLUMNS, key="name")


def assert_damaged(data: bytes) -> None:
    with pytest.raises(ImportFileError) as caught:
        read(data)
    message = str(caught.value)
    assert "已损坏" in message and "Excel 或 WPS" in message, message
    assert not re.search(r"[A-Za-z]{4,}", message.replace("Excel", "").replace("xlsx", ""))


def test_a_cut_off_sheet_is_reported_as_damaged_not_with_the_parser_text():
    rows = [["名称", "人数"], *[[f"单位{i}", i] for i in range(50)]]
    data = rewrite(make_xlsx(rows), "xl/worksheets/sheet1.xml", lambda b: b[: len(b) * 2 // 3])
    assert_damaged(data)


def test_a_cell_pointing_at_a_missing_shared_string_is_reported_as_damaged():
    data = make_xlsx([["名称", "人数"], ["甲", 1]])

    def dangling(body: bytes) -> bytes:
        # B2 becomes the 10,000th shared string of a workbook that has none.
        changed = body.replace(b'<c r="B2" t="n"><v>1</v></c>', b'<c r="B2" t="s"><v>9999</v></c>')
        assert changed != body
        return changed

    assert_damaged(rewrite(data, "xl/worksheets/sheet1.xml", dangling))


def _hidden_first(hidden_rows: int, visible_rows: int) -> bytes:
    wb = Workbook()
    hidden = wb.active
    hidden.title = "下拉选项"
    hidden.append(["名称", "人数"])
    for i in range(hidden_rows):
        hidden.append([f"隐藏{i}", i])
    hidden.sheet_state = "hidden"
    shown = wb.create_sheet("名单")
    shown.append(["名称", "人数"])
    for i in range(visible_rows):
        shown.append([f"单位{i}", i])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_the_first_visible_sheet_is_read_when_the_first_sheet_is_hidden():
    rows = read(_hidden_first(hidden_rows=3, visible_rows=2))
    assert [r.values["name"] for r in rows] == ["单位0", "单位1"]


def test_the_row_count_check_counts_the_sheet_that_is_read():
    check_xlsx(_hidden_first(hidden_rows=50, visible_rows=2), rows_limit=5)
    with pytest.raises(UnsafeSpreadsheet):
        check_xlsx(_hidden_first(hidden_rows=2, visible_rows=50), rows_limit=5)
