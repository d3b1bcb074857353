"""Member lists (成员名单) and event lists to and from Excel (.xlsx), and member import jobs.

Reading a file is plain parsing (:func:`read_member_rows`); :func:`member_import_preview` checks
every row against the registry and writes nothing; :func:`member_import_commit` writes all rows
in one transaction through the registry services (permissions and the change log hold) or
nothing at all. :func:`members_to_xlsx` writes the same columns back, so an export imports again
unchanged (round trip). Import jobs (:class:`~chanjiao.registry.models.ImportJob`) run the
commit in the background worker with progress.
"""

from __future__ import annotations

import datetime
import io
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from stdnum.cn import uscc
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength

from chanjiao.accounts.permissions import can_edit_body, require
from chanjiao.core import batches, jobs
from chanjiao.core.xlsx import UnsafeSpreadsheet, check_xlsx, max_rows, workbook_bytes

from . import services
from .models import ROLE_ORDER, Body, ImportJob, Membership, Organization, Role, split_aliases
from .selectors import body_members

# --- columns --------------------------------------------------------------------------------

#: The member-list columns in file order: (field, Chinese header, English header).
MEMBER_COLUMNS: list[tuple[str, str, str]] = [
    ("name", "单位名称", "name"),
    ("kind", "类型", "kind"),
    ("role", "角色", "role"),
    ("credit_code", "统一社会信用代码", "credit_code"),
    ("region", "地区", "region"),
    ("contact", "联系人", "contact"),
]
COLUMN_LABELS = {f: zh for f, zh, _en in MEMBER_COLUMNS}

# Every header spelling accepted for a field (compared after _norm_header).
_HEADER_ALIASES: dict[str, list[str]] = {
    "name": ["单位名称", "单位", "名称", "成员单位", "name", "organization", "organisation"],
    "kind": ["类型", "单位类型", "kind", "type", "organization_kind"],
    "role": ["角色", "成员角色", "身份", "role"],
    "credit_code": ["统一社会信用代码", "信用代码", "社会信用代码", "credit_code", "uscc"],
    "region": ["地区", "所在地区", "所在地", "region"],
    "contact": ["联系人", "contact"],
}

# Spellings seen in real member lists besides the model's labels and codes.
_KIND_SYNONYMS = {
    "政府": "government",
    "政府机关": "government",
    "园区": "industrial_park",
    "产业功能区": "industrial_park",
    "协会": "association",
    "学会": "association",
    "公司": "enterprise",
    "本科": "university",
    "本科院校": "university",
    "大学": "university",
    "高职": "vocational_college",
    "高职院校": "vocational_college",
    "职业院校": "vocational_college",
    "中职": "secondary_school",
    "中职学校": "secondary_school",
    "技工学校": "secondary_school",
    "科研机构": "research_institute",
    "研究院": "research_institute",
    "境外": "international",
}
_ROLE_SYNONYMS = {
    "牵头单位": "initiator",
    "发起单位": "initiator",
    "理事长": "chair",
    "副理事长": "vice_chair",
    "常务理事": "executive_member",
    "理事单位": "executive_member",
    "成员": "member",
    "会员单位": "member",
    "秘书处": "secretariat",
    "秘书长单位": "secretariat",
    "指导": "guide",
    "顾问": "advisor",
}


def _norm_header(text: str) -> str:
    return "".join(str(text).split()).lower().replace("-", "_").replace("（", "(").strip("*:：")


def _header_field(cell: Any) -> str | None:
    """The field a header cell names; "单位名称 / name" and "单位名称(name)" both work."""
    if cell is None:
        return None
    text = str(cell)
    parts = [text]
    for sep in ("/", "|", "(", "（"):
        parts += [p for chunk in list(parts) for p in chunk.split(sep)]
    for part in parts:
        key = _norm_header(part.rstrip(")）"))
        for fld, names in _HEADER_ALIASES.items():
            if key in {_norm_header(n) for n in names}:
                return fld
    return None


def _choice_map(choices, synonyms: dict[str, str]) -> dict[str, str]:
    """Code, Chinese label and English label (lower-cased) -> code."""
    mapping: dict[str, str] = {}
    for code, label in choices:
        mapping[code.lower()] = code
        for lang in ("zh-hans", "en"):
            with translation.override(lang):
                mapping[str(label).strip().lower()] = code
    mapping.update({k.lower(): v for k, v in synonyms.items()})
    return mapping


def _zh(label) -> str:
    with translation.override("zh-hans"):
        return str(label)


def kind_label(code: str) -> str:
    return _zh(Organization.Kind(code).label) if code in Organization.Kind.values else code


def role_label(code: str) -> str:
    return _zh(Role(code).label) if code in Role.values else code


# --- reading --------------------------------------------------------------------------------


class ImportFileError(ValueError):
    """The file cannot be read as a member list at all (not .xlsx, no header row …)."""


@dataclass
class SheetRow:
    """One data row of the file: its row number in Excel and the raw text per field."""

    number: int
    values: dict[str, str]
    letters: dict[str, str] = field(default_factory=dict)


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


