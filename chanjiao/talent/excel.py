"""Talent lists to and from files: demand postings and cohorts from .xlsx (preview with row
errors, then all rows or none), the majors catalogue from .csv or .xlsx, and the gap analysis
to .xlsx.

Reading is plain parsing (:func:`read_table`); a preview checks every row against the registry
and the catalogue and writes nothing; a commit writes all rows through the services
(permissions and the change log, source ``import``) in short batches, or nothing at all (what
was written is taken back: docs/decisions/0005). An upload from the web is parsed by the worker
only: its preview by :func:`talent_import_check_run`, its import by :func:`talent_import_run`.
"""

from __future__ import annotations

import csv
import datetime
import io
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from chanjiao.accounts.permissions import can_edit_body, require
from chanjiao.core import batches, jobs
from chanjiao.core.changelog import change_source
from chanjiao.core.xlsx import UnsafeSpreadsheet, check_xlsx, max_rows, workbook_bytes
from chanjiao.registry.models import Body, Organization, split_aliases

from . import services
from .models import (
    Cohort,
    Level,
    Major,
    MajorCategory,
    MajorClass,
    Posting,
    TalentImport,
    split_skills,
)
from .permissions import can_edit_catalogue
from .selectors import GAP_DIMENSIONS, gap_includes_synthetic, talent_gap

# --- reading ------------------------------------------------------------------------------


class ImportFileError(ValueError):
    """The file cannot be read as a table at all (not .xlsx/.csv, no header row …)."""


@dataclass
class SheetRow:
    """One data row: its row number in the file and the raw text per field."""

    number: int
    values: dict[str, str]


def _norm(text: Any) -> str:
    return "".join(str(text).split()).lower().replace("-", "_").strip("*:：")


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()[:10]
    return " ".join(str(value).split())


def _read_bytes(source) -> bytes:
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


def _header_field(cell: Any, aliases: dict[str, list[str]]) -> str | None:
    """The field a header cell names: "岗位名称", "title" and "岗位名称 / title" all work."""
    if cell is None:
        return None
    parts = [str(cell)]
    for sep in ("/", "|", "(", "（"):
        parts += [p for chunk in list(parts) for p in chunk.split(sep)]
    for part in parts:
        key = _norm(part.rstrip(")）"))
        for name, spellings in aliases.items():
            if key in {_norm(s) for s in spellings}:
                return name
    return None


def _table_rows(data: bytes, filename: str = "") -> list[list[Any]]:
    """Every row of the first sheet of an .xlsx, or of a UTF-8 (or GBK) .csv."""
    is_xlsx = data[:2] == b"PK" or filename.lower().endswith(".xlsx")
    if is_xlsx:
        # Checked before openpyxl unpacks anything: sizes, compression ratio, row count.
        try:
            check_xlsx(data)  # rows: CHANJIAO_XLSX_MAX_ROWS
        except UnsafeSpreadsheet as exc:
            raise ImportFileError(str(exc)) from exc
        try:
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a file that is not .xlsx
            raise ImportFileError(
                _("无法读取文件：请上传 Excel 工作簿（.xlsx）或 CSV / cannot read the file")
            ) from exc
        try:
            return [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)]
        finally:
            wb.close()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFileError(_("无法识别文件编码：请用 UTF-8 保存 CSV / save the CSV as UTF-8"))
    if "\x00" in text:
        raise ImportFileError(_("无法读取文件：不是文本表格 / not a CSV text file"))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    return [list(r) for r in csv.reader(io.StringIO(text), dialect)]


def read_table(
    source, *, aliases: dict[str, list[str]], key: str, filename: str = ""
) -> list[SheetRow]:
    """Parse a table (.xlsx or .csv: path, bytes or file object) into rows. Plain data, no DB.

    The header row is the first row (of the first ten) that names the ``key`` column; unknown
    columns are ignored and blank rows skipped.
    """
    if not filename and isinstance(source, str | os.PathLike):
        filename = str(source)
    rows = _table_rows(_read_bytes(source), filename)
    columns: dict[int, str] = {}
    out: list[SheetRow] = []
    header_found = False
    for number, cells in enumerate(rows, start=1):
        if not header_found:
            found = {i: _header_field(c, aliases) for i, c in enumerate(cells)}
            found = {i: f for i, f in found.items() if f}
            if key in found.values():
                for i, f in found.items():
                    if f not in columns.values():
                        columns[i] = f
                header_found = True
            elif number >= 10:
                break
            continue
        values = {f: _cell_text(cells[i]) if i < len(cells) else "" for i, f in columns.items()}
        if not any(values.values()):
            continue
        out.append(SheetRow(number=number, values=values))
        if len(out) > max_rows():
            raise ImportFileError(
                _("文件超过 %(n)d 行，请拆分后导入 / more than %(n)d rows: split the file")
                % {"n": max_rows()}
            )
    if not header_found:
        names = "、".join(aliases[key][:1] + [k for k in aliases if k != key][:4])
        raise ImportFileError(
            _("找不到表头：前十行中须有“%(key)s”列（%(names)s …） / no header row found")
            % {"key": aliases[key][0], "names": names}
        )
    return out


# --- row errors and previews --------------------------------------------------------------


@dataclass
class RowError:
    """What is wrong in one cell (or the whole file when ``row`` is None) and how to fix it."""

    row: int | None
    column: str | None
    message: str
    column_label: str = ""

    def __str__(self) -> str:
        where = []
        if self.row:
            where.append(f"第 {self.row} 行 / row {self.row}")
        if self.column:
            where.append(self.column_label or self.column)
        return (" · ".join(where) + ": " if where else "") + self.message

    def as_dict(self) -> dict:
        return {
            "row": self.row,
            "column": self.column,
            "column_label": self.column_label,
            "message": self.message,
        }


