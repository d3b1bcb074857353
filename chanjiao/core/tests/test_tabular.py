"""The shared tabular import machinery (chanjiao.core.tabular), without any app's models."""

from __future__ import annotations

import io

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook

from chanjiao.core import tabular
from chanjiao.core.tabular import Column, ImportFileError, ImportPreview, ImportRow, RowError
from chanjiao.core.testing import make_xlsx

COLUMNS = [
    Column("name", gettext_lazy("名称"), ("单位名称", "name")),
    Column("headcount", gettext_lazy("人数"), ("headcount",)),
    Column("starts_on", gettext_lazy("开始日期"), ("starts_on",)),
]


@pytest.mark.parametrize(
    "headers",
    [
        ["名称", "人数"],
        ["name", "headcount"],
        ["Name", "HEADCOUNT"],
        ["名称 / name", "人数 / headcount"],
        ["名称(name)", "人数（headcount）"],
        ["*单位名称：", "人数"],
    ],
)
def test_a_header_may_be_chinese_english_or_both(headers):
    rows = tabular.read_table(make_xlsx([headers, ["甲", 3]]), columns=COLUMNS, key="name")
    assert [(r.number, r.values) for r in rows] == [(2, {"name": "甲", "headcount": "3"})]
    assert rows[0].letters == {"name": "A", "headcount": "B"}


def test_the_header_row_may_sit_below_a_title_and_blank_rows_are_skipped():
    data = make_xlsx(
        [["成员名单"], [], ["名称", "备注", "人数"], ["甲", "x", 3.0], [None, None], ["乙"]]
    )
    rows = tabular.read_table(data, columns=COLUMNS, key="name")
    assert [(r.number, r.values) for r in rows] == [
        (4, {"name": "甲", "headcount": "3"}),
        (6, {"name": "乙", "headcount": ""}),
    ]


def test_a_csv_is_read_in_utf8_or_gbk_and_refused_where_only_xlsx_is_allowed():
    text = "名称,人数\n甲,3\n"
    for data in (text.encode("utf-8-sig"), text.encode("gb18030")):
        rows = tabular.read_table(data, columns=COLUMNS, key="name", filename="x.csv")
        assert rows[0].values == {"name": "甲", "headcount": "3"}
    with pytest.raises(ImportFileError):
        tabular.read_table(text.encode(), columns=COLUMNS, key="name", allow_csv=False)


def test_no_header_names_the_key_column_and_the_optional_ones():
    with pytest.raises(ImportFileError) as caught:
        tabular.read_table(make_xlsx([["甲", "乙"]]), columns=COLUMNS, key="name")
    assert "找不到表头" in str(caught.value) and "“名称”" in str(caught.value)
    assert "人数、开始日期" in str(caught.value)


def test_no_header_on_the_first_sheet_names_that_sheet_and_the_others_not_read():
    wb = Workbook()
    wb.active.title = "填表说明"
    wb.active.append(["请在下一个工作表填写"])
    wb.create_sheet("成员单位").append(["名称", "人数"])
    buffer = io.BytesIO()
    wb.save(buffer)
    with pytest.raises(ImportFileError) as caught:
        tabular.read_table(buffer.getvalue(), columns=COLUMNS, key="name")
    message = str(caught.value)
    assert "工作表“填表说明”" in message and "其他工作表（成员单位）没有读取" in message


def test_too_many_rows_are_refused(settings):
    settings.CHANJIAO_XLSX_MAX_ROWS = 2
    data = "名称\n甲\n乙\n丙\n".encode()
    with pytest.raises(ImportFileError):
        tabular.read_table(data, columns=COLUMNS, key="name", filename="x.csv")


def test_rows_from_dicts_take_fields_or_headers():
    rows = tabular.rows_from_dicts([{"name": "甲", "人数": 2, "other": 1}], COLUMNS)
    assert rows[0].number == 2 and rows[0].values == {"name": "甲", "headcount": "2"}