def read_member_rows(source) -> list[SheetRow]:
    """Parse a member list (.xlsx path, bytes or file object) into rows. Plain data, no DB.

    The header row is the first row (of the first ten) that has a 单位名称 / name column;
    unknown columns are ignored and blank rows skipped.
    """
    data = _read_bytes(source)
    # Sizes, compression ratio and row count from the zip directory first: a zip bomb is
    # refused in milliseconds instead of being unpacked by openpyxl.
    try:
        check_xlsx(data)  # rows: CHANJIAO_XLSX_MAX_ROWS
    except UnsafeSpreadsheet as exc:
        raise ImportFileError(str(exc)) from exc
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not .xlsx
        raise ImportFileError(
            _(
                "无法读取文件：请上传 Excel 工作簿（.xlsx） / cannot read the file: upload an .xlsx workbook"
            )
        ) from exc
    try:
        ws = wb.worksheets[0]
        columns: dict[int, str] = {}
        rows: list[SheetRow] = []
        header_found = False
        for number, cells in enumerate(ws.iter_rows(values_only=True), start=1):
            if not header_found:
                found = {i: _header_field(c) for i, c in enumerate(cells)}
                found = {i: f for i, f in found.items() if f}
                if "name" in found.values():
                    # The first column of a field wins when a header repeats.
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
            rows.append(
                SheetRow(
                    number=number,
                    values=values,
                    letters={f: get_column_letter(i + 1) for i, f in columns.items()},
                )
            )
            if len(rows) > max_rows():
                raise ImportFileError(
                    _("文件超过 %(n)d 行，请拆分后导入 / more than %(n)d rows: split the file")
                    % {"n": max_rows()}
                )
        if not header_found:
            raise ImportFileError(
                _(
                    "找不到表头：前十行中须有“单位名称”列（可选列：类型、角色、统一社会信用代码、地区、联系人）"
                    " / no header row: one of the first ten rows must have a 单位名称 (name) column"
                )
            )
        return rows
    finally:
        wb.close()


def rows_from_dicts(items: Iterable[dict]) -> list[SheetRow]:
    """Rows given as dicts (keys: field names or headers); numbered as if under a header row."""
    rows = []
    for i, item in enumerate(items, start=2):
        values = {}
        for key, value in item.items():
            fld = key if key in COLUMN_LABELS else _header_field(key)
            if fld:
                values[fld] = _cell_text(value)
        rows.append(SheetRow(number=i, values=values))
    return rows


def _as_rows(file_or_rows) -> list[SheetRow]:
    if isinstance(file_or_rows, list | tuple):
        if all(isinstance(r, SheetRow) for r in file_or_rows):
            return list(file_or_rows)
        return rows_from_dicts(file_or_rows)
    return read_member_rows(file_or_rows)


# --- preview --------------------------------------------------------------------------------


@dataclass
class RowError:
    """What is wrong in one cell (or the whole file when ``row`` is None) and how to fix it."""

    row: int | None
    column: str | None
    message: str
    letter: str = ""

    @property
    def column_label(self) -> str:
        if not self.column:
            return ""
        label = COLUMN_LABELS.get(self.column, self.column)
        return f"{label}（{self.letter}列）" if self.letter else label

    def __str__(self) -> str:
        where = []
        if self.row:
            where.append(f"第 {self.row} 行 / row {self.row}")
        if self.column:
            where.append(f"{self.column_label} / {self.column}")
        return (" · ".join(where) + ": " if where else "") + self.message

    def as_dict(self) -> dict:
        return {
            "row": self.row,
            "column": self.column,
            "column_label": self.column_label,
            "message": self.message,
        }


@dataclass
class PreviewRow:
    """One row as it would be imported: the unit it resolves to and what would happen."""

    number: int
    name: str
    kind: str
    role: str
    credit_code: str
    region: str
    contact: str
    organization: Organization | None = None
    match: str = ""  # how an existing unit was found: credit_code, name or alias
    same_as: int | None = None  # a new unit already introduced by an earlier row
    already_member: bool = False
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    letters: dict[str, str] = field(default_factory=dict, repr=False)
    raw: dict[str, str] = field(default_factory=dict, repr=False)

    def add_error(self, column: str | None, message: str) -> None:
        self.errors.append(
            RowError(self.number, column, message, self.letters.get(column or "", ""))
        )

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def organization_outcome(self) -> str:
        """``new`` (a unit will be registered) or ``existing`` (one is reused)."""
        return "existing" if self.organization or self.same_as else "new"

    @property
    def organization_outcome_label(self) -> str:
        if self.organization:
            how = {"credit_code": "信用代码", "name": "名称", "alias": "别名"}.get(self.match, "")
            return f"已有单位（按{how}匹配） / existing (by {self.match or 'name'})"
        if self.same_as:
            return f"同第 {self.same_as} 行新单位 / new unit of row {self.same_as}"
        return "新单位 / new organisation"

    @property
    def membership_outcome(self) -> str:
        """``new`` (a membership will be created) or ``skip`` (already a member in this role)."""
        return "skip" if self.already_member else "new"

    @property
    def membership_outcome_label(self) -> str:
        if self.already_member:
            return "已是成员，跳过 / already a member (skipped)"
        return "新增成员 / new membership"

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind) if self.kind else self.raw.get("kind", "")

    @property
    def role_label(self) -> str:
        return role_label(self.role) if self.role else self.raw.get("role", "")

    @property
    def cell_errors(self) -> dict[str, str]:
        """Column -> what is wrong in that cell (for highlighting the preview table)."""
        cells: dict[str, list[str]] = {}
        for e in self.errors:
            if e.column:
                cells.setdefault(e.column, []).append(e.message)
        return {column: "；".join(messages) for column, messages in cells.items()}

    def as_dict(self) -> dict:
        return {
            "row": self.number,
            "name": self.name,
            "kind": self.kind,
            "role": self.role,
            "credit_code": self.credit_code,
            "organization_id": self.organization.pk if self.organization else None,
            "organization_outcome": self.organization_outcome,
            "membership_outcome": self.membership_outcome,
            "errors": [e.as_dict() for e in self.errors],
            "warnings": self.warnings,
        }


