"""Reading a table's file (表格文件): the rows of an .xlsx's first visible sheet (checked before
parsing: :func:`chanjiao.core.xlsx.check_xlsx`) or of a UTF-8 or GBK .csv, for
:mod:`chanjiao.core.tabular`, with one error (:class:`ImportFileError`) for a file that cannot
be read as a table at all."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from .xlsx import UnsafeSpreadsheet, check_xlsx, sheet_rows


class ImportFileError(ValueError):
    """The file cannot be read as a table at all (not .xlsx/.csv, no header row …)."""


def read_bytes(source) -> bytes:
    """The bytes of a path, bytes or (Django or plain) file object."""
    if isinstance(source, bytes | bytearray):
        return bytes(source)
    if isinstance(source, str | os.PathLike):
        return Path(source).read_bytes()
    if hasattr(source, "open") and hasattr(source, "closed") and source.closed:
        source.open("rb")
    if hasattr(source, "seek"):
        source.seek(0)
    data = source.read()
    return data.encode() if isinstance(data, str) else data


def _xlsx_rows(data: bytes, *, allow_csv: bool) -> list[list[Any]]:
    # Checked before openpyxl unpacks anything: sizes, compression ratio, row count.
    try:
        check_xlsx(data)  # rows: CHANJIAO_XLSX_MAX_ROWS
    except UnsafeSpreadsheet as exc:
        raise ImportFileError(str(exc)) from exc
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not .xlsx
        raise ImportFileError(
            _("无法读取文件：请上传 Excel 工作簿（.xlsx）或 CSV")
            if allow_csv
            else _("无法读取文件：请上传 Excel 工作簿（.xlsx）")
        ) from exc
    try:  # read-only: the sheet's XML is parsed in here, where a damaged file fails
        return sheet_rows(wb)
    except UnsafeSpreadsheet as exc:
        raise ImportFileError(str(exc)) from exc


def _csv_rows(data: bytes) -> list[list[Any]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFileError(_("无法识别文件编码：请用 UTF-8 保存 CSV"))
    if "\x00" in text:
        raise ImportFileError(_("无法读取文件：不是文本表格"))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    return [list(r) for r in csv.reader(io.StringIO(text), dialect)]


def table_rows(data: bytes, filename: str = "", *, allow_csv: bool = True) -> list[list[Any]]:
    """Every row of the first visible sheet of an .xlsx, or (``allow_csv``) of a UTF-8 or GBK
    .csv: a file is an .xlsx when it is a zip or named so."""
    if not allow_csv or data[:2] == b"PK" or filename.lower().endswith(".xlsx"):
        return _xlsx_rows(data, allow_csv=allow_csv)
    return _csv_rows(data)
