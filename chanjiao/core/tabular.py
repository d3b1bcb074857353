"""Tabular imports (表格导入): one way for every app to read a table, declare its columns,
check it row by row and write a workbook.

An import declares its columns once as :class:`Column` specs (field, header in the active
language, other spellings). :func:`read_table` parses an .xlsx (checked before parsing:
:func:`chanjiao.core.xlsx.check_xlsx`) or a UTF-8/GBK .csv into :class:`SheetRow` s; the header
row is the first of the first ten that names the key column, and a header cell may be the
Chinese header, the English one, another spelling, or an old "中文 / English" or "中文(English)"
header. A preview turns each row into an :class:`ImportRow` (the service input, or
:class:`RowError` s naming row, column and fix) collected in an :class:`ImportPreview`; a commit
writes every row through the app's services in short batches or none
(:mod:`chanjiao.core.batches`), and an invalid file raises :class:`TabularImportError`. Stored
uploads checked and imported by the worker: :mod:`chanjiao.core.tabular_jobs`. Workbooks are
written through :func:`header_sheet` and :func:`workbook_bytes` (formulas neutralised).
"""

from __future__ import annotations

import datetime
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from .table_files import ImportFileError as ImportFileError
from .table_files import read_bytes as read_bytes
from .table_files import table_rows as table_rows
from .words import listed, sentences
from .xlsx import header_sheet as header_sheet
from .xlsx import list_validation as list_validation
from .xlsx import max_rows
from .xlsx import workbook_bytes as workbook_bytes

# --- columns ----------------------------------------------------------------------------------


class Column(NamedTuple):
    """One column of an import: the field it fills, its header (a lazy translation: written
    in the active language into templates) and the other spellings accepted in a file."""

    field: str
    label: Any
    aliases: tuple[str, ...] = ()


def zh(label: Any) -> str:
    """``label`` in Chinese (the language of the files people exchange)."""
    with translation.override("zh-hans"):
        return str(label)


def labels(columns: Iterable[Column]) -> dict[str, str]:
    """Field -> header in the active language, in column order."""
    return {c.field: str(c.label) for c in columns}


def norm(text: Any) -> str:
    """A header spelling compared without spaces, case, dashes and marks of a required field."""
    return "".join(str(text).split()).lower().replace("-", "_").strip("*:：")


def header_parts(cell: Any) -> list[str]:
    """The spellings a header cell offers: "单位名称 / name" and "单位名称(name)" give the
    whole text and each side."""
    parts = [str(cell)]
    for sep in ("/", "|", "(", "（"):
        parts += [p for chunk in list(parts) for p in chunk.split(sep)]
    return [p.rstrip(")）") for p in parts]


class HeaderMatcher:
    """Which field a header cell names, for a set of columns (spellings normalised once)."""

    def __init__(self, columns: Iterable[Column]):
        columns = list(columns)
        self.spellings: dict[str, str] = {}
        # Declared spellings first (field name, Chinese header, aliases), then the header in
        # each language: a translation never takes a spelling another column declares.
        for c in columns:
            for spelling in (c.field, zh(c.label), *c.aliases):
                self.spellings.setdefault(norm(spelling), c.field)
        for lang in ("en", "zh-hans"):
            with translation.override(lang):
                for c in columns:
                    self.spellings.setdefault(norm(str(c.label)), c.field)
        self.spellings.pop("", None)

    def __call__(self, cell: Any) -> str | None:
        if cell is None:
            return None
        for part in header_parts(cell):
            found = self.spellings.get(norm(part))
            if found:
                return found
        return None


# --- reading ----------------------------------------------------------------------------------


@dataclass
class SheetRow:
    """One data row: its row number in the file, the raw text per field and the column
    letter per field."""

    number: int
    values: dict[str, str]
    letters: dict[str, str] = field(default_factory=dict)