@dataclass
class Preview:
    """The outcome of checking a member list: per-row errors and outcomes, nothing written."""

    body: Body
    rows: list[PreviewRow]
    file_errors: list[RowError] = field(default_factory=list)

    @property
    def errors(self) -> list[RowError]:
        return self.file_errors + [e for r in self.rows for e in r.errors]

    @property
    def is_valid(self) -> bool:
        return not self.errors

    @property
    def error_rows(self) -> int:
        return sum(1 for r in self.rows if r.errors)

    # The outcome counts leave out rows with errors: those would not be imported.

    @property
    def new_organizations(self) -> int:
        return sum(1 for r in self.rows if r.ok and r.organization_outcome == "new")

    @property
    def existing_organizations(self) -> int:
        return len({r.organization.pk for r in self.rows if r.ok and r.organization})

    @property
    def new_memberships(self) -> int:
        return sum(1 for r in self.rows if r.ok and r.membership_outcome == "new")

    @property
    def skipped(self) -> int:
        return sum(1 for r in self.rows if r.ok and r.already_member)

    def counts(self) -> dict[str, int]:
        return {
            "rows": len(self.rows),
            "new_organizations": self.new_organizations,
            "existing_organizations": self.existing_organizations,
            "new_memberships": self.new_memberships,
            "skipped": self.skipped,
            "errors": len(self.errors),
        }

    def errors_as_list(self) -> list[dict]:
        return [e.as_dict() for e in self.errors]


class MemberImportError(ValidationError):
    """The member list has errors; nothing was written. ``preview`` says what and where."""

    def __init__(self, preview: Preview):
        self.preview = preview
        super().__init__([str(e) for e in preview.errors] or [_("导入失败 / import failed")])


def require_import_permission(actor, body: Body) -> None:
    require(
        can_edit_body(actor, body),
        _(
            "只有“%(body)s”的秘书处或平台管理员可以导入成员名单 / only the secretariat of "
            "“%(body)s” or a platform admin may import its member list"
        )
        % {"body": body},
    )


def _normalise_code(text: str) -> str:
    return "".join(text.split()).upper()


def _credit_code_problem(code: str) -> str | None:
    """What is wrong with a credit code, in words that say how to fix it (None when valid)."""
    try:
        uscc.validate(code)
    except InvalidLength:
        return _(
            "统一社会信用代码应为 18 位，现为 %(n)d 位 / the credit code must have 18 characters, "
            "not %(n)d"
        ) % {"n": len(code)}
    except InvalidChecksum:
        expected = uscc.calc_check_digit(code[:-1])
        return _(
            "统一社会信用代码“%(code)s”校验位错误：最后一位应为 %(exp)s，请核对代码 / check digit "
            "is wrong: the last character should be %(exp)s; check the code"
        ) % {"code": code, "exp": expected}
    except InvalidFormat:
        return _(
            "统一社会信用代码“%(code)s”格式错误：前 8 位须为数字，其余不含 I、O、S、V、Z / the "
            "credit code is malformed: 8 digits first, and I, O, S, V, Z are never used"
        ) % {"code": code}
    except Exception:  # pragma: no cover - any other stdnum complaint
        return _("统一社会信用代码无效 / invalid credit code")
    return None


KIND_CODES = _choice_map(Organization.Kind.choices, _KIND_SYNONYMS)
ROLE_CODES = _choice_map(Role.choices, _ROLE_SYNONYMS)


def _accepted(choices) -> str:
    return "、".join(f"{_zh(label)}（{code}）" for code, label in choices)


def _aliases_index(names: Iterable[str]) -> dict[str, list[Organization]]:
    """Organisations whose alias or short name is one of ``names`` (a query per chunk)."""
    names = [n for n in set(names) if n]
    found: dict[str, list[Organization]] = {}
    for start in range(0, len(names), 200):
        chunk = names[start : start + 200]
        cond = Q(short_name__in=chunk)
        for n in chunk:
            cond |= Q(aliases__contains=n)
        for org in Organization.objects.filter(cond):
            keys = set(split_aliases(org.aliases)) | ({org.short_name} if org.short_name else set())
            for n in chunk:
                if n in keys and org not in found.setdefault(n, []):
                    found[n].append(org)
    return found


