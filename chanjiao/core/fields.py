"""Model fields for name-like text: normalised and checked in one place.

``NameField`` is a ``CharField`` whose value is normalised (NFKC, trimmed, inner whitespace
collapsed) whenever the model is cleaned — every service calls ``full_clean()``, so the UI, the
API, the CLI, the import and the ingest all store one spelling — and which refuses control and
invisible characters and a value that is only whitespace, with a message naming the field.
``AliasesField`` does the same for each line of a one-alias-per-line ``TextField``.

Both deconstruct as the plain Django fields: normalising is behaviour, not schema, so they need
no migration.
"""

from __future__ import annotations

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