@dataclass
class ImportRow:
    """One row as it would be imported: the service input it resolves to, or its errors."""

    number: int
    values: dict[str, str]
    labels: dict[str, str]
    data: dict[str, Any] = field(default_factory=dict)
    existing: Any = None
    errors: list[RowError] = field(default_factory=list)

    def add_error(self, column: str | None, message: str) -> None:
        self.errors.append(
            RowError(self.number, column, message, self.labels.get(column or "", ""))
        )

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def outcome(self) -> str:
        """``new`` (will be created), ``skip`` (already recorded) or ``error``."""
        if self.errors:
            return "error"
        return "skip" if self.existing is not None else "new"

    @property
    def cell_errors(self) -> dict[str, str]:
        cells: dict[str, list[str]] = {}
        for e in self.errors:
            if e.column:
                cells.setdefault(e.column, []).append(e.message)
        return {column: "；".join(messages) for column, messages in cells.items()}

    @property
    def cells(self) -> list[tuple[str, str, str]]:
        """(field, raw text, error) in column order, for the preview table."""
        errors = self.cell_errors
        return [(f, self.values.get(f, ""), errors.get(f, "")) for f in self.labels]


@dataclass
class ImportPreview:
    """The outcome of checking a file: per-row outcomes and errors, nothing written."""

    kind: str
    columns: list[tuple[str, str]]
    rows: list[ImportRow]
    file_errors: list[RowError] = field(default_factory=list)

    @property
    def errors(self) -> list[RowError]:
        return self.file_errors + [e for r in self.rows for e in r.errors]

    @property
    def is_valid(self) -> bool:
        return not self.errors

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


class TalentImportError(ValidationError):
    """The file has errors; nothing was written. ``preview`` says what and where."""

    def __init__(self, preview: ImportPreview):
        self.preview = preview
        super().__init__([str(e) for e in preview.errors] or [_("导入失败 / import failed")])


def _zh(label) -> str:
    with translation.override("zh-hans"):
        return str(label)


def _choice_map(choices, synonyms: dict[str, str] | None = None) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for code, label in choices:
        mapping[code.lower()] = code
        for lang in ("zh-hans", "en"):
            with translation.override(lang):
                mapping[str(label).strip().lower()] = code
    mapping.update({k.lower(): v for k, v in (synonyms or {}).items()})
    return mapping


def _accepted(choices) -> str:
    return "、".join(f"{_zh(label)}（{code}）" for code, label in choices)


# --- resolving names to rows --------------------------------------------------------------


class _Resolver:
    """Finds organisations and majors named in a file with a few queries for the whole file."""

    def __init__(self, org_names: Iterable[str], major_refs: Iterable[str]):
        names = {n for n in org_names if n}
        self.by_name = {o.name: o for o in Organization.objects.filter(name__in=names)}
        self.by_code = {
            o.credit_code: o
            for o in Organization.objects.filter(credit_code__in=[n.upper() for n in names])
        }
        rest = [n for n in names if n not in self.by_name]
        self.by_alias: dict[str, list[Organization]] = {}
        if rest:
            cond = Q(short_name__in=rest)
            for n in rest:
                cond |= Q(aliases__contains=n)
            for org in Organization.objects.filter(cond):
                keys = set(split_aliases(org.aliases)) | {org.short_name}
                for n in rest:
                    if n in keys and org not in self.by_alias.setdefault(n, []):
                        self.by_alias[n].append(org)
        refs = {r for r in major_refs if r}
        codes = {m.group(1) for r in refs if (m := re.match(r"^\s*(\d{6})", r))}
        names_ = {re.sub(r"^\s*\d{6}\s*", "", r).strip() for r in refs}
        self.majors_by_code: dict[str, list[Major]] = {}
        self.majors_by_name: dict[str, list[Major]] = {}
        for major in Major.objects.filter(Q(code__in=codes) | Q(name__in=names_)):
            if major.code:
                self.majors_by_code.setdefault(major.code, []).append(major)
            self.majors_by_name.setdefault(major.name, []).append(major)

    def organization(self, text: str) -> tuple[Organization | None, str | None]:
        """The organisation a cell names (full name, credit code, short name or alias)."""
        text = text.strip()
        org = self.by_name.get(text) or self.by_code.get(text.upper())
        if org:
            return org, None
        found = self.by_alias.get(text, [])
        if len(found) == 1:
            return found[0], None
        if found:
            return None, _(
                "“%(name)s”是多个单位的简称或别名（%(list)s）：请填写全称 / ambiguous: give the "
                "full name"
            ) % {"name": text, "list": "、".join(o.name for o in found)}
        return None, _(
            "登记簿中没有单位“%(name)s”：请先登记该单位或填写全称 / no such organisation in the "
            "registry: register it first or give its full name"
        ) % {"name": text}

    def major(self, text: str) -> tuple[Major | None, str | None]:
        """The major a cell names: its 6-digit code, its name, or "code name"."""
        text = text.strip()
        m = re.match(r"^\s*(\d{6})", text)
        by_code = self.majors_by_code.get(m.group(1), []) if m else []
        found = by_code or self.majors_by_name.get(re.sub(r"^\s*\d{6}\s*", "", text), [])
        if len(found) == 1:
            return found[0], None
        if found:
            return None, _(
                "“%(v)s”在多个层次都有：请填写 6 位专业代码 / several levels have this major: "
                "give its 6-digit code"
            ) % {"v": text}
        return None, _(
            "专业目录中没有“%(v)s”：请填写目录中的专业代码或名称（可先用 chanjiao import-majors "
            "导入目录） / not in the majors catalogue"
        ) % {"v": text}


def _int(row: ImportRow, column: str, *, lo: int, hi: int, required: bool) -> int | None:
    text = row.values.get(column, "").strip()
    if not text:
        if required:
            row.add_error(column, _("必填 / required"))
        return None
    try:
        value = int(float(text))
        if value != float(text):
            raise ValueError
    except ValueError:
        row.add_error(column, _("“%(v)s”不是整数 / not a whole number") % {"v": text})
        return None
    if not lo <= value <= hi:
        row.add_error(
            column, _("应在 %(lo)d–%(hi)d 之间 / must be %(lo)d–%(hi)d") % {"lo": lo, "hi": hi}
        )
        return None
    return value