def _build_preview(
    *, body: Body, rows: list[SheetRow], progress: Callable[[int, int], None] | None = None
) -> Preview:
    total = len(rows)
    names = [r.values.get("name", "").strip() for r in rows]
    codes = [_normalise_code(r.values.get("credit_code", "")) for r in rows]
    by_name = {o.name: o for o in Organization.objects.filter(name__in=[n for n in names if n])}
    by_code = {
        o.credit_code: o
        for o in Organization.objects.filter(credit_code__in=[c for c in codes if c])
    }
    by_alias = _aliases_index(n for n in names if n and n not in by_name)
    current = Membership.objects.filter(body=body, until__isnull=True).select_related(
        "organization"
    )
    member_roles = {(m.organization_id, m.role) for m in current}
    chair = next((m.organization for m in current if m.role == Role.CHAIR), None)

    preview = Preview(body=body, rows=[])
    seen: dict[tuple, int] = {}  # (unit key, role) -> row number
    new_by_name: dict[str, PreviewRow] = {}
    new_by_code: dict[str, PreviewRow] = {}
    chair_row: PreviewRow | None = None
    if not rows:
        preview.file_errors.append(
            RowError(None, None, _("文件中没有数据行 / the file has no data rows"))
        )

    for index, sheet_row in enumerate(rows, start=1):
        v = sheet_row.values
        row = PreviewRow(
            number=sheet_row.number,
            name=v.get("name", "").strip(),
            kind="",
            role=Role.MEMBER,
            credit_code=_normalise_code(v.get("credit_code", "")),
            region=v.get("region", "").strip(),
            contact=v.get("contact", "").strip(),
            letters=sheet_row.letters,
            raw=v,
        )
        error = row.add_error

        if not row.name:
            error(
                "name", _("单位名称为空：请填写单位全称 / the name is empty: fill in the full name")
            )
        kind_text = v.get("kind", "").strip()
        if kind_text:
            row.kind = KIND_CODES.get(kind_text.lower(), "")
            if not row.kind:
                error(
                    "kind",
                    _("未知类型“%(v)s”，可填：%(ok)s / unknown kind; use one of the listed values")
                    % {"v": kind_text, "ok": _accepted(Organization.Kind.choices)},
                )
        role_text = v.get("role", "").strip()
        if role_text:
            row.role = ROLE_CODES.get(role_text.lower(), "")
            if not row.role:
                error(
                    "role",
                    _("未知角色“%(v)s”，可填：%(ok)s / unknown role; use one of the listed values")
                    % {"v": role_text, "ok": _accepted(Role.choices)},
                )
        code_ok = True
        if row.credit_code:
            problem = _credit_code_problem(row.credit_code)
            if problem:
                error("credit_code", problem)
                code_ok = False
        if row.region.isdigit() and len(row.region) != 6:
            error(
                "region",
                _("行政区划代码应为 6 位数字 / a region code must have six digits"),
            )

        # Which registered unit is this row? Credit code first, then the name, then an alias.
        if row.name and code_ok:
            code_org = by_code.get(row.credit_code) if row.credit_code else None
            name_org = by_name.get(row.name)
            if code_org:
                if name_org and name_org.pk != code_org.pk:
                    error(
                        "credit_code",
                        _(
                            "该信用代码属于登记簿中的“%(other)s”，而“%(name)s”已另有登记：请核对代码或名称 / "
                            "the credit code belongs to “%(other)s”, another organisation in the registry"
                        )
                        % {"other": code_org.name, "name": row.name},
                    )
                elif not name_org and row.name not in code_org.alias_list + [code_org.short_name]:
                    error(
                        "credit_code",
                        _(
                            "该信用代码属于登记簿中的“%(other)s”：若为同一单位请改用该名称，否则请核对代码 / "
                            "the credit code belongs to “%(other)s” in the registry: use that name "
                            "or correct the code"
                        )
                        % {"other": code_org.name},
                    )
                else:
                    row.organization, row.match = code_org, "credit_code"
            elif name_org:
                row.organization, row.match = name_org, "name"
            elif len(by_alias.get(row.name, [])) > 1:
                error(
                    "name",
                    _(
                        "“%(name)s”是多个单位的别名（%(list)s）：请填写全称或信用代码 / an alias of "
                        "several organisations: give the full name or the credit code"
                    )
                    % {"name": row.name, "list": "、".join(o.name for o in by_alias[row.name])},
                )
            elif by_alias.get(row.name):
                row.organization, row.match = by_alias[row.name][0], "alias"
            org = row.organization
            if org and row.credit_code and row.match != "credit_code":
                if org.credit_code and org.credit_code != row.credit_code:
                    error(
                        "credit_code",
                        _(
                            "登记簿中“%(name)s”的信用代码为 %(code)s，与本行不同：请核对 / the registry "
                            "has credit code %(code)s for this organisation"
                        )
                        % {"name": org.name, "code": org.credit_code},
                    )
                elif not org.credit_code:
                    row.warnings.append(
                        _(
                            "已有单位未登记信用代码；导入不修改已有单位，请由单位联系人补充 / the "
                            "existing unit has no credit code; an import does not change it"
                        )
                    )
            if org and row.kind and org.kind != row.kind:
                row.warnings.append(
                    _("登记簿中类型为“%(k)s”，不作修改 / the registry says %(k)s; not changed")
                    % {"k": kind_label(org.kind)}
                )

        # Rows of the same new unit in one file: same name and code, perhaps another role.
        if row.name and not row.organization and not row.errors:
            earlier = new_by_name.get(row.name) or (
                new_by_code.get(row.credit_code) if row.credit_code else None
            )
            if earlier:
                if earlier.name != row.name or (
                    row.credit_code
                    and earlier.credit_code
                    and earlier.credit_code != row.credit_code
                ):
                    column = "credit_code" if earlier.name == row.name else "name"
                    error(
                        column,
                        _(
                            "与第 %(n)d 行的名称或信用代码冲突（同一单位须名称与代码一致） / conflicts "
                            "with row %(n)d: the same unit needs the same name and code"
                        )
                        % {"n": earlier.number},
                    )
                else:
                    row.same_as = earlier.number
            else:
                new_by_name[row.name] = row
                if row.credit_code:
                    new_by_code[row.credit_code] = row

        # Duplicates in the file and the outcome of the membership.
        if row.name and not row.errors:
            unit = (
                ("org", row.organization.pk)
                if row.organization
                else ("new", row.same_as or row.number)
            )
            if (unit, row.role) in seen:
                error(
                    "name",
                    _(
                        "与第 %(n)d 行重复（同一单位、同一角色）：请删除其中一行 / duplicate of row "
                        "%(n)d (same unit, same role): delete one of them"
                    )
                    % {"n": seen[(unit, row.role)]},
                )
            else:
                seen[(unit, row.role)] = row.number
            if row.organization and (row.organization.pk, row.role) in member_roles:
                row.already_member = True
            if row.role == Role.CHAIR and not row.errors and not row.already_member:
                if chair is not None and (not row.organization or chair.pk != row.organization.pk):
                    error(
                        "role",
                        _(
                            "本产教融合体已有理事长单位“%(chair)s”，只能有一个：请改为其他角色 / the "
                            "body already has a chair unit (%(chair)s); only one is allowed"
                        )
                        % {"chair": chair.name},
                    )
                elif chair_row is not None:
                    error(
                        "role",
                        _(
                            "第 %(n)d 行已是理事长单位，只能有一个：请改为其他角色 / row %(n)d is "
                            "already the chair unit; only one is allowed"
                        )
                        % {"n": chair_row.number},
                    )
                else:
                    chair_row = row
        preview.rows.append(row)
        if progress:
            progress(index, total)
    return preview


