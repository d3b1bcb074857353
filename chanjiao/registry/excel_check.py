"""The check of a member list (成员名单): its columns, and per row the unit it names, what
would happen to it and what is wrong (column specs on :mod:`chanjiao.core.tabular`)."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from stdnum.cn import uscc
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength

from chanjiao.core.tabular import (
    CheckedRows,
    Column,
    RowError,
    RowErrors,
    SheetRow,
    TabularImportError,
    accepted,
    choice_map,
    no_rows_error,
    zh,
)
from chanjiao.core.validators import ascii_digits, normalize_name
from chanjiao.core.words import listed

from .models import Body, Membership, Organization, Role
from .selectors import aliases_index, chair_in_the_way, chair_taken

#: The member-list columns in file order: field, header, other spellings.
MEMBER_SPECS: list[Column] = [
    Column(
        "name",
        gettext_lazy("单位名称"),
        ("单位", "名称", "成员单位", "name", "organization", "organisation"),
    ),
    Column("kind", gettext_lazy("类型"), ("单位类型", "kind", "type", "organization_kind")),
    Column("role", gettext_lazy("角色"), ("成员角色", "身份", "role")),
    Column(
        "credit_code",
        gettext_lazy("统一社会信用代码"),
        ("信用代码", "社会信用代码", "credit_code", "uscc"),
    ),
    Column("region", gettext_lazy("地区"), ("所在地区", "所在地", "region")),
    Column("contact", gettext_lazy("联系人"), ("contact",)),
]
#: (field, header, English name) for the import's help table.
MEMBER_COLUMNS: list[tuple] = [(c.field, c.label, c.field) for c in MEMBER_SPECS]
COLUMN_LABELS = {c.field: c.label for c in MEMBER_SPECS}

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
    "理事单位": "director",
    "理事": "director",
    "成员": "member",
    "会员单位": "member",
    "秘书处": "secretariat",
    "秘书长单位": "secretariat",
    "指导": "guide",
    "顾问": "advisor",
}
KIND_CODES = choice_map(Organization.Kind.choices, _KIND_SYNONYMS)
ROLE_CODES = choice_map(Role.choices, _ROLE_SYNONYMS)


def kind_label(code: str) -> str:
    return zh(Organization.Kind(code).label) if code in Organization.Kind.values else code


def role_label(code: str) -> str:
    return zh(Role(code).label) if code in Role.values else code


@dataclass
class PreviewRow(RowErrors):
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

    def column_label(self, column: str) -> str:
        return str(COLUMN_LABELS.get(column, column))

    def column_letter(self, column: str) -> str:
        return self.letters.get(column, "")

    @property
    def organization_outcome(self) -> str:
        """``new`` (a unit will be registered) or ``existing`` (one is reused)."""
        return "existing" if self.organization or self.same_as else "new"

    @property
    def organization_outcome_label(self) -> str:
        if self.organization:
            how = {"credit_code": _("信用代码"), "alias": _("别名")}.get(self.match, _("名称"))
            return _("已有单位（按%(how)s匹配）") % {"how": how}
        if self.same_as:
            return _("同第 %(n)d 行新单位") % {"n": self.same_as}
        return _("新单位")

    @property
    def membership_outcome(self) -> str:
        """``new`` (a membership will be created) or ``skip`` (already a member in this role)."""
        return "skip" if self.already_member else "new"

    @property
    def membership_outcome_label(self) -> str:
        return _("已是成员，跳过") if self.already_member else _("新增成员")

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind) if self.kind else self.raw.get("kind", "")

    @property
    def role_label(self) -> str:
        return role_label(self.role) if self.role else self.raw.get("role", "")

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
class Preview(CheckedRows):
    """The outcome of checking a member list: per-row errors and outcomes, nothing written."""

    body: Body
    rows: list[PreviewRow]
    file_errors: list[RowError] = field(default_factory=list)

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


class MemberImportError(TabularImportError):
    """The member list has errors; nothing was written. ``preview`` says what and where."""


def normalise_code(text: str) -> str:
    """A credit code as typed: full-width digits and letters plain (NFKC), no spaces, upper case."""
    return "".join(unicodedata.normalize("NFKC", text).split()).upper()


def credit_code_problem(code: str) -> str | None:
    """What is wrong with a credit code, in words that say how to fix it (None when valid)."""
    try:
        uscc.validate(code)
    except InvalidLength:
        return _("统一社会信用代码应为 18 位，现为 %(n)d 位") % {"n": len(code)}
    except InvalidChecksum:
        expected = uscc.calc_check_digit(code[:-1])
        return _("统一社会信用代码“%(code)s”校验位错误：最后一位应为 %(exp)s，请核对代码") % {
            "code": code,
            "exp": expected,
        }
    except InvalidFormat:
        return _("统一社会信用代码“%(code)s”格式错误：前 8 位须为数字，其余不含 I、O、S、V、Z") % {
            "code": code
        }
    except Exception:  # pragma: no cover - any other stdnum complaint
        return _("统一社会信用代码无效")
    return None


def _choice_cell(row, values: dict, field: str, codes: dict, choices, unknown) -> str:
    """The code a choice cell names (a label or a code, any case); an unknown value is the
    row's error ``unknown`` listing what may be written; an empty cell keeps the row's value."""
    text = values.get(field, "").strip()
    if not text:
        return getattr(row, field)
    code = codes.get(text.lower(), "")
    if not code:
        row.add_error(field, unknown % {"v": text, "ok": accepted(choices)})
    return code


def _cells(row: PreviewRow, v: dict[str, str]) -> bool:
    """Check the row's own cells (kind, role, credit code, region); False: the credit code is
    wrong, so the unit cannot be matched by it."""
    if not row.name:
        row.add_error("name", _("单位名称为空：请填写单位全称"))
    unknown_kind = _("未知类型“%(v)s”，可填：%(ok)s")
    row.kind = _choice_cell(row, v, "kind", KIND_CODES, Organization.Kind.choices, unknown_kind)
    row.role = _choice_cell(
        row, v, "role", ROLE_CODES, Role.choices, _("未知角色“%(v)s”，可填：%(ok)s")
    )
    code_ok = True
    if row.credit_code:
        problem = credit_code_problem(row.credit_code)
        if problem:
            row.add_error("credit_code", problem)
            code_ok = False
    if ascii_digits(row.region) and len(row.region) != 6:
        row.add_error("region", _("行政区划代码应为 6 位数字"))
    return code_ok


def _match(row: PreviewRow, by_code, by_name, by_alias) -> None:
    """Which registered unit is this row? Credit code first, then the name, then an alias."""
    error = row.add_error
    code_org = by_code.get(row.credit_code) if row.credit_code else None
    name_org = by_name.get(row.name)
    if code_org:
        if name_org and name_org.pk != code_org.pk:
            error(
                "credit_code",
                _("该信用代码属于登记簿中的“%(other)s”，而“%(name)s”已另有登记：请核对代码或名称")
                % {"other": code_org.name, "name": row.name},
            )
        elif not name_org and row.name not in code_org.alias_list + [code_org.short_name]:
            error(
                "credit_code",
                _("该信用代码属于登记簿中的“%(other)s”：若为同一单位请改用该名称，否则请核对代码")
                % {"other": code_org.name},
            )
        else:
            row.organization, row.match = code_org, "credit_code"
    elif name_org:
        row.organization, row.match = name_org, "name"
    elif len(by_alias.get(row.name, [])) > 1:
        error(
            "name",
            _("“%(name)s”是多个单位的别名（%(list)s）：请填写全称或信用代码")
            % {"name": row.name, "list": listed(o.name for o in by_alias[row.name])},
        )
    elif by_alias.get(row.name):
        row.organization, row.match = by_alias[row.name][0], "alias"
    org = row.organization
    if org and row.credit_code and row.match != "credit_code":
        if org.credit_code and org.credit_code != row.credit_code:
            error(
                "credit_code",
                _("登记簿中“%(name)s”的信用代码为 %(code)s，与本行不同：请核对")
                % {"name": org.name, "code": org.credit_code},
            )
        elif not org.credit_code:
            row.warnings.append(_("已有单位未登记信用代码；导入不修改已有单位，请由单位联系人补充"))
    if org and row.kind and org.kind != row.kind:
        row.warnings.append(_("登记簿中类型为“%(k)s”，不作修改") % {"k": kind_label(org.kind)})


class _FileState:
    """What earlier rows of the file introduced: new units, (unit, role) pairs, the chair."""

    def __init__(self, body: Body):
        current = Membership.objects.filter(body=body).not_ended()
        self.member_roles = {(m.organization_id, m.role) for m in current}
        # A row's membership has no term and no dates: any chair not ended is in its way.
        in_the_way = chair_in_the_way(body)
        self.chair = in_the_way.organization if in_the_way else None
        self.seen: dict[tuple, int] = {}  # (unit key, role) -> row number
        self.new_by_name: dict[str, PreviewRow] = {}
        self.new_by_code: dict[str, PreviewRow] = {}
        self.chair_row: PreviewRow | None = None

    def same_new_unit(self, row: PreviewRow) -> None:
        """Rows of the same new unit in one file: same name and code, perhaps another role."""
        earlier = self.new_by_name.get(row.name) or (
            self.new_by_code.get(row.credit_code) if row.credit_code else None
        )
        if not earlier:
            self.new_by_name[row.name] = row
            if row.credit_code:
                self.new_by_code[row.credit_code] = row
        elif earlier.name != row.name or (
            row.credit_code and earlier.credit_code and earlier.credit_code != row.credit_code
        ):
            row.add_error(
                "credit_code" if earlier.name == row.name else "name",
                _("与第 %(n)d 行的名称或信用代码冲突（同一单位须名称与代码一致）")
                % {"n": earlier.number},
            )
        else:
            row.same_as = earlier.number

    def membership(self, row: PreviewRow) -> None:
        """Duplicates in the file and the outcome of the membership."""
        unit = (
            ("org", row.organization.pk) if row.organization else ("new", row.same_as or row.number)
        )
        if (unit, row.role) in self.seen:
            row.add_error(
                "name",
                _("与第 %(n)d 行重复（同一单位、同一角色）：请删除其中一行")
                % {"n": self.seen[(unit, row.role)]},
            )
        else:
            self.seen[(unit, row.role)] = row.number
        if row.organization and (row.organization.pk, row.role) in self.member_roles:
            row.already_member = True
        if row.role != Role.CHAIR or row.errors or row.already_member:
            return
        if self.chair is not None and (
            not row.organization or self.chair.pk != row.organization.pk
        ):
            row.add_error("role", chair_taken(self.chair))
        elif self.chair_row is not None:
            row.add_error(
                "role",
                _("第 %(n)d 行已是理事长单位，只能有一个：请改为其他角色")
                % {"n": self.chair_row.number},
            )
        else:
            self.chair_row = row


def build_preview(
    *, body: Body, rows: list[SheetRow], progress: Callable[[int, int], None] | None = None
) -> Preview:
    """Check ``rows`` against the registry and the body's members (nothing written)."""
    total = len(rows)
    # Names as the registry stores them: “联想(北京)” is “联想（北京）”.
    names = [normalize_name(r.values.get("name", "")) for r in rows]
    codes = [normalise_code(r.values.get("credit_code", "")) for r in rows]
    by_name = {o.name: o for o in Organization.objects.filter(name__in=[n for n in names if n])}
    by_code = {
        o.credit_code: o
        for o in Organization.objects.filter(credit_code__in=[c for c in codes if c])
    }
    by_alias = aliases_index(n for n in names if n and n not in by_name)
    state = _FileState(body)
    preview = Preview(body=body, rows=[])
    if not rows:
        preview.file_errors.append(no_rows_error())
    for index, sheet_row in enumerate(rows, start=1):
        v = sheet_row.values
        row = PreviewRow(
            number=sheet_row.number,
            name=names[index - 1],
            kind="",
            role=Role.MEMBER,
            credit_code=normalise_code(v.get("credit_code", "")),
            region=v.get("region", "").strip(),
            contact=v.get("contact", "").strip(),
            letters=sheet_row.letters,
            raw=v,
        )
        code_ok = _cells(row, v)
        if row.name and code_ok:
            _match(row, by_code, by_name, by_alias)
        if row.name and not row.organization and not row.errors:
            state.same_new_unit(row)
        if row.name and not row.errors:
            state.membership(row)
        preview.rows.append(row)
        if progress:
            progress(index, total)
    return preview