def _date(row: ImportRow, column: str) -> datetime.date | None:
    text = row.values.get(column, "").strip()
    if not text:
        return None
    for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    row.add_error(
        column,
        _("日期“%(v)s”无法识别，请写作 2025-09-01 / write dates as YYYY-MM-DD") % {"v": text},
    )
    return None


def _model_errors(row: ImportRow, instance, columns: dict[str, str]) -> None:
    """Run the model's own validation (constraints included) and file errors by column."""
    try:
        instance.full_clean(validate_unique=False)
    except ValidationError as exc:
        for fld, messages in exc.message_dict.items():
            column = fld if fld in columns else None
            for message in messages:
                row.add_error(column, message)


# --- postings (需求岗位) ------------------------------------------------------------------

#: (field, Chinese header, other spellings).
POSTING_COLUMNS: list[tuple[str, str, list[str]]] = [
    ("enterprise", "用人单位", ["企业", "企业名称", "单位", "单位名称", "enterprise", "employer"]),
    ("title", "岗位名称", ["岗位", "名称", "title", "position"]),
    ("kind", "类型", ["岗位类型", "kind", "type"]),
    ("major", "主要专业", ["专业", "专业代码", "major"]),
    ("majors", "其他可接受专业", ["可接受专业", "其他专业", "majors"]),
    ("skills", "技能要求", ["技能", "skills"]),
    ("region", "工作地区", ["地区", "工作地点", "region"]),
    ("headcount", "需求人数", ["人数", "headcount"]),
    ("starts_on", "开始日期", ["开始", "starts_on", "start"]),
    ("ends_on", "结束日期", ["结束", "ends_on", "end"]),
    ("status", "状态", ["status"]),
    ("description", "说明", ["描述", "备注", "description"]),
]
COHORT_COLUMNS: list[tuple[str, str, list[str]]] = [
    ("school", "学校", ["院校", "学校名称", "单位", "school"]),
    ("major", "专业", ["专业代码", "专业名称", "major"]),
    ("name", "名称", ["班级", "班级名称", "name"]),
    ("intake_year", "入学年份", ["入学年", "年级", "intake_year", "intake"]),
    ("graduation_year", "毕业年份", ["毕业年", "届", "graduation_year", "graduation"]),
    ("headcount", "人数", ["学生人数", "毕业生人数", "headcount"]),
    ("skills", "技能", ["技能证书", "skills"]),
    ("notes", "备注", ["notes"]),
]

_KIND_SYNONYMS = {
    "实习": "internship",
    "就业": "job",
    "学徒": "apprenticeship",
    "学徒制": "apprenticeship",
}
_STATUS_SYNONYMS = {"开放": "open", "招聘中": "open", "关闭": "closed", "结束": "closed"}
KIND_CODES = _choice_map(Posting.Kind.choices, _KIND_SYNONYMS)
STATUS_CODES = _choice_map(Posting.Status.choices, _STATUS_SYNONYMS)


def _aliases(columns) -> dict[str, list[str]]:
    return {f: [zh, *others] for f, zh, others in columns}


def _labels(columns) -> dict[str, str]:
    return {f: zh for f, zh, _o in columns}


def _as_rows(source, columns, key: str, filename: str = "") -> list[SheetRow]:
    if isinstance(source, list | tuple):
        aliases = _aliases(columns)
        rows = []
        for i, item in enumerate(source, start=2):
            values = {}
            for k, v in item.items():
                f = k if k in aliases else _header_field(k, aliases)
                if f:
                    values[f] = _cell_text(v)
            rows.append(SheetRow(number=i, values=values))
        return rows
    return read_table(source, aliases=_aliases(columns), key=key, filename=filename)


def _postings_preview(*, body: Body, rows: list[SheetRow]) -> ImportPreview:
    labels = _labels(POSTING_COLUMNS)
    resolver = _Resolver(
        [r.values.get("enterprise", "") for r in rows],
        [r.values.get("major", "") for r in rows]
        + [m for r in rows for m in split_skills(r.values.get("majors", ""))],
    )
    preview = ImportPreview(kind="postings", columns=list(labels.items()), rows=[])
    seen: dict[tuple, int] = {}
    for sheet_row in rows:
        row = ImportRow(number=sheet_row.number, values=sheet_row.values, labels=labels)
        v = row.values
        enterprise = None
        if not v.get("enterprise", "").strip():
            row.add_error("enterprise", _("用人单位为空 / the employer is empty"))
        else:
            enterprise, problem = resolver.organization(v["enterprise"])
            if problem:
                row.add_error("enterprise", problem)
        title = v.get("title", "").strip()
        if not title:
            row.add_error("title", _("岗位名称为空 / the title is empty"))
        kind = Posting.Kind.INTERNSHIP.value
        if v.get("kind", "").strip():
            kind = KIND_CODES.get(v["kind"].strip().lower(), "")
            if not kind:
                row.add_error(
                    "kind",
                    _("未知类型“%(v)s”，可填：%(ok)s / unknown kind")
                    % {"v": v["kind"], "ok": _accepted(Posting.Kind.choices)},
                )
        status = Posting.Status.OPEN.value
        if v.get("status", "").strip():
            status = STATUS_CODES.get(v["status"].strip().lower(), "")
            if not status:
                row.add_error(
                    "status",
                    _("未知状态“%(v)s”，可填：%(ok)s / unknown status")
                    % {"v": v["status"], "ok": _accepted(Posting.Status.choices)},
                )
        major = None
        if v.get("major", "").strip():
            major, problem = resolver.major(v["major"])
            if problem:
                row.add_error("major", problem)
        majors = []
        for ref in split_skills(v.get("majors", "")):
            other, problem = resolver.major(ref)
            if problem:
                row.add_error("majors", problem)
            elif other not in majors and other != major:
                majors.append(other)
        headcount = _int(row, "headcount", lo=1, hi=1_000_000, required=True)
        starts_on, ends_on = _date(row, "starts_on"), _date(row, "ends_on")
        data = {
            "enterprise": enterprise,
            "title": title[:200],
            "kind": kind,
            "major": major,
            "majors": [m.pk for m in majors],
            "skills": split_skills(v.get("skills", "")),
            "region": v.get("region", "").strip()[:100],
            "headcount": headcount,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "status": status,
            "description": v.get("description", "").strip(),
            "body": body,
        }
        if row.ok:
            instance = Posting(**{k: val for k, val in data.items() if k != "majors"})
            _model_errors(row, instance, labels)
        if row.ok:
            key = (enterprise.pk, title, kind, starts_on)
            if key in seen:
                row.add_error(
                    "title",
                    _(
                        "与第 %(n)d 行重复（同一单位、岗位、类型和开始日期） / duplicate of row %(n)d"
                    )
                    % {"n": seen[key]},
                )
            else:
                seen[key] = row.number
            row.existing = Posting.objects.filter(
                enterprise=enterprise, title=title, kind=kind, starts_on=starts_on, body=body
            ).first()
        row.data = data
        preview.rows.append(row)
    return preview


