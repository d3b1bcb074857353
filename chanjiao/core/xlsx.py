"""Excel files in and out, safely (电子表格安全).

Two dangers, handled once here for every app:

* **Formula injection** — a text such as ``=HYPERLINK("http://evil", "点击")`` typed as a unit's
  name would be written by openpyxl as a live formula and run when a secretariat opens the
  export. :func:`safe_cell` / :func:`append_row` write every text that begins with ``=``, ``+``,
  ``-``, ``@``, a tab or a carriage return as a plain string (``data_type = "s"``) with Excel's
  quote-prefix style, so Excel shows it as typed and never evaluates it. Every export writes
  its cells through these helpers.
* **Decompression bombs** — an .xlsx is a zip; a few hundred kilobytes can unpack to gigabytes
  of sheet XML that openpyxl would parse for minutes. :func:`check_xlsx` looks only at the zip's
  directory (sizes and compression ratios) and streams the first sheet counting rows with a
  bounded buffer, all before openpyxl opens the file. It answers in well under a second
  whatever the file claims to hold.

The limits are settings (defaults in brackets): ``CHANJIAO_XLSX_MAX_BYTES`` (10 MB, the upload
itself), ``CHANJIAO_XLSX_MAX_UNCOMPRESSED`` (64 MB, all members unpacked),
``CHANJIAO_XLSX_MAX_RATIO`` (200, per member larger than 1 MB) and ``CHANJIAO_XLSX_MAX_ROWS``
(20,000 data rows).
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Iterable, Sequence
from typing import Any
from xml.etree import ElementTree

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: Characters that make a spreadsheet program read a text as a formula (OWASP CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


# --- writing --------------------------------------------------------------------------------


def is_formula_like(value: Any) -> bool:
    """Whether ``value`` is a text a spreadsheet program would evaluate as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def neutralise(cell) -> Any:
    """Make ``cell`` (a normal or write-only openpyxl cell) hold its text as text.

    openpyxl marks a string starting with ``=`` as a formula (``data_type "f"``); forcing the
    type back to ``"s"`` writes it as a shared string, and ``quotePrefix`` tells Excel and
    LibreOffice to keep it as text when the user edits the cell.
    """
    if is_formula_like(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def safe_cell(ws, value: Any, **style) -> WriteOnlyCell:
    """A write-only cell for ``ws`` holding ``value``, formulas neutralised; ``style`` sets
    e.g. ``font``, ``fill`` or ``number_format``."""
    cell = WriteOnlyCell(ws, value=value)
    for name, val in style.items():
        setattr(cell, name, val)
    return neutralise(cell)


def append_row(ws, values: Iterable[Any]) -> None:
    """Append one row to a worksheet (normal or write-only), formulas neutralised."""
    values = list(values)
    if ws.__class__.__name__ == "WriteOnlyWorksheet":
        ws.append([safe_cell(ws, v) for v in values])
        return
    ws.append(values)
    row = ws.max_row
    for col, value in enumerate(values, start=1):
        if is_formula_like(value):
            neutralise(ws.cell(row=row, column=col))


def neutralise_sheet(ws) -> None:
    """Neutralise every formula-like text already written to a normal worksheet."""
    for row in ws.iter_rows():
        for cell in row:
            if cell.data_type in ("f", "s") and is_formula_like(cell.value):
                neutralise(cell)


def workbook_bytes(wb: Workbook) -> bytes:
    """Save ``wb`` (every sheet neutralised once more, for cells set one by one) to bytes."""
    if not wb.write_only:
        for ws in wb.worksheets:
            neutralise_sheet(ws)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def header_sheet(ws, title: str, headers: Sequence[Any], widths: Sequence[int] | None = None):
    """Title ``ws`` and write a bold, frozen header row (column widths ``widths``, else 16)."""
    ws.title = title
    ws.append([str(h) for h in headers])
    for i, _h in enumerate(headers, start=1):
        ws.column_dimensions[get_column_letter(i)].width = (
            widths[i - 1] if widths and i <= len(widths) else 16
        )
        cell = ws.cell(row=1, column=i)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    ws.freeze_panes = "A2"
    return ws


def list_validation(ws, letter: str, options: Iterable[Any], last: int) -> None:
    """A drop-down of ``options`` on column ``letter`` from row 2 to ``last``."""
    dv = DataValidation(
        type="list", formula1='"' + ",".join(str(o) for o in options) + '"', allow_blank=True
    )
    dv.error = _("请从列表中选择")
    ws.add_data_validation(dv)
    dv.add(f"{letter}2:{letter}{last}")


def table_xlsx(
    *, title: str, headers: list[str], rows: Iterable[Iterable[Any]], widths=None
) -> bytes:
    """A one-sheet workbook: a bold header row, then ``rows``; streamed (write-only), so an
    export of many thousand rows keeps memory small. Every text cell goes through
    :func:`safe_cell`."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=_sheet_title(title))
    if widths:
        from openpyxl.utils import get_column_letter

        for i, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    ws.append([safe_cell(ws, h, font=HEADER_FONT, fill=HEADER_FILL) for h in headers])
    for row in rows:
        ws.append([safe_cell(ws, _plain(v)) for v in row])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _plain(value: Any) -> Any:
    # Lazy translations and other objects become text; dates and numbers stay typed.
    if value is None or isinstance(value, str | int | float | bool):
        return value
    import datetime
    import decimal

    if isinstance(value, datetime.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, datetime.date | decimal.Decimal):
        return value
    return str(value)


def _sheet_title(title: str) -> str:
    # Excel forbids []:*?/\ in sheet names and allows 31 characters.
    return re.sub(r"[\[\]:*?/\\]", " ", str(title))[:31] or "Sheet1"


# --- reading: checks before parsing ---------------------------------------------------------


class UnsafeSpreadsheet(ValueError):
    """The upload is refused before parsing (too big, not an .xlsx, a zip bomb, too many rows)
    or cannot be parsed (damaged: :func:`sheet_rows`)."""


def _limit(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def max_rows() -> int:
    return _limit("CHANJIAO_XLSX_MAX_ROWS", 20_000)


def _read(source) -> bytes:
    if isinstance(source, bytes | bytearray):
        return bytes(source)
    if hasattr(source, "seek"):
        source.seek(0)
    data = source.read()
    if hasattr(source, "seek"):
        source.seek(0)
    return data


_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"[A-Z]+\d+:[A-Z]+(\d+)\"")
_ROW = re.compile(rb"<(?:\w+:)?row[\s>/]")


def check_xlsx(source, *, rows_limit: int | None = None) -> None:
    """Refuse an .xlsx that is unsafe to parse, without unpacking it into memory.

    Checks, in order: the upload's size; that it is a zip at all; the total unpacked size and
    each member's compression ratio (from the zip directory only); the first worksheet's row
    count, from its ``<dimension>`` and then by streaming its XML in 64 KB chunks and counting
    ``<row>`` tags (a file may lie in its dimension). Raises :class:`UnsafeSpreadsheet` with a
    message for the user. ``source`` is bytes or a file object.
    """
    data = _read(source)
    max_bytes = _limit("CHANJIAO_XLSX_MAX_BYTES", 10 * 1024 * 1024)
    if len(data) > max_bytes:
        raise UnsafeSpreadsheet(
            _("文件过大：上限为 %(mb)d MB，请拆分后上传") % {"mb": max_bytes // (1024 * 1024)}
        )
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise UnsafeSpreadsheet(_("无法读取文件：请上传 Excel 工作簿（.xlsx）")) from exc
    with zf:
        if len(infos) > 2000:
            raise UnsafeSpreadsheet(_("文件结构异常（条目过多），已拒绝"))
        total = sum(i.file_size for i in infos)
        max_total = _limit("CHANJIAO_XLSX_MAX_UNCOMPRESSED", 64 * 1024 * 1024)
        if total > max_total:
            raise UnsafeSpreadsheet(
                _("文件解压后过大（%(mb)d MB，上限 %(max)d MB），已拒绝")
                % {"mb": total // (1024 * 1024), "max": max_total // (1024 * 1024)}
            )
        max_ratio = _limit("CHANJIAO_XLSX_MAX_RATIO", 200)
        for info in infos:
            # Small XML parts compress extremely well and are harmless; judge the big ones.
            if info.file_size > 1024 * 1024 and info.file_size > max_ratio * max(
                info.compress_size, 1
            ):
                raise UnsafeSpreadsheet(_("文件压缩比异常（疑似压缩炸弹），已拒绝"))
        sheet = _first_sheet(zf)
        if sheet is None:
            raise UnsafeSpreadsheet(_("无法读取文件：请上传 Excel 工作簿（.xlsx）"))
        _check_rows(zf, sheet, rows_limit if rows_limit is not None else max_rows())


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_PACKAGE = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def first_visible_sheet(wb):
    """The worksheet an import reads: the first one not hidden (a hidden first sheet holds lists
    or old data, not what the user sees). :func:`check_xlsx` counts the rows of the same one."""
    return next(ws for ws in wb.worksheets if ws.sheet_state == "visible")


class SheetRows(list):
    """The rows of the sheet an import read, with its name and the other visible sheets'
    (``others``): a header not found there may be on one of those."""

    def __init__(self, rows: Iterable[list[Any]], name: str = "", others: Sequence[str] = ()):
        super().__init__(rows)
        self.name, self.others = name, list(others)


def sheet_rows(wb) -> SheetRows:
    """The values of every row of ``wb``'s first visible sheet; ``wb`` is closed after.

    A workbook opened read-only parses its sheet's XML only now: a cut-off sheet, a cell that
    points at a missing shared string or a workbook without a visible sheet raises
    :class:`UnsafeSpreadsheet` saying the file is damaged (never the parser's own words)."""
    try:
        ws = first_visible_sheet(wb)
        others = [w.title for w in wb.worksheets if w.sheet_state == "visible" and w is not ws]
        return SheetRows((list(r) for r in ws.iter_rows(values_only=True)), ws.title, others)
    except Exception as exc:  # openpyxl and the XML parser raise many kinds
        raise UnsafeSpreadsheet(
            _("文件已损坏，无法读取：请用 Excel 或 WPS 打开后重新保存为 .xlsx，再上传")
        ) from exc
    finally:
        wb.close()


def _first_sheet(zf: zipfile.ZipFile) -> str | None:
    """The part of the first visible worksheet, from the workbook's list of sheets (in order,
    as openpyxl reads them); a workbook without that list: the lowest sheetN.xml."""
    names = set(zf.namelist())
    try:
        book = ElementTree.fromstring(zf.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError, zipfile.BadZipFile, OSError, ValueError):
        book = rels = None
    if book is not None and rels is not None:
        targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PACKAGE}Relationship")}
        for sheet in book.iter(f"{_MAIN}sheet"):
            target = targets.get(sheet.get(_REL_ID), "")
            part = target[1:] if target.startswith("/") else posixpath.normpath(f"xl/{target}")
            if (
                part in names
                and "/worksheets/" in part
                and sheet.get("state", "visible") == "visible"
            ):
                return part
    sheets = sorted(
        (n for n in names if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n)),
        key=lambda n: int(re.search(r"(\d+)\.xml$", n).group(1)),
    )
    return sheets[0] if sheets else None


def _check_rows(zf: zipfile.ZipFile, name: str, limit: int) -> None:
    # One header row (at most ten blank or title rows above it) on top of the data rows.
    allowed = limit + 10
    too_many = UnsafeSpreadsheet(
        _("文件超过 %(n)d 行，请拆分后导入") % {"n": limit},
    )
    count = 0
    tail = b""
    with zf.open(name) as fh:
        first = True
        while True:
            chunk = fh.read(64 * 1024)
            if not chunk:
                break
            buf = tail + chunk
            if first:
                first = False
                m = _DIMENSION.search(buf)
                if m and int(m.group(1)) > allowed:
                    raise too_many
            # A tag split across two chunks is counted once: keep the last few bytes aside.
            cut = max(len(buf) - 8, 0)
            count += sum(1 for m in _ROW.finditer(buf) if m.start() < cut)
            tail = buf[cut:]
            if count > allowed:
                raise too_many
    count += len(_ROW.findall(tail))
    if count > allowed:
        raise too_many