def member_import_preview(*, actor, body: Body, file, progress=None) -> Preview:
    """Check a member list against the registry and say per row what would happen.

    Writes nothing. Row errors name the row, the column and what to fix (unknown kind or
    role, a wrong credit-code check digit, a duplicate row, a credit code that belongs to
    another organisation, a second chair, an empty name); a file that cannot be read gives
    one file-level error. Raises PermissionDenied unless the actor runs the body.
    """
    require_import_permission(actor, body)
    try:
        rows = _as_rows(file)
    except ImportFileError as exc:
        return Preview(body=body, rows=[], file_errors=[RowError(None, None, str(exc))])
    return _build_preview(body=body, rows=rows, progress=progress)


@dataclass
class ImportResult:
    """What an import wrote."""

    rows: int = 0
    created_organizations: int = 0
    matched_organizations: int = 0
    created_memberships: int = 0
    skipped: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


#: Batches of an import (docs/decisions/0005; the machinery is chanjiao.core.batches). Read at
#: each call, so a test may shrink them.
IMPORT_BATCH_SECONDS = batches.BATCH_SECONDS
IMPORT_BATCH_ROWS = batches.BATCH_ROWS
IMPORT_BATCH_PAUSE_SQLITE = batches.BATCH_PAUSE_SQLITE

_ORGANIZATION = "registry.organization"
_MEMBERSHIP = "registry.membership"
#: What a failed import takes back, dependants first.
_TAKE_BACK_ORDER = (_MEMBERSHIP, _ORGANIZATION)