def _cohorts_preview(*, body: Body, rows: list[SheetRow]) -> ImportPreview:
    labels = _labels(COHORT_COLUMNS)
    resolver = _Resolver(
        [r.values.get("school", "") for r in rows], [r.values.get("major", "") for r in rows]
    )
    preview = ImportPreview(kind="cohorts", columns=list(labels.items()), rows=[])
    seen: dict[tuple, int] = {}
    for sheet_row in rows:
        row = ImportRow(number=sheet_row.number, values=sheet_row.values, labels=labels)
        v = row.values
        school = major = None
        if not v.get("school", "").strip():
            row.add_error("school", _("学校为空 / the school is empty"))
        else:
            school, problem = resolver.organization(v["school"])
            if problem:
                row.add_error("school", problem)
        if not v.get("major", "").strip():
            row.add_error("major", _("专业为空 / the major is empty"))
        else:
            major, problem = resolver.major(v["major"])
            if problem:
                row.add_error("major", problem)
        intake = _int(row, "intake_year", lo=1949, hi=2100, required=True)
        graduation = _int(row, "graduation_year", lo=1949, hi=2100, required=True)
        headcount = _int(row, "headcount", lo=0, hi=1_000_000, required=True)
        name = v.get("name", "").strip()[:200]
        data = {
            "school": school,
            "major": major,
            "name": name,
            "intake_year": intake,
            "graduation_year": graduation,
            "headcount": headcount,
            "skills": split_skills(v.get("skills", "")),
            "notes": v.get("notes", "").strip(),
            "body": body,
        }
        if row.ok:
            _model_errors(row, Cohort(**data), labels)
        if row.ok:
            key = (school.pk, major.pk, intake, name)
            if key in seen:
                row.add_error(
                    "name",
                    _(
                        "与第 %(n)d 行重复（同一学校、专业、入学年份和名称） / duplicate of row %(n)d"
                    )
                    % {"n": seen[key]},
                )
            else:
                seen[key] = row.number
            row.existing = Cohort.objects.filter(
                school=school, major=major, intake_year=intake, name=name
            ).first()
        row.data = data
        preview.rows.append(row)
    return preview


_KINDS = {
    "postings": (POSTING_COLUMNS, "enterprise", _postings_preview),
    "cohorts": (COHORT_COLUMNS, "school", _cohorts_preview),
}


def require_import_permission(actor, body: Body) -> None:
    require(
        can_edit_body(actor, body),
        _(
            "只有“%(body)s”的秘书处或平台管理员可以导入 / only the secretariat of “%(body)s” or "
            "an admin may import its lists"
        )
        % {"body": body},
    )


def import_preview(*, actor, body: Body, kind: str, file, filename: str = "") -> ImportPreview:
    """Check a postings or cohorts file (``kind``) and say per row what would happen.

    Writes nothing. Row errors name the row, the column and what to fix (an organisation not
    in the registry, a major not in the catalogue, an unknown kind, a bad number or date, a
    duplicate row, an end before the start); rows already recorded are skipped.
    """
    require_import_permission(actor, body)
    columns, key, build = _KINDS[kind]
    try:
        rows = _as_rows(file, columns, key, filename)
    except ImportFileError as exc:
        return ImportPreview(
            kind=kind,
            columns=[(f, zh) for f, zh, _o in columns],
            rows=[],
            file_errors=[RowError(None, None, str(exc))],
        )
    preview = build(body=body, rows=rows)
    if not rows:
        preview.file_errors.append(RowError(None, None, _("文件中没有数据行 / no data rows")))
    return preview


@dataclass
class ImportResult:
    """What an import wrote."""

    rows: int = 0
    created: int = 0
    skipped: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


#: What a failed import takes back (a posting's majors go with it).
_TAKE_BACK_ORDER = ("talent.posting", "talent.cohort")


