"""Validators shared by domain models."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.cn import uscc
from stdnum.exceptions import ValidationError as StdnumError


def validate_credit_code(value: str) -> None:
    """统一社会信用代码: 18 characters with a valid check digit (GB 32100-2015)."""
    try:
        uscc.validate(value)
    except StdnumError as exc:
        raise ValidationError(
            _("“%(value)s” 不是有效的统一社会信用代码（18 位，校验位须正确）。"),
            params={"value": value},
            code="invalid_credit_code",
        ) from exc


def ascii_digits(value: str) -> bool:
    """Whether ``value`` is one or more of the digits 0–9. (``str.isdigit`` also takes ² and
    other digits that ``int`` refuses or a code must not hold.)"""
    return value.isascii() and value.isdigit()


def as_id(value: str | None) -> int | None:
    """``value`` (a query parameter, a form value) as a row's id when it can be one: digits
    0–9 that fit a database key; else ``None``."""
    if value and ascii_digits(value) and len(value) <= 18:
        return int(value)
    return None


def validate_region_code(value: str) -> None:
    """行政区划代码: six digits (GB/T 2260)."""
    if not (len(value) == 6 and ascii_digits(value)):
        raise ValidationError(_("行政区划代码应为 6 位数字"), code="invalid_region")


# --- names -------------------------------------------------------------------------------
#
# Every name-like value (a unit's, a body's, a person's name, a title, an alias) goes through
# normalize_name() and name_problem() — from the model field (NameField, AliasesField in
# chanjiao.core.fields) and from the API's ``Name`` type — so the UI, the API, the CLI, the
# Excel import and the news ingest store the same spelling and the unique rules hold
# ("X " and "X" are one name).

#: Characters that are invisible or reorder text although they are not control characters:
#: zero-width space/joiners, directional marks, bidi embeddings and isolates, word joiner,
#: byte order mark. (Their categories are all Cf, refused below; listed for the docs/tests.)
INVISIBLE_CHARACTERS = frozenset(
    [chr(c) for c in range(0x200B, 0x2010)]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2060, 0x2070)]
    + ["\ufeff", "\u00ad", "\u061c", "\u180e"]
)


_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
#: Full-width punctuation (！＂＃…（）…：；…［］…｛｝…): how Chinese text is punctuated.
_FULL_WIDTH_PUNCTUATION = re.compile(r"([\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff60]+)")
_TO_FULL_WIDTH_BRACKETS = str.maketrans("()", "\uff08\uff09")


def normalize_name(value: str) -> str:
    """A name as it is stored: NFKC (full-width letters and digits become plain ones, compatibility
    forms their base characters), trimmed, and every run of whitespace (tabs, newlines,
    ideographic spaces) one space.

    One exception to NFKC: a Chinese name keeps its full-width punctuation, and its brackets are
    full-width — the official spelling of unit names (“四川省教育厅（机关）”) — so that “X(Y)” and
    “X（Y）” are one name, the one people write. Other names get NFKC throughout.
    """
    if not _CJK.search(value):
        return " ".join(unicodedata.normalize("NFKC", value).split())
    # Odd pieces of the split are full-width punctuation, kept as written.
    pieces = _FULL_WIDTH_PUNCTUATION.split(value)
    normalized = "".join(
        piece if i % 2 else unicodedata.normalize("NFKC", piece) for i, piece in enumerate(pieces)
    )
    return " ".join(normalized.split()).translate(_TO_FULL_WIDTH_BRACKETS)


def control_character(value: str, *, allowed: str = "") -> int | None:
    """The position (from 1) of the first control character in ``value`` that is not in
    ``allowed`` (a text of several lines allows "\n\t"), or None."""
    for position, char in enumerate(value, start=1):
        if char not in allowed and unicodedata.category(char) == "Cc":
            return position
    return None


def name_problem(value: str) -> str | None:
    """Why ``value`` cannot be a name (control, invisible or unpaired-surrogate characters), or
    ``None``. ``value`` is checked after :func:`normalize_name`."""
    for position, char in enumerate(value, start=1):
        category = unicodedata.category(char)
        if category == "Cc":
            return str(
                _("第 %(position)s 个字符是控制字符 U+%(code)04X，不能出现在名称中。")
                % {"position": position, "code": ord(char)}
            )
        if category in ("Cf", "Cs") or char in INVISIBLE_CHARACTERS:
            return str(
                _("第 %(position)s 个字符是不可见字符 U+%(code)04X，不能出现在名称中。")
                % {"position": position, "code": ord(char)}
            )
    return None


def validate_name(value: str) -> None:
    """Refuse control and invisible characters in a (normalised) name."""
    problem = name_problem(value)
    if problem:
        raise ValidationError(problem, code="invalid_characters")