def member_import_commit(
    *,
    actor,
    body: Body,
    file_or_rows,
    progress: Callable[[int, int], None] | None = None,
    job: ImportJob | None = None,
    lease: jobs.Lease | None = None,
) -> ImportResult:
    """Import a member list: every row is written, or none is.

    ``file_or_rows`` is an .xlsx (path, bytes, file object) or a list of row dicts. Units are
    matched as in :func:`member_import_preview`; new ones are registered with
    ``organization_create`` and memberships added with ``membership_create``, so permissions
    and the change log (source ``import``) hold. Units already members in the same role are
    skipped, so importing the same file twice writes nothing the second time. Raises
    :class:`MemberImportError` (with the preview) when a row is wrong.

    Every row is checked first; then the rows are written in batches, each its own short
    transaction (:func:`chanjiao.core.batches.write_in_batches`), so a large import never
    holds SQLite's write lock for more than a fraction of a second (docs/decisions/0005).
    When a row fails while writing (a concurrent writer took a name), the rows of the earlier
    batches are taken back out before the error is raised. With a ``job``, the ids written are
    recorded in the job's lease in the same transactions, so a job whose worker was killed can
    be resumed (its rows are matched and skipped) or taken back (:func:`import_job_take_back`).
    """
    require_import_permission(actor, body)
    try:
        rows = _as_rows(file_or_rows)
    except ImportFileError as exc:
        raise MemberImportError(
            Preview(body=body, rows=[], file_errors=[RowError(None, None, str(exc))])
        ) from exc
    preview = _build_preview(body=body, rows=rows)
    if not preview.is_valid:
        raise MemberImportError(preview)

    def write_row(i: int, batch: batches.Batch) -> None:
        row = preview.rows[i]
        try:
            # A unit registered by an earlier row of the same file (``same_as``).
            org = row.organization or batch.recall(row.same_as or 0)
            if org is None:
                fields: dict[str, Any] = {"name": row.name, "kind": row.kind or "other"}
                if row.credit_code:
                    fields["credit_code"] = row.credit_code
                if row.region.isdigit():
                    fields["region_code"] = row.region
                elif row.region:
                    fields["region"] = row.region
                org = services.organization_create(actor=actor, registered_by_body=body, **fields)
                batch.remember(row.number, org)
                batch.wrote(org)
                batch.count("created_organizations")
            elif row.organization:
                batch.count("matched_organizations")
            if row.already_member:
                batch.count("skipped")
            else:
                membership = services.membership_create(
                    actor=actor, body=body, organization=org, role=row.role, contact=row.contact
                )
                batch.wrote(membership)
                batch.count("created_memberships")
        except ValidationError as exc:
            # A constraint caught what the check could not see (a concurrent writer).
            messages = exc.messages if hasattr(exc, "messages") else [str(exc)]
            row.errors.append(RowError(row.number, None, "；".join(messages)))
            raise MemberImportError(preview) from exc

    out = batches.write_in_batches(
        len(preview.rows),
        write_row,
        take_back_order=_TAKE_BACK_ORDER,
        job=job,
        lease=lease,
        progress=progress,
        what="importing members",
        batch_seconds=IMPORT_BATCH_SECONDS,
        batch_rows=IMPORT_BATCH_ROWS,
        pause=(
            IMPORT_BATCH_PAUSE_SQLITE if connections[DEFAULT_DB_ALIAS].vendor == "sqlite" else 0
        ),
    )
    result = ImportResult(rows=len(rows))
    for name in (
        "created_organizations",
        "matched_organizations",
        "created_memberships",
        "skipped",
    ):
        setattr(result, name, out.counts[name])
    return result


def import_job_take_back(*, job: ImportJob) -> None:
    """Take back every row job ``job`` wrote, in whatever attempt
    (:func:`chanjiao.core.batches.take_back`)."""
    batches.take_back_job(job, order=_TAKE_BACK_ORDER)


# --- export ---------------------------------------------------------------------------------

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def _sheet(wb: Workbook, title: str, headers: list[str], widths: list[int]):
    ws = wb.active
    ws.title = title
    ws.append(headers)
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
        cell = ws.cell(row=1, column=i)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
    ws.freeze_panes = "A2"
    return ws


def _to_bytes(wb: Workbook) -> bytes:
    # Every export is saved here: texts that look like formulas are written as text.
    return workbook_bytes(wb)


def members_to_xlsx(body: Body, *, actor=None) -> bytes:
    """The body's current member list as .xlsx, in the columns the import reads (round trip).

    Kinds and roles are written as Chinese labels with drop-down lists; credit codes as text.
    """
    wb = Workbook()
    ws = _sheet(wb, "成员名单", [zh for _f, zh, _en in MEMBER_COLUMNS], [40, 14, 16, 24, 18, 18])
    members = sorted(
        body_members(actor=actor, body=body),
        key=lambda m: (ROLE_ORDER.get(m.role, 99), m.organization.name),
    )
    for m in members:
        org = m.organization
        ws.append(
            [
                org.name,
                kind_label(org.kind),
                role_label(m.role),
                org.credit_code or "",
                org.region or org.region_code,
                m.contact,
            ]
        )
    for col in ("D",):  # keep leading zeros and long digit runs as text
        for cell in ws[col][1:]:
            cell.number_format = "@"
    last = max(ws.max_row, 2) + 500
    for letter, choices in (("B", Organization.Kind.choices), ("C", Role.choices)):
        dv = DataValidation(
            type="list",
            formula1='"' + ",".join(_zh(label) for _c, label in choices) + '"',
            allow_blank=True,
        )
        dv.error = "请从列表中选择 / choose from the list"
        ws.add_data_validation(dv)
        dv.add(f"{letter}2:{letter}{last}")
    return _to_bytes(wb)


# --- import jobs ----------------------------------------------------------------------------


