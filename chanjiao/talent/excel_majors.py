"""The majors catalogue (专业目录) from .csv or .xlsx: a preview with row errors, then every
row or none (column specs on :mod:`chanjiao.core.tabular`)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chanjiao.accounts.permissions import require
from chanjiao.core.changelog import change_source
from chanjiao.core.tabular import (
    Column,
    ImportCounts,
    ImportFileError,
    ImportPreview,
    ImportRow,
    TabularImportError,
    accepted,
    as_rows,
    choice_map,
    empty_preview,
    join_messages,
    labels,
    no_rows_error,
)

from . import services
from .models import Level, Major, MajorCategory, MajorClass
from .permissions import can_edit_catalogue


class TalentImportError(TabularImportError):
    """The file has errors; nothing was written. ``preview`` says what and where."""


MAJOR_COLUMNS: list[Column] = [
    Column("level", gettext_lazy("层次"), ("办学层次", "level")),
    Column("code", gettext_lazy("专业代码"), ("代码", "code")),
    Column("name", gettext_lazy("专业名称"), ("名称", "专业", "name")),
    Column("category", gettext_lazy("专业大类"), ("大类", "category")),
    Column("class", gettext_lazy("专业类"), ("类", "class", "major_class")),
    Column("industry", gettext_lazy("对应行业"), ("行业", "industry")),
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
LEVEL_CODES = choice_map(Level.choices, _LEVEL_SYNONYMS)


def _split_code(text: str, digits: int) -> tuple[str, str]:
    """ "46 装备制造大类" → ("46", "装备制造大类"); "装备制造大类" → ("", "装备制造大类")."""
    text = (text or "").strip()
    m = re.match(rf"^(\d{{{digits}}})\s*(.*)$", text)
    return (m.group(1), m.group(2).strip()) if m else ("", text)


def _same_name(a: str, b: str) -> bool:
    return "".join(a.split()) == "".join(b.split())


@dataclass
class MajorImportResult(ImportCounts):
    created_categories: int = 0
    created_classes: int = 0
    created_majors: int = 0
    updated_majors: int = 0
    unchanged: int = 0


class _Known:
    """The catalogue as recorded, and the names the file gives new categories and classes."""

    def __init__(self):
        self.categories = {(c.level, c.code): c for c in MajorCategory.objects.all()}
        self.classes = {
            (c.category.level, c.code): c for c in MajorClass.objects.select_related("category")
        }
        self.majors = {(m.level, m.code): m for m in Major.objects.exclude(code="")}
        self.names = {(m.level, m.name): m for m in Major.objects.all()}
        self.new_names: dict[tuple[str, str, str], tuple[str, int]] = {}
        self.unnamed: dict[tuple[str, str, str], ImportRow] = {}
        self.seen_codes: dict[tuple[str, str], int] = {}
        self.seen_names: dict[tuple[str, str], int] = {}


def _check_parents(row: ImportRow, known: _Known, level: str, parents) -> None:
    """A category or class already known must carry the same name; a new one the same name
    on every row."""
    for column, store, key, text in parents:
        found = store.get(key)
        if found is not None:
            if text and not _same_name(found.name, text):
                row.add_error(
                    column,
                    _("%(code)s 已登记为“%(known)s”，本行为“%(v)s”")
                    % {"code": key[1], "known": found.name, "v": text},
                )
            continue
        earlier = known.new_names.get((column, *key))
        if earlier is None:
            if text:
                known.new_names[(column, *key)] = (text, row.number)
            else:
                known.unnamed.setdefault((column, *key), row)
        elif text and not _same_name(earlier[0], text):
            row.add_error(
                column,
                _("与第 %(n)d 行的名称“%(known)s”不一致") % {"n": earlier[1], "known": earlier[0]},
            )


def _check_unique(row: ImportRow, known: _Known, level: str, code: str, name: str) -> None:
    if (level, code) in known.seen_codes:
        row.add_error("code", _("与第 %(n)d 行代码重复") % {"n": known.seen_codes[(level, code)]})
    known.seen_codes.setdefault((level, code), row.number)
    if (level, name) in known.seen_names:
        row.add_error("name", _("与第 %(n)d 行名称重复") % {"n": known.seen_names[(level, name)]})
    known.seen_names.setdefault((level, name), row.number)
    same_name = known.names.get((level, name))
    if same_name is not None and same_name.code and same_name.code != code:
        row.add_error(
            "name",
            _("目录中“%(v)s”的代码为 %(c)s") % {"v": name, "c": same_name.code},
        )
    row.existing = known.majors.get((level, code))


def majors_preview(file, filename: str = "") -> ImportPreview:
    """Check a catalogue file (columns level, code, name, category, class; optionally industry).

    Writes nothing. Each row's code must have 6 digits starting with its category's and
    class's codes; a category or class already known must carry the same name; codes and names
    may not repeat within a level.
    """
    names = labels(MAJOR_COLUMNS)
    try:
        rows = as_rows(file, MAJOR_COLUMNS, "code", filename)
    except ImportFileError as exc:
        return empty_preview("majors", MAJOR_COLUMNS, exc)
    preview = ImportPreview(kind="majors", columns=list(names.items()), rows=[])
    if not rows:
        preview.file_errors.append(no_rows_error())
    known = _Known()
    for sheet_row in rows:
        row = ImportRow(number=sheet_row.number, values=sheet_row.values, labels=names)
        v = row.values
        level = LEVEL_CODES.get(v.get("level", "").strip().lower(), "")
        if not level:
            row.add_error(
                "level",
                _("未知层次“%(v)s”，可填：%(ok)s")
                % {"v": v.get("level", ""), "ok": accepted(Level.choices)},
            )
        code = "".join(v.get("code", "").split())
        name = v.get("name", "").strip()
        if not re.fullmatch(r"\d{6}", code):
            row.add_error("code", _("专业代码应为 6 位数字"))
        if not name:
            row.add_error("name", _("专业名称为空"))
        cat_code, cat_name = _split_code(v.get("category", ""), 2)
        cls_code, cls_name = _split_code(v.get("class", ""), 4)
        if row.ok:
            if cat_code and cat_code != code[:2]:
                row.add_error("category", _("大类代码与专业代码前两位不符"))
            if cls_code and cls_code != code[:4]:
                row.add_error("class", _("专业类代码与专业代码前四位不符"))
            cat_code, cls_code = code[:2], code[:4]
        if row.ok:
            _check_parents(
                row,
                known,
                level,
                (
                    ("category", known.categories, (level, cat_code), cat_name),
                    ("class", known.classes, (level, cls_code), cls_name),
                ),
            )
        if row.ok:
            _check_unique(row, known, level, code, name)
        row.data = {
            "level": level,
            "code": code,
            "name": name[:100],
            "category": (cat_code, cat_name),
            "class": (cls_code, cls_name),
            "industry": v.get("industry", "").strip()[:100],
        }
        preview.rows.append(row)
    for key, row in known.unnamed.items():
        if key not in known.new_names:
            row.add_error(key[0], _("目录中还没有 %(code)s：请填写名称") % {"code": key[2]})
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
        created = Counter()
        CREATE = {
            "category": services.major_category_create,
            "class": services.major_class_create,
        }

        def made(known: dict, key: str, at: str, code: str, **fields):
            """The category or class ``code`` of the level ``at``, created the first time it
            appears (with the name the file gives it)."""
            if (at, code) not in known:
                create = CREATE[key]
                name = names[(key, at, code)]
                known[(at, code)] = create(actor=actor, code=code, name=name, **fields)
                created[key] += 1
            return known[(at, code)]

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
                category = made(categories, "category", level, d["category"][0], level=level)
                major_class = made(classes, "class", level, d["class"][0], category=category)
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
                row.add_error(None, join_messages(exc.messages))
                raise TalentImportError(preview) from exc
            if progress:
                progress(i, len(preview.rows))
        result.created_categories = created["category"]
        result.created_classes = created["class"]
    return result
