"""What a request body or query parameter got wrong, in the reader's language.

The API's schemas are pydantic models; pydantic words its errors in English ("Field required",
"Input should be a valid integer"). The errors an API client meets are written here by their
pydantic type, with pydantic's numbers (``max_length``, ``ge`` …) filled in; any other type keeps
pydantic's own words. The schemas' own checks (``ValueError`` in a validator) already say what
to fix in the reader's language.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext_lazy as _

from chanjiao.core.words import listed

_INTEGER = _("须为整数")
_NUMBER = _("须为数字")
_BOOLEAN = _("须为 true 或 false")
_DATE = _("须为日期，格式为 YYYY-MM-DD")
_DATETIME = _("须为日期和时间，格式为 YYYY-MM-DDTHH:MM")
_OBJECT = _("须为 JSON 对象")
_URL = _("须为以 http:// 或 https:// 开头的网址")

#: pydantic's error type → the message (``%(name)s`` from the error's context).
MESSAGES: dict[str, Any] = {
    "missing": _("必填"),
    "extra_forbidden": _("没有这个字段"),
    "int_parsing": _INTEGER,
    "int_type": _INTEGER,
    "int_from_float": _INTEGER,
    "float_parsing": _NUMBER,
    "float_type": _NUMBER,
    "decimal_parsing": _NUMBER,
    "decimal_type": _NUMBER,
    "finite_number": _("须为有限的数字"),
    "bool_parsing": _BOOLEAN,
    "bool_type": _BOOLEAN,
    "string_type": _("须为文本"),
    "string_too_long": _("最多 %(max_length)s 个字符"),
    "string_too_short": _("至少 %(min_length)s 个字符"),
    "greater_than_equal": _("不能小于 %(ge)s"),
    "greater_than": _("须大于 %(gt)s"),
    "less_than_equal": _("不能大于 %(le)s"),
    "less_than": _("须小于 %(lt)s"),
    "date_parsing": _DATE,
    "date_type": _DATE,
    "date_from_datetime_parsing": _DATE,
    "date_from_datetime_inexact": _DATE,
    "datetime_parsing": _DATETIME,
    "datetime_type": _DATETIME,
    "datetime_from_date_parsing": _DATETIME,
    "literal_error": _("须为以下之一：%(expected)s"),
    "enum": _("须为以下之一：%(expected)s"),
    "list_type": _("须为列表"),
    "too_long": _("最多 %(max_length)s 项"),
    "too_short": _("至少 %(min_length)s 项"),
    "dict_type": _OBJECT,
    "model_type": _OBJECT,
    "model_attributes_type": _OBJECT,
    # The schemas' own checks (chanjiao.core.schemas.InputSchema): a list or a string where an
    # object is read (its message named the schema's class), text no database can store.
    "object_type": _OBJECT,
    "unstorable_text": _("不能包含 NUL（\\x00）字符或无效的 Unicode 字符"),
    "json_invalid": _("不是有效的 JSON"),
    "url_parsing": _URL,
    "url_scheme": _URL,
    "url_type": _URL,
}


def schema_message(error: dict[str, Any]) -> str:
    """The message of one pydantic error (an item of ``ValidationError.errors()``)."""
    message = MESSAGES.get(str(error.get("type", "")))
    if message is not None:
        context = dict(error.get("ctx") or {})
        if "expected" in context:  # "'a', 'b' or 'c'": the values, listed the reader's way
            values = re.findall(r"'([^']*)'", str(context["expected"]))
            context["expected"] = listed(values) if values else context["expected"]
        try:
            return str(message) % context
        except (KeyError, TypeError, ValueError):
            pass  # a context without the number the message names: pydantic's own words
    return str(error.get("msg", "invalid")).removeprefix("Value error, ")