def import_job_create(*, actor, body: Body, file, name: str = "") -> ImportJob:
    """Store an uploaded member list under MEDIA_ROOT/imports/ for preview and confirmation."""
    require_import_permission(actor, body)
    data = _read_bytes(file)
    name = name or Path(getattr(file, "name", "") or "members.xlsx").name
    job = ImportJob(body=body, created_by=actor, original_name=name[:255])
    job.file.save(
        f"body{body.pk}-{timezone.now():%Y%m%d%H%M%S}.xlsx", ContentFile(data), save=False
    )
    job.save()
    return job


def import_job_preview(*, actor, job: ImportJob) -> Preview:
    """The preview of a stored upload (nothing written)."""
    with job.file.open("rb") as fh:
        return member_import_preview(actor=actor, body=job.body, file=fh.read())


def preview_to_dict(preview: Preview) -> dict:
    """A preview as plain JSON data (stored on the job by the background check)."""

    def err(e: RowError) -> dict:
        return {"row": e.row, "column": e.column, "message": e.message, "letter": e.letter}

    return {
        "file_errors": [err(e) for e in preview.file_errors],
        "rows": [
            {
                "number": r.number,
                "name": r.name,
                "kind": r.kind,
                "role": r.role,
                "credit_code": r.credit_code,
                "region": r.region,
                "contact": r.contact,
                "organization": r.organization.pk if r.organization else None,
                "match": r.match,
                "same_as": r.same_as,
                "already_member": r.already_member,
                "errors": [err(e) for e in r.errors],
                "warnings": list(r.warnings),
                "letters": r.letters,
                "raw": r.raw,
            }
            for r in preview.rows
        ],
    }


def preview_from_dict(body: Body, data: dict) -> Preview:
    """The :class:`Preview` stored by :func:`preview_to_dict` (its units loaded in one query)."""
    ids = {r["organization"] for r in data.get("rows", []) if r.get("organization")}
    orgs = Organization.objects.in_bulk(ids)

    def err(d: dict) -> RowError:
        return RowError(d["row"], d["column"], d["message"], d.get("letter", ""))

    rows = []
    for r in data.get("rows", []):
        fields = {k: v for k, v in r.items() if k not in ("organization", "errors")}
        row = PreviewRow(**fields, organization=orgs.get(r.get("organization")))
        row.errors = [err(e) for e in r.get("errors", [])]
        rows.append(row)
    return Preview(body=body, rows=rows, file_errors=[err(e) for e in data.get("file_errors", [])])


def import_job_check_enqueue(*, actor, job: ImportJob) -> ImportJob:
    """Queue the check of a stored upload (its preview) for the worker: the file is parsed in
    the background, never inside the web request (``run_member_preview``)."""
    from .tasks import run_member_preview

    require_import_permission(actor, job.body)
    job.task_id = jobs.enqueue(ImportJob, job.pk, run_member_preview)
    ImportJob.objects.filter(pk=job.pk).update(task_id=job.task_id)
    return job


def import_job_check_run(*, job_id: int, token: str | None = None) -> dict:
    """Check a stored upload and keep its preview on the job (the worker's entry point).

    Writes nothing but the job row: ``summary["preview"]`` holds the rows and their errors,
    ``total`` the number of rows. A file that cannot be read becomes a file-level error of
    the preview. Running it again recomputes the same preview. The check beats the job's
    lease while it runs, so a worker that dies mid-check is noticed and the check queued again
    (:func:`import_checks_recover`).
    """
    job = ImportJob.objects.select_related("body", "created_by").get(pk=job_id)
    if job.status != ImportJob.Status.PREVIEW:
        return {"skipped": job.status}
    if not jobs.retry_locked(lambda: jobs.check_claim(ImportJob, job.pk, token=token)):
        return {"skipped": "queued again under another task"}
    try:
        with jobs.running(ImportJob, job.pk, token=token), job.file.open("rb") as fh:
            preview = member_import_preview(actor=job.created_by, body=job.body, file=fh.read())
    except PermissionDenied as exc:
        preview = Preview(body=job.body, rows=[], file_errors=[RowError(None, None, str(exc))])
    except Exception as exc:  # a broken file must end the check with a reason, not hang it
        preview = Preview(
            body=job.body,
            rows=[],
            file_errors=[RowError(None, None, _("无法读取文件：%(error)s") % {"error": exc})],
        )
    _store_check(job, preview)
    return preview.counts()


def _store_check(job: ImportJob, preview: Preview) -> None:
    jobs.retry_locked(
        lambda: ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.PREVIEW).update(
            summary={"preview": preview_to_dict(preview)}, total=len(preview.rows)
        )
    )


def _import_check_fail(job: ImportJob, reason: str) -> None:
    _store_check(job, Preview(body=job.body, rows=[], file_errors=[RowError(None, None, reason)]))


def import_checks_recover() -> list[ImportJob]:
    """Queue again the checks of uploads (previews) whose worker died before the preview was
    stored; after too many, end the check with the reason as the preview's error, so the page
    that waits for it stops waiting. Safe while other workers run."""
    from .tasks import run_member_preview

    return jobs.recover(
        ImportJob,
        task=run_member_preview,
        fail=_import_check_fail,
        active=(ImportJob.Status.PREVIEW,),
        pending=~Q(summary__has_key="preview"),
        queued_status=None,
    )


