"""Model fields for name-like text: normalised and checked in one place.

``NameField`` is a ``CharField`` whose value is normalised (NFKC, trimmed, inner whitespace
collapsed) whenever the model is cleaned — every service calls ``full_clean()``, so the UI, the
API, the CLI, the import and the ingest all store one spelling — and which refuses control and
invisible characters and a value that is only whitespace, with a message naming the field.
``AliasesField`` does the same for each line of a one-alias-per-line ``TextField``.
``PhoneField`` keeps a telephone number in one spelling and refuses what is not one.

All three deconstruct as the plain Django fields: normalising is behaviour, not schema, so they need
no migration.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from chanjiao.core.validators import name_problem, normalize_name


def _field_error(field: models.Field, message: str, code: str) -> ValidationError:
    return ValidationError(
        _("%(field)s：%(message)s"),
        code=code,
        params={"field": str(field.verbose_name), "message": message},
    )


class NameField(models.CharField):
    """A name, a title or another one-line label (名称、姓名、职务、标题)."""

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        return normalize_name(value) if isinstance(value, str) else value

    def validate(self, value: Any, model_instance: models.Model | None) -> None:
        if value in self.empty_values and not self.blank:
            # Also what a value of only spaces or only invisible characters becomes.
            raise _field_error(self, str(_("不能为空（只有空白字符也不行）。")), "blank")
        super().validate(value, model_instance)
        if isinstance(value, str):
            problem = name_problem(value)
            if problem:
                raise _field_error(self, problem, "invalid_characters")

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.CharField", args, kwargs


class AliasesField(models.TextField):
    """Other names, one per line: each line normalised like a name; blank lines and repeats
    dropped."""

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        if not isinstance(value, str):
            return value
        lines = (normalize_name(line) for line in value.splitlines())
        return "\n".join(dict.fromkeys(line for line in lines if line))

    def validate(self, value: Any, model_instance: models.Model | None) -> None:
        super().validate(value, model_instance)
        if isinstance(value, str):
            for line in value.splitlines():
                problem = name_problem(line)
                if problem:
                    raise _field_error(
                        self,
                        _("“%(line)s”：%(problem)s") % {"line": line, "problem": problem},
                        "invalid_characters",
                    )

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.TextField", args, kwargs


#: A telephone number as people write it: digits, spaces, +, - and brackets, and an extension
#: after 转 or ext (028-8765 4321 转 802, (028) 87654321, +86 138 0000 0000).
_PHONE = re.compile(r"[0-9+\-() ]+(?:(?:转|ext\.?|x) ?[0-9]+)?", re.IGNORECASE)
#: A mainland mobile number, once its spaces, dashes and brackets are gone: +86 or 86 optional.
_MOBILE = re.compile(r"(?:\+?86)?(1[3-9][0-9]{9})")


def normalize_phone(value: str) -> str:
    """A telephone number as it is stored: NFKC (full-width digits become plain ones), trimmed,
    inner whitespace one space; a mobile number written with spaces, dashes or +86 becomes its
    11 digits, so that one phone is one value (and a person registered twice is seen)."""
    text = " ".join(unicodedata.normalize("NFKC", value).split())
    mobile = _MOBILE.fullmatch(re.sub(r"[ \-()]", "", text))
    return mobile.group(1) if mobile else text


class PhoneField(models.CharField):
    """A telephone number (电话、手机号码), normalised by :func:`normalize_phone`."""

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        return normalize_phone(value) if isinstance(value, str) else value

    def validate(self, value: Any, model_instance: models.Model | None) -> None:
        super().validate(value, model_instance)
        if not value:
            return
        digits = sum(c.isdigit() for c in value)
        if not _PHONE.fullmatch(value) or not 5 <= digits <= 20:
            message = _("应为电话号码（数字，可含空格、-、+ 和括号；分机号写在“转”之后）。")
            raise _field_error(self, str(message), "invalid_phone")

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.CharField", args, kwargs