def import_commit(
    *,
    actor,
    body: Body,
    kind: str,
    file,
    filename: str = "",
    progress: Callable[[int, int], None] | None = None,
    job: TalentImport | None = None,
    lease: jobs.Lease | None = None,
) -> ImportResult:
    """Import a postings or cohorts file: every row is written, or none is.

    Every row is checked first (raises :class:`TalentImportError` with the preview when any
    row is wrong, nothing written). The rows are then written through the services in short
    batches, each its own transaction (:func:`chanjiao.core.batches.write_in_batches`,
    docs/decisions/0005), so a large file never holds SQLite's write lock for seconds; when a
    write fails, what the earlier batches wrote is taken back before the error is raised. Rows
    already recorded are skipped, so importing the same file twice writes nothing the second
    time, and a job resumed after its worker died skips the rows the dead run wrote. With a
    ``job``, the ids written are recorded in its lease in the same transactions.
    """
    require_import_permission(actor, body)
    preview = import_preview(actor=actor, body=body, kind=kind, file=file, filename=filename)
    if not preview.is_valid:
        raise TalentImportError(preview)
    create = services.posting_create if kind == "postings" else services.cohort_create

    def write_row(i: int, batch: batches.Batch) -> None:
        row = preview.rows[i]
        if row.existing is not None:
            batch.count("skipped")
            return
        try:
            obj = create(actor=actor, **row.data)
        except ValidationError as exc:
            # A constraint caught what the preview could not see (a concurrent writer).
            row.add_error(None, "；".join(exc.messages))
            raise TalentImportError(preview) from exc
        batch.wrote(obj)
        batch.count("created")

    out = batches.write_in_batches(
        len(preview.rows),
        write_row,
        take_back_order=_TAKE_BACK_ORDER,
        job=job,
        lease=lease,
        progress=progress,
        what=f"importing {kind}",
    )
    return ImportResult(
        rows=len(preview.rows), created=out.counts["created"], skipped=out.counts["skipped"]
    )


def talent_import_create(*, actor, body: Body, kind: str, file, name: str = "") -> TalentImport:
    """Store an upload under MEDIA_ROOT/imports/talent/ for its background check (the caller
    has refused an unsafe .xlsx at the door: :func:`chanjiao.core.xlsx.check_xlsx`)."""
    require_import_permission(actor, body)
    data = _read_bytes(file)
    name = name or Path(getattr(file, "name", "") or f"{kind}.xlsx").name
    suffix = ".csv" if name.lower().endswith(".csv") else ".xlsx"
    job = TalentImport(kind=kind, body=body, created_by=actor, original_name=name[:255])
    job.file.save(
        f"body{body.pk}-{kind}-{timezone.now():%Y%m%d%H%M%S}{suffix}", ContentFile(data), save=False
    )
    job.save()
    return job


def talent_import_preview(*, actor, job: TalentImport) -> ImportPreview:
    """The preview of a stored upload, computed now (nothing written). Parses the file: call
    it from the worker (:func:`talent_import_check_run`), not from a web request."""
    with job.file.open("rb") as fh:
        data = fh.read()
    return import_preview(
        actor=actor, body=job.body, kind=job.kind, file=data, filename=job.original_name
    )


def preview_to_dict(preview: ImportPreview) -> dict:
    """A preview as plain JSON data (stored on the job by the background check): what the
    preview page shows. The import checks every row again before it writes."""
    return {
        "kind": preview.kind,
        "columns": [list(c) for c in preview.columns],
        "file_errors": [e.as_dict() for e in preview.file_errors],
        "rows": [
            {
                "number": r.number,
                "values": r.values,
                "existing": r.existing.pk if r.existing is not None else None,
                "errors": [e.as_dict() for e in r.errors],
            }
            for r in preview.rows
        ],
    }


def preview_from_dict(data: dict) -> ImportPreview:
    """The :class:`ImportPreview` stored by :func:`preview_to_dict` (for display)."""
    columns = [tuple(c) for c in data.get("columns", [])]
    labels = dict(columns)

    def err(d: dict) -> RowError:
        return RowError(d["row"], d["column"], d["message"], d.get("column_label", ""))

    rows = [
        ImportRow(
            number=r["number"],
            values=r["values"],
            labels=labels,
            existing=r.get("existing"),
            errors=[err(e) for e in r.get("errors", [])],
        )
        for r in data.get("rows", [])
    ]
    return ImportPreview(
        kind=data.get("kind", ""),
        columns=columns,
        rows=rows,
        file_errors=[err(e) for e in data.get("file_errors", [])],
    )


def talent_import_check_enqueue(*, actor, job: TalentImport) -> TalentImport:
    """Queue the check of a stored upload (its preview) for the worker: the file is parsed in
    the background, never inside the web request (``run_talent_preview``)."""
    from .tasks import run_talent_preview

    require_import_permission(actor, job.body)
    job.task_id = jobs.enqueue(TalentImport, job.pk, run_talent_preview)
    TalentImport.objects.filter(pk=job.pk).update(task_id=job.task_id)
    return job


def talent_import_check_run(*, job_id: int, token: str | None = None) -> dict:
    """Check a stored upload and keep its preview on the job (the worker's entry point).

    Writes nothing but the job row: ``summary["preview"]`` holds the rows and their errors,
    ``total`` the number of rows. A file that cannot be read becomes a file-level error of the
    preview. Running it again recomputes the same preview. The check beats the job's lease
    while it runs (a worker that dies mid-check: :func:`talent_checks_recover`).
    """
    job = TalentImport.objects.select_related("body", "created_by").get(pk=job_id)
    if job.status != TalentImport.Status.PREVIEW:
        return {"skipped": job.status}
    if not jobs.retry_locked(lambda: jobs.check_claim(TalentImport, job.pk, token=token)):
        return {"skipped": "queued again under another task"}
    columns = [(f, zh) for f, zh, _o in _KINDS[job.kind][0]]
    try:
        with jobs.running(TalentImport, job.pk, token=token):
            preview = talent_import_preview(actor=job.created_by, job=job)
    except PermissionDenied as exc:
        preview = ImportPreview(
            kind=job.kind, columns=columns, rows=[], file_errors=[RowError(None, None, str(exc))]
        )
    except Exception as exc:  # a broken file must end the check with a reason, not hang it
        preview = ImportPreview(
            kind=job.kind,
            columns=columns,
            rows=[],
            file_errors=[RowError(None, None, _("无法读取文件：%(error)s") % {"error": exc})],
        )
    _store_check(job, preview)
    return preview.counts()