def test_cells_are_checked_into_row_errors_with_column_labels():
    row = ImportRow(
        number=5,
        values={"headcount": "2.5", "starts_on": "2025年9月1日"},
        labels=tabular.labels(COLUMNS),
        letters={"headcount": "B"},
    )
    assert tabular.parse_int(row, "headcount", lo=1, hi=10, required=True) is None
    assert str(tabular.parse_date(row, "starts_on")) == "2025-09-01"
    assert tabular.parse_int(row, "name", lo=1, hi=10, required=True) is None
    assert [e.column for e in row.errors] == ["headcount", "name"]
    assert str(row.errors[0]) == "第 5 行 · 人数（B列）：“2.5”不是整数"
    assert row.cell_errors == {"headcount": "“2.5”不是整数", "name": "必填"}
    assert row.outcome == "error"


@pytest.mark.parametrize("text", ["inf", "-Infinity", "1e400", "nan", "²"])
def test_a_number_that_is_no_whole_number_is_a_row_error(text):
    # "inf" and "1e400" raised OverflowError out of the import instead of a row error.
    row = ImportRow(number=2, values={"headcount": text}, labels=tabular.labels(COLUMNS))
    assert tabular.parse_int(row, "headcount", lo=1, hi=10, required=True) is None
    assert row.cell_errors == {"headcount": f"“{text}”不是整数"}


@pytest.mark.parametrize(
    ("text", "value"), [("1,200", 1200), ("1，200", 1200), ("１２００", 1200), ("12,000", 12000)]
)
def test_a_number_with_thousands_written_apart_or_in_full_width_is_read(text, value):
    """A text cell or a .csv writes 1,200 with its separator: it was "not a whole number"."""
    row = ImportRow(number=2, values={"headcount": text}, labels=tabular.labels(COLUMNS))
    assert tabular.parse_int(row, "headcount", lo=1, hi=100000, required=True) == value
    assert not row.errors


@pytest.mark.parametrize("text", ["1,20", "12,0000", ",200", "1,2,3"])
def test_commas_that_do_not_group_thousands_are_still_a_row_error(text):
    row = ImportRow(number=2, values={"headcount": text}, labels=tabular.labels(COLUMNS))
    assert tabular.parse_int(row, "headcount", lo=1, hi=100000, required=True) is None


def test_a_preview_survives_its_json_round_trip():
    row = ImportRow(number=2, values={"name": "甲"}, labels=tabular.labels(COLUMNS))
    row.add_error("name", "不对")
    preview = ImportPreview(kind="x", columns=list(tabular.labels(COLUMNS).items()), rows=[row])
    preview.file_errors.append(tabular.file_error("整个文件"))
    again = ImportPreview.from_dict(preview.to_dict())
    assert again.counts() == preview.counts() == {"rows": 1, "new": 0, "skipped": 0, "errors": 2}
    assert [str(e) for e in again.errors] == [str(e) for e in preview.errors]
    assert RowError.from_dict(row.errors[0].to_dict()) == row.errors[0]


def test_choice_maps_accept_codes_labels_in_both_languages_and_synonyms():
    choices = [("open", gettext_lazy("开放")), ("closed", gettext_lazy("已关闭"))]
    mapping = tabular.choice_map(choices, {"招聘中": "open"})
    assert mapping["open"] == mapping["开放"] == mapping["招聘中"] == "open"
    assert tabular.accepted(choices) == "开放（open）、已关闭（closed）"


def test_a_template_is_written_in_the_active_language_and_read_back_in_any():
    with translation.override("zh-hans"):
        zh_data = tabular.template_xlsx("模板", COLUMNS)
    with translation.override("en"):
        en_data = tabular.template_xlsx("Template", COLUMNS)
    zh_headers = [c.value for c in load_workbook(io.BytesIO(zh_data)).active[1]]
    assert zh_headers == ["名称", "人数", "开始日期"]
    for data in (zh_data, en_data):
        wb = load_workbook(io.BytesIO(data))
        wb.active.append(["甲", 1, "2025-09-01"])
        buf = io.BytesIO()
        wb.save(buf)
        rows = tabular.read_table(buf.getvalue(), columns=COLUMNS, key="name")
        assert rows[0].values == {"name": "甲", "headcount": "1", "starts_on": "2025-09-01"}


def test_header_sheets_neutralise_formulas():
    wb = Workbook()
    ws = tabular.header_sheet(wb.active, "表", ["名称"], [20])
    ws.append(['=HYPERLINK("http://evil")'])
    cell = load_workbook(io.BytesIO(tabular.workbook_bytes(wb))).active["A2"]
    assert cell.data_type == "s"