def import_job_stored_preview(job: ImportJob) -> Preview | None:
    """The preview the background check stored on ``job``, or None while it is running."""
    data = (job.summary or {}).get("preview")
    return None if data is None else preview_from_dict(job.body, data)


def import_job_enqueue(*, actor, job: ImportJob) -> ImportJob:
    """Confirm a previewed upload: queue it for the worker (runs ``run_member_import``)."""
    from .tasks import run_member_import

    require_import_permission(actor, job.body)
    if job.status not in (ImportJob.Status.PREVIEW, ImportJob.Status.FAILED):
        return job
    job.status = ImportJob.Status.QUEUED
    job.phase = ""
    job.done = job.total = 0
    job.errors = []
    job.finished_at = None
    job.save(
        update_fields=["status", "phase", "done", "total", "errors", "finished_at", "updated_at"]
    )
    job.task_id = jobs.enqueue(ImportJob, job.pk, run_member_import)
    ImportJob.objects.filter(pk=job.pk).update(task_id=job.task_id)
    return job


#: The progress writer of every import job (kept under its old name for tests).
_JobProgress = batches.JobProgress


def import_job_run(*, job_id: int, token: str | None = None) -> dict:
    """Run a queued import job (the worker's entry point). Safe to run again.

    ``token`` is the run token the job was queued with (:func:`chanjiao.core.jobs.enqueue`):
    a task whose token is no longer the job's (the job was recovered and queued again) does
    nothing. A job that already succeeded returns its summary. A rerun after a worker died
    resumes: the rows the dead run committed are matched and skipped. Row errors fail the job
    with nothing written; any other failure takes back what was written and fails the job
    with its reason.
    """
    job = ImportJob.objects.select_related("body", "created_by").get(pk=job_id)
    if job.status == ImportJob.Status.SUCCEEDED:
        return job.summary
    claimed = jobs.retry_locked(
        lambda: jobs.claim(
            ImportJob,
            job.pk,
            token=token,
            status=ImportJob.Status.RUNNING,
            phase=ImportJob.Phase.CHECKING,
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
    progress = _JobProgress(job)

    def finish(status: str, *, errors=None, summary=None) -> None:
        fields: dict[str, Any] = {"status": status, "finished_at": timezone.now()}
        if errors is not None:
            fields["errors"] = errors
        if summary is not None:
            fields["summary"] = summary
        jobs.retry_locked(lambda: ImportJob.objects.filter(pk=job.pk).update(**fields))
        if status == ImportJob.Status.SUCCEEDED:
            jobs.forget_written(ImportJob, job.pk)

    actor = job.created_by
    with jobs.running(ImportJob, job.pk, token=token) as lease:
        try:
            with job.file.open("rb") as fh:
                data = fh.read()
            preview = member_import_preview(
                actor=actor, body=job.body, file=data, progress=progress.checking
            )
            if not preview.is_valid:
                import_job_take_back(job=job)  # an earlier, cut-off attempt may have written
                finish(
                    ImportJob.Status.FAILED,
                    errors=preview.errors_as_list(),
                    summary=preview.counts(),
                )
                return {"errors": len(preview.errors)}
            lease.check()
            total = len(preview.rows)
            progress.phase(ImportJob.Phase.WRITING, total)
            result = member_import_commit(
                actor=actor,
                body=job.body,
                file_or_rows=data,
                progress=progress.writing,
                job=job,
                lease=lease,
            )
            finish(ImportJob.Status.SUCCEEDED, errors=[], summary=result.as_dict())
            ImportJob.objects.filter(pk=job.pk).update(done=total, total=total)
            return result.as_dict()
        except jobs.LeaseLost:
            # Another worker judged this one dead and runs the job now: leave it to that one.
            return {"skipped": "taken over by another worker"}
        except MemberImportError as exc:
            finish(ImportJob.Status.FAILED, errors=exc.preview.errors_as_list())
            return {"errors": len(exc.preview.errors)}
        except PermissionDenied as exc:
            import_job_take_back(job=job)
            finish(ImportJob.Status.FAILED, errors=[RowError(None, None, str(exc)).as_dict()])
            return {"errors": 1}
        except Exception as exc:
            import_job_take_back(job=job)
            finish(
                ImportJob.Status.FAILED,
                errors=[
                    RowError(
                        None,
                        None,
                        _("导入出错，未写入任何数据 / import failed, nothing written: %s") % exc,
                    ).as_dict()
                ],
            )
            raise


def _import_job_fail(job: ImportJob, reason: str) -> None:
    import_job_take_back(job=job)
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.FAILED,
        phase="",
        errors=[RowError(None, None, reason).as_dict()],
        finished_at=timezone.now(),
    )


def import_jobs_recover() -> list[ImportJob]:
    """Queue again the jobs whose worker is gone; end failed (with the reason, rows taken
    back) those cut off too often. Safe while other workers run (see
    :func:`chanjiao.core.jobs.recover`); each worker calls it when it starts and then
    periodically."""
    from .tasks import run_member_import

    return jobs.recover(ImportJob, task=run_member_import, fail=_import_job_fail)