def _store_check(job: TalentImport, preview: ImportPreview) -> None:
    jobs.retry_locked(
        lambda: TalentImport.objects.filter(pk=job.pk, status=TalentImport.Status.PREVIEW).update(
            summary={"preview": preview_to_dict(preview)}, total=len(preview.rows)
        )
    )


def _talent_check_fail(job: TalentImport, reason: str) -> None:
    columns = [(f, zh) for f, zh, _o in _KINDS[job.kind][0]]
    _store_check(
        job,
        ImportPreview(
            kind=job.kind, columns=columns, rows=[], file_errors=[RowError(None, None, reason)]
        ),
    )


def talent_checks_recover() -> list[TalentImport]:
    """Queue again the checks of uploads whose worker died before the preview was stored;
    after too many, end the check with the reason as the preview's error. Safe while other
    workers run."""
    from .tasks import run_talent_preview

    return jobs.recover(
        TalentImport,
        task=run_talent_preview,
        fail=_talent_check_fail,
        active=(TalentImport.Status.PREVIEW,),
        pending=~Q(summary__has_key="preview"),
        queued_status=None,
    )


def talent_import_stored_preview(job: TalentImport) -> ImportPreview | None:
    """The preview the background check stored on ``job``, or None while it is running."""
    data = (job.summary or {}).get("preview")
    return None if data is None else preview_from_dict(data)


def talent_import_enqueue(*, actor, job: TalentImport) -> TalentImport:
    """Confirm a previewed upload: queue its import for the worker (``run_talent_import``)."""
    from .tasks import run_talent_import

    require_import_permission(actor, job.body)
    if job.status not in (TalentImport.Status.PREVIEW, TalentImport.Status.FAILED):
        return job
    job.status = TalentImport.Status.QUEUED
    job.phase = ""
    job.done = job.total = 0
    job.errors = []
    job.finished_at = None
    job.save(
        update_fields=["status", "phase", "done", "total", "errors", "finished_at", "updated_at"]
    )
    job.task_id = jobs.enqueue(TalentImport, job.pk, run_talent_import)
    TalentImport.objects.filter(pk=job.pk).update(task_id=job.task_id)
    return job


def talent_import_take_back(*, job: TalentImport) -> None:
    """Take back every row ``job`` wrote, in whatever attempt."""
    batches.take_back_job(job, order=_TAKE_BACK_ORDER)


def talent_import_run(*, job_id: int, token: str | None = None) -> dict:
    """Run a queued postings or cohorts import (the worker's entry point). Safe to run again.

    A task whose ``token`` is no longer the job's (it was recovered and queued again) does
    nothing; a job that already succeeded returns its summary; a rerun after a worker died
    resumes (the rows the dead run wrote are found and skipped). Row errors fail the job with
    nothing written; any other failure takes back what was written and fails the job with its
    reason.
    """
    job = TalentImport.objects.select_related("body", "created_by").get(pk=job_id)
    if job.status == TalentImport.Status.IMPORTED:
        return job.summary
    claimed = jobs.retry_locked(
        lambda: jobs.claim(
            TalentImport,
            job.pk,
            token=token,
            finished=(TalentImport.Status.IMPORTED, TalentImport.Status.FAILED),
            status=TalentImport.Status.RUNNING,
            phase=TalentImport.Phase.CHECKING,
            done=0,
            total=0,
            errors=[],
            started_at=timezone.now(),
            finished_at=None,
            attempts=F("attempts") + 1,
        )
    )
    if not claimed:
        return {"skipped": "queued again under another task, or finished"}
    progress = batches.JobProgress(job)

    def finish(status: str, *, errors=None, summary=None) -> None:
        fields: dict[str, Any] = {"status": status, "finished_at": timezone.now()}
        if errors is not None:
            fields["errors"] = errors
        if summary is not None:
            fields["summary"] = summary
        jobs.retry_locked(lambda: TalentImport.objects.filter(pk=job.pk).update(**fields))
        if status == TalentImport.Status.IMPORTED:
            jobs.forget_written(TalentImport, job.pk)

    actor = job.created_by
    with jobs.running(TalentImport, job.pk, token=token) as lease:
        try:
            with job.file.open("rb") as fh:
                data = fh.read()
            result = import_commit(
                actor=actor,
                body=job.body,
                kind=job.kind,
                file=data,
                filename=job.original_name,
                progress=_writing(progress, TalentImport.Phase.WRITING),
                job=job,
                lease=lease,
            )
            finish(TalentImport.Status.IMPORTED, errors=[], summary=result.as_dict())
            jobs.retry_locked(
                lambda: TalentImport.objects.filter(pk=job.pk).update(
                    done=result.rows, total=result.rows
                )
            )
            return result.as_dict()
        except jobs.LeaseLost:
            # Another worker judged this one dead and runs the job now: leave it to that one.
            return {"skipped": "taken over by another worker"}
        except TalentImportError as exc:
            talent_import_take_back(job=job)  # an earlier, cut-off attempt may have written
            finish(
                TalentImport.Status.FAILED,
                errors=exc.preview.errors_as_list(),
                summary=exc.preview.counts(),
            )
            return {"errors": len(exc.preview.errors)}
        except PermissionDenied as exc:
            talent_import_take_back(job=job)
            finish(TalentImport.Status.FAILED, errors=[RowError(None, None, str(exc)).as_dict()])
            return {"errors": 1}
        except Exception as exc:
            talent_import_take_back(job=job)
            finish(
                TalentImport.Status.FAILED,
                errors=[
                    RowError(
                        None, None, _("导入出错，未写入任何数据：%(error)s") % {"error": exc}
                    ).as_dict()
                ],
            )
            raise


def _writing(progress: batches.JobProgress, phase: str) -> Callable[[int, int], None]:
    """The write progress of an import: the phase turns to ``phase`` at the first batch."""
    started = False

    def report(done: int, total: int) -> None:
        nonlocal started
        if not started:
            started = True
            progress.phase(phase, total)
        progress.writing(done, total)

    return report