def cell_text(value: Any) -> str:
    """A cell as text: whole floats without ".0", dates as YYYY-MM-DD, spaces collapsed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()[:10]
    return " ".join(str(value).split())


def read_table(
    source,
    *,
    columns: Sequence[Column],
    key: str,
    filename: str = "",
    allow_csv: bool = True,
) -> list[SheetRow]:
    """Parse a table (path, bytes or file object) into rows. Plain data, no database.

    The header row is the first row (of the first ten) that names the ``key`` column; the
    first column of a field wins when a header repeats.
    """
    if not filename and isinstance(source, str | os.PathLike):
        filename = str(source)
    rows = table_rows(read_bytes(source), filename, allow_csv=allow_csv)
    match = HeaderMatcher(columns)
    found_columns: dict[int, str] = {}
    out: list[SheetRow] = []
    header_found = False
    for number, cells in enumerate(rows, start=1):
        if not header_found:
            found = {i: match(c) for i, c in enumerate(cells)}
            found = {i: f for i, f in found.items() if f}
            if key in found.values():
                for i, f in found.items():
                    if f not in found_columns.values():
                        found_columns[i] = f
                header_found = True
            elif number >= 10:
                break
            continue
        values = {
            f: cell_text(cells[i]) if i < len(cells) else "" for i, f in found_columns.items()
        }
        if not any(values.values()):
            continue
        letters = {f: get_column_letter(i + 1) for i, f in found_columns.items()}
        out.append(SheetRow(number=number, values=values, letters=letters))
        if len(out) > max_rows():
            raise ImportFileError(_("文件超过 %(n)d 行，请拆分后导入") % {"n": max_rows()})
    if not header_found:
        names = labels(columns)
        wanted = {
            "key": names[key],
            "names": listed(label for f, label in names.items() if f != key),
        }
        if others := getattr(rows, "others", None):  # the header may be on another sheet
            raise ImportFileError(
                _(
                    "找不到表头：工作表“%(sheet)s”的前十行中须有“%(key)s”列（可选列：%(names)s）。"
                    "只读取第一个工作表，其他工作表（%(others)s）没有读取：请把要导入的表放在第一个"
                )
                % {**wanted, "sheet": rows.name, "others": listed(others)}
            )
        raise ImportFileError(
            _("找不到表头：前十行中须有“%(key)s”列（可选列：%(names)s）") % wanted
        )
    return out


def rows_from_dicts(items: Iterable[dict], columns: Sequence[Column]) -> list[SheetRow]:
    """Rows given as dicts (keys: field names or headers), numbered as if under a header."""
    match = HeaderMatcher(columns)
    fields = {c.field for c in columns}
    rows = []
    for i, item in enumerate(items, start=2):
        values = {}
        for k, v in item.items():
            f = k if k in fields else match(k)
            if f:
                values[f] = cell_text(v)
        rows.append(SheetRow(number=i, values=values))
    return rows


def as_rows(
    source, columns: Sequence[Column], key: str, filename: str = "", *, allow_csv: bool = True
) -> list[SheetRow]:
    """Rows of a file, or of a list of :class:`SheetRow` s or dicts (tests, the API)."""
    if isinstance(source, list | tuple):
        if all(isinstance(r, SheetRow) for r in source):
            return list(source)
        return rows_from_dicts(source, columns)
    return read_table(source, columns=columns, key=key, filename=filename, allow_csv=allow_csv)


# --- row errors and previews ------------------------------------------------------------------


@dataclass
class RowError:
    """What is wrong in one cell (or the whole file when ``row`` is None) and how to fix it.

    ``label`` is the column's header and ``letter`` its column in the file, when known.
    """

    row: int | None
    column: str | None
    message: str
    label: str = ""
    letter: str = ""

    @property
    def column_label(self) -> str:
        if not self.column:
            return ""
        label = self.label or self.column
        if not self.letter:
            return label
        return _("%(label)s（%(letter)s列）") % {"label": label, "letter": self.letter}

    def __str__(self) -> str:
        where = []
        if self.row:
            where.append(_("第 %(n)d 行") % {"n": self.row})
        if self.column:
            where.append(self.column_label)
        return (" · ".join(where) + "：" if where else "") + self.message

    def as_dict(self) -> dict:
        return {
            "row": self.row,
            "column": self.column,
            "column_label": self.column_label,
            "message": self.message,
        }

    def to_dict(self) -> dict:
        """Everything needed to build it again (:meth:`from_dict`)."""
        return {**self.as_dict(), "label": self.label, "letter": self.letter}

    @classmethod
    def from_dict(cls, d: dict) -> RowError:
        # ``column_label``: previews stored before the labels were kept apart.
        return cls(
            d["row"],
            d["column"],
            d["message"],
            d.get("label", d.get("column_label", "")),
            d.get("letter", ""),
        )


def file_error(message: Any) -> RowError:
    """An error of the whole file."""
    return RowError(None, None, str(message))


def join_messages(messages: Iterable[str]) -> str:
    return sentences(messages)


class RowErrors:
    """What a row collects while it is checked (mixed into each import's row class)."""

    number: int
    errors: list[RowError]

    def column_label(self, column: str) -> str:
        return ""

    def column_letter(self, column: str) -> str:
        return ""

    def add_error(self, column: str | None, message: str) -> None:
        self.errors.append(
            RowError(
                self.number,
                column,
                str(message),
                self.column_label(column) if column else "",
                self.column_letter(column) if column else "",
            )
        )

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def cell_errors(self) -> dict[str, str]:
        """Column -> what is wrong in that cell (for highlighting the preview table)."""
        cells: dict[str, list[str]] = {}
        for e in self.errors:
            if e.column:
                cells.setdefault(e.column, []).append(e.message)
        return {column: join_messages(messages) for column, messages in cells.items()}


@dataclass
class ImportRow(RowErrors):
    """One row as it would be imported: the service input it resolves to, or its errors."""

    number: int
    values: dict[str, str]
    labels: dict[str, str]
    data: dict[str, Any] = field(default_factory=dict)
    existing: Any = None
    errors: list[RowError] = field(default_factory=list)
    letters: dict[str, str] = field(default_factory=dict)

    def column_label(self, column: str) -> str:
        return self.labels.get(column, "")

    def column_letter(self, column: str) -> str:
        return self.letters.get(column, "")

    @property
    def outcome(self) -> str:
        """``new`` (will be created), ``skip`` (already recorded) or ``error``."""
        if self.errors:
            return "error"
        return "skip" if self.existing is not None else "new"

    @property
    def cells(self) -> list[tuple[str, str, str]]:
        """(field, raw text, error) in column order, for the preview table."""
        errors = self.cell_errors
        return [(f, self.values.get(f, ""), errors.get(f, "")) for f in self.labels]


@dataclass
class ImportCounts:
    """What an import wrote: its ``rows`` and, in a subclass, one count per outcome."""

    rows: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


class CheckedRows:
    """What every import's check gives: ``rows`` (each with its ``errors``) and
    ``file_errors`` about the file as a whole; valid when neither holds an error."""

    rows: list
    file_errors: list[RowError]

    @property
    def errors(self) -> list[RowError]:
        return self.file_errors + [e for r in self.rows for e in r.errors]

    @property
    def is_valid(self) -> bool:
        return not self.errors

    @property
    def error_rows(self) -> int:
        return sum(1 for r in self.rows if r.errors)


@dataclass
class ImportPreview(CheckedRows):
    """The outcome of checking a file: per-row outcomes and errors, nothing written."""

    kind: str
    columns: list[tuple[str, str]]
    rows: list[ImportRow]
    file_errors: list[RowError] = field(default_factory=list)

    @property
    def new(self) -> int:
        return sum(1 for r in self.rows if r.outcome == "new")

    @property
    def skipped(self) -> int:
        return sum(1 for r in self.rows if r.outcome == "skip")

    def counts(self) -> dict[str, int]:
        return {
            "rows": len(self.rows),
            "new": self.new,
            "skipped": self.skipped,
            "errors": len(self.errors),
        }

    def errors_as_list(self) -> list[dict]:
        return [e.as_dict() for e in self.errors]

    def to_dict(self) -> dict:
        """The preview as plain JSON data (kept on a job for its page)."""
        return {
            "kind": self.kind,
            "columns": [[f, str(label)] for f, label in self.columns],
            "file_errors": [e.as_dict() for e in self.file_errors],
            "rows": [
                {
                    "number": r.number,
                    "values": r.values,
                    "existing": r.existing.pk if r.existing is not None else None,
                    "errors": [e.as_dict() for e in r.errors],
                }
                for r in self.rows
            ],
        }

    @classmethod
    def from_dict(cls, data: dict) -> ImportPreview:
        """The preview :meth:`to_dict` stored (for display)."""
        columns = [tuple(c) for c in data.get("columns", [])]
        names = dict(columns)
        rows = [
            ImportRow(
                number=r["number"],
                values=r["values"],
                labels=names,
                existing=r.get("existing"),
                errors=[RowError.from_dict(e) for e in r.get("errors", [])],
            )
            for r in data.get("rows", [])
        ]
        return cls(
            kind=data.get("kind", ""),
            columns=columns,
            rows=rows,
            file_errors=[RowError.from_dict(e) for e in data.get("file_errors", [])],
        )


def empty_preview(kind: str, columns: Sequence[Column], message: Any) -> ImportPreview:
    """A preview of a file that could not be read: one file-level error."""
    return ImportPreview(
        kind=kind,
        columns=list(labels(columns).items()),
        rows=[],
        file_errors=[file_error(message)],
    )


def no_rows_error() -> RowError:
    return file_error(_("文件中没有数据行"))


class TabularImportError(ValidationError):
    """The file has errors; nothing was written. ``preview`` says what and where."""

    def __init__(self, preview):
        self.preview = preview
        super().__init__([str(e) for e in preview.errors] or [_("导入失败")])


# --- cells ------------------------------------------------------------------------------------


def choice_map(choices, synonyms: dict[str, str] | None = None) -> dict[str, str]:
    """Code, Chinese label, English label and ``synonyms`` (lower-cased) -> code."""
    mapping: dict[str, str] = {}
    for code, label in choices:
        mapping[code.lower()] = code
        for lang in ("zh-hans", "en"):
            with translation.override(lang):
                mapping[str(label).strip().lower()] = code
    mapping.update({k.lower(): v for k, v in (synonyms or {}).items()})
    return mapping


def accepted(choices) -> str:
    """The values a choice column accepts, for an error message: "企业（enterprise）、…"."""
    return "、".join(f"{zh(label)}（{code}）" for code, label in choices)


def parse_int(row: ImportRow, column: str, *, lo: int, hi: int, required: bool) -> int | None:
    """A whole number between ``lo`` and ``hi`` (an error on the row otherwise); full-width
    digits and thousands written apart, as a text cell or a .csv has them (1,200), are read."""
    text = row.values.get(column, "").strip()
    if not text:
        if required:
            row.add_error(column, _("必填"))
        return None
    plain = re.sub("[,，]", "", text) if re.fullmatch(r"\d{1,3}(?:[,，]\d{3})+", text) else text
    try:
        if (value := int(float(plain))) != float(plain):
            raise ValueError
    except (ValueError, OverflowError):  # "2.5", "nan"; "inf" and "1e400" overflow
        row.add_error(column, _("“%(v)s”不是整数") % {"v": text})
        return None
    if not lo <= value <= hi:
        row.add_error(column, _("应在 %(lo)d–%(hi)d 之间") % {"lo": lo, "hi": hi})
        return None
    return value


def parse_date(row: ImportRow, column: str) -> datetime.date | None:
    """A date written 2025-09-01, 2025/09/01, 2025.09.01 or 2025年9月1日 (empty: None)."""
    text = row.values.get(column, "").strip()
    if not text:
        return None
    for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    row.add_error(column, _("日期“%(v)s”无法识别，请写作 2025-09-01") % {"v": text})
    return None


def model_errors(row: ImportRow, instance, columns: dict[str, str]) -> None:
    """Run the model's own validation (constraints included) and file errors by column."""
    try:
        instance.full_clean(validate_unique=False)
    except ValidationError as exc:
        for fld, messages in exc.message_dict.items():
            column = fld if fld in columns else None
            for message in messages:
                row.add_error(column, message)


# --- writing ----------------------------------------------------------------------------------


def template_xlsx(title: Any, columns: Sequence[Column]) -> bytes:
    """An empty workbook with the headers of an import, in the active language."""
    wb = Workbook()
    header_sheet(wb.active, str(title), [c.label for c in columns])
    return workbook_bytes(wb)