def _talent_import_fail(job: TalentImport, reason: str) -> None:
    talent_import_take_back(job=job)
    TalentImport.objects.filter(pk=job.pk).update(
        status=TalentImport.Status.FAILED,
        phase="",
        errors=[RowError(None, None, reason).as_dict()],
        finished_at=timezone.now(),
    )


def talent_imports_recover() -> list[TalentImport]:
    """Queue again the imports whose worker is gone; end failed (with the reason, rows taken
    back) those cut off too often. Safe while other workers run
    (:func:`chanjiao.core.jobs.recover`); called where the other jobs are recovered
    (:func:`chanjiao.operations.recover_jobs`)."""
    from .tasks import run_talent_import

    return jobs.recover(TalentImport, task=run_talent_import, fail=_talent_import_fail)


def template_xlsx(kind: str) -> bytes:
    """An empty workbook with the headers of a postings or cohorts import."""
    columns = POSTING_COLUMNS if kind == "postings" else COHORT_COLUMNS
    wb = Workbook()
    _header(
        wb.active, "需求岗位" if kind == "postings" else "培养规模", [zh for _f, zh, _o in columns]
    )
    return _to_bytes(wb)


# --- the majors catalogue (专业目录) --------------------------------------------------------

MAJOR_COLUMNS: list[tuple[str, str, list[str]]] = [
    ("level", "层次", ["办学层次", "level"]),
    ("code", "专业代码", ["代码", "code"]),
    ("name", "专业名称", ["名称", "专业", "name"]),
    ("category", "专业大类", ["大类", "category"]),
    ("class", "专业类", ["类", "class", "major_class"]),
    ("industry", "对应行业", ["行业", "industry"]),
]
_LEVEL_SYNONYMS = {
    "中等职业教育": "secondary",
    "中职专业": "secondary",
    "高职专科专业": "associate",
    "专科": "associate",
    "高等职业教育专科": "associate",
    "高职本科专业": "bachelor",
    "本科": "bachelor",
    "职业本科": "bachelor",
    "高等职业教育本科": "bachelor",
}
LEVEL_CODES = _choice_map(Level.choices, _LEVEL_SYNONYMS)


def _split_code(text: str, digits: int) -> tuple[str, str]:
    """ "46 装备制造大类" → ("46", "装备制造大类"); "装备制造大类" → ("", "装备制造大类")."""
    text = (text or "").strip()
    m = re.match(rf"^(\d{{{digits}}})\s*(.*)$", text)
    return (m.group(1), m.group(2).strip()) if m else ("", text)


def _same_name(a: str, b: str) -> bool:
    return "".join(a.split()) == "".join(b.split())


@dataclass
class MajorImportResult:
    rows: int = 0
    created_categories: int = 0
    created_classes: int = 0
    created_majors: int = 0
    updated_majors: int = 0
    unchanged: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


def majors_preview(file, filename: str = "") -> ImportPreview:
    """Check a catalogue file (columns level, code, name, category, class; optionally industry).

    Writes nothing. Each row's code must have 6 digits starting with its category's and
    class's codes; a category or class already known must carry the same name; codes and names
    may not repeat within a level.
    """
    labels = _labels(MAJOR_COLUMNS)
    columns = list(labels.items())
    try:
        rows = _as_rows(file, MAJOR_COLUMNS, "code", filename)
    except ImportFileError as exc:
        return ImportPreview(
            kind="majors", columns=columns, rows=[], file_errors=[RowError(None, None, str(exc))]
        )
    preview = ImportPreview(kind="majors", columns=columns, rows=[])
    if not rows:
        preview.file_errors.append(RowError(None, None, _("文件中没有数据行 / no data rows")))
    categories = {(c.level, c.code): c for c in MajorCategory.objects.all()}
    classes = {(c.category.level, c.code): c for c in MajorClass.objects.select_related("category")}
    majors = {(m.level, m.code): m for m in Major.objects.exclude(code="")}
    names = {(m.level, m.name): m for m in Major.objects.all()}
    new_names: dict[tuple[str, str, str], tuple[str, int]] = {}
    unnamed: dict[tuple[str, str, str], ImportRow] = {}
    seen_codes: dict[tuple[str, str], int] = {}
    seen_names: dict[tuple[str, str], int] = {}
    for sheet_row in rows:
        row = ImportRow(number=sheet_row.number, values=sheet_row.values, labels=labels)
        v = row.values
        level = LEVEL_CODES.get(v.get("level", "").strip().lower(), "")
        if not level:
            row.add_error(
                "level",
                _("未知层次“%(v)s”，可填：%(ok)s / unknown level")
                % {"v": v.get("level", ""), "ok": _accepted(Level.choices)},
            )
        code = "".join(v.get("code", "").split())
        name = v.get("name", "").strip()
        if not re.fullmatch(r"\d{6}", code):
            row.add_error("code", _("专业代码应为 6 位数字 / a major code has 6 digits"))
        if not name:
            row.add_error("name", _("专业名称为空 / the name is empty"))
        cat_code, cat_name = _split_code(v.get("category", ""), 2)
        cls_code, cls_name = _split_code(v.get("class", ""), 4)
        if row.ok:
            if cat_code and cat_code != code[:2]:
                row.add_error(
                    "category",
                    _(
                        "大类代码与专业代码前两位不符 / the category code differs from the major code"
                    ),
                )
            if cls_code and cls_code != code[:4]:
                row.add_error(
                    "class",
                    _(
                        "专业类代码与专业代码前四位不符 / the class code differs from the major code"
                    ),
                )
            cat_code, cls_code = code[:2], code[:4]
        if row.ok:
            for column, store, key, text in (
                ("category", categories, (level, cat_code), cat_name),
                ("class", classes, (level, cls_code), cls_name),
            ):
                known = store.get(key)
                if known is not None:
                    if text and not _same_name(known.name, text):
                        row.add_error(
                            column,
                            _(
                                "%(code)s 已登记为“%(known)s”，本行为“%(v)s” / recorded under another name"
                            )
                            % {"code": key[1], "known": known.name, "v": text},
                        )
                    continue
                earlier = new_names.get((column, *key))
                if earlier is None:
                    if text:
                        new_names[(column, *key)] = (text, row.number)
                    else:
                        unnamed.setdefault((column, *key), row)
                elif text and not _same_name(earlier[0], text):
                    row.add_error(
                        column,
                        _("与第 %(n)d 行的名称“%(known)s”不一致 / differs from row %(n)d")
                        % {"n": earlier[1], "known": earlier[0]},
                    )
        if row.ok:
            if (level, code) in seen_codes:
                row.add_error(
                    "code",
                    _("与第 %(n)d 行代码重复 / duplicate of row %(n)d")
                    % {"n": seen_codes[(level, code)]},
                )
            seen_codes.setdefault((level, code), row.number)
            if (level, name) in seen_names:
                row.add_error(
                    "name",
                    _("与第 %(n)d 行名称重复 / duplicate of row %(n)d")
                    % {"n": seen_names[(level, name)]},
                )
            seen_names.setdefault((level, name), row.number)
            same_name = names.get((level, name))
            if same_name is not None and same_name.code and same_name.code != code:
                row.add_error(
                    "name",
                    _("目录中“%(v)s”的代码为 %(c)s / the catalogue has this name under code %(c)s")
                    % {"v": name, "c": same_name.code},
                )
            row.existing = majors.get((level, code))
        row.data = {
            "level": level,
            "code": code,
            "name": name[:100],
            "category": (cat_code, cat_name),
            "class": (cls_code, cls_name),
            "industry": v.get("industry", "").strip()[:100],
        }
        preview.rows.append(row)
    for key, row in unnamed.items():
        if key not in new_names:
            row.add_error(
                key[0],
                _("目录中还没有 %(code)s：请填写名称 / a new code: give its name")
                % {"code": key[2]},
            )
    return preview


def majors_import(
    *, actor, file, filename: str = "", progress: Callable[[int, int], None] | None = None
) -> MajorImportResult:
    """Load the majors catalogue (the 2021 目录: 19 categories, 97 classes, 1,349 majors) from a
    .csv or .xlsx: all rows or none (raises :class:`TalentImportError`).

    Categories and classes are created as they appear; a major already recorded with the same
    level and code gets the file's name, class and industry; a demo major (no code) of the same
    level and name gets its code and stops being marked synthetic. Admins only.
    """
    require(can_edit_catalogue(actor), services._CATALOGUE_DENIED)
    preview = majors_preview(file, filename)
    if not preview.is_valid:
        raise TalentImportError(preview)
    result = MajorImportResult(rows=len(preview.rows))
    with change_source("import"), transaction.atomic():
        categories = {(c.level, c.code): c for c in MajorCategory.objects.all()}
        classes = {
            (c.category.level, c.code): c for c in MajorClass.objects.select_related("category")
        }
        synthetic = {(m.level, m.name): m for m in Major.objects.filter(code="", is_synthetic=True)}
        names = {}
        for row in preview.rows:
            for key, (code, name) in (
                ("category", row.data["category"]),
                ("class", row.data["class"]),
            ):
                if name:
                    names.setdefault((key, row.data["level"], code), name)
        for i, row in enumerate(preview.rows, start=1):
            d = row.data
            level = d["level"]
            try:
                cat_code = d["category"][0]
                category = categories.get((level, cat_code))
                if category is None:
                    category = services.major_category_create(
                        actor=actor,
                        level=level,
                        code=cat_code,
                        name=names[("category", level, cat_code)],
                    )
                    categories[(level, cat_code)] = category
                    result.created_categories += 1
                cls_code = d["class"][0]
                major_class = classes.get((level, cls_code))
                if major_class is None:
                    major_class = services.major_class_create(
                        actor=actor,
                        category=category,
                        code=cls_code,
                        name=names[("class", level, cls_code)],
                    )
                    classes[(level, cls_code)] = major_class
                    result.created_classes += 1
                fields = {
                    "name": d["name"],
                    "category": category,
                    "major_class": major_class,
                }
                if d["industry"]:
                    fields["industry"] = d["industry"]
                existing = row.existing or synthetic.get((level, d["name"]))
                if existing is None:
                    services.major_create(actor=actor, level=level, code=d["code"], **fields)
                    result.created_majors += 1
                else:
                    fields.update(code=d["code"], is_synthetic=False)
                    changed = any(getattr(existing, k) != val for k, val in fields.items())
                    if changed:
                        services.major_update(actor=actor, major=existing, data=fields)
                        result.updated_majors += 1
                    else:
                        result.unchanged += 1
            except ValidationError as exc:
                row.add_error(None, "；".join(exc.messages))
                raise TalentImportError(preview) from exc
            if progress:
                progress(i, len(preview.rows))
    return result


# --- export -------------------------------------------------------------------------------

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def _header(ws, title: str, headers: list[str], widths: list[int] | None = None) -> None:
    ws.title = title
    ws.append(headers)
    for i, _h in enumerate(headers, start=1):
        ws.column_dimensions[get_column_letter(i)].width = (
            (widths or [])[i - 1] if widths and i <= len(widths) else 16
        )
        cell = ws.cell(row=1, column=i)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
    ws.freeze_panes = "A2"


def _to_bytes(wb: Workbook) -> bytes:
    # Every export is saved here: texts that look like formulas are written as text.
    return workbook_bytes(wb)


_SHEETS = {"major": "按专业", "category": "按专业大类", "industry": "按行业", "region": "按地区"}


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
        _header(
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
    return _to_bytes(wb)
