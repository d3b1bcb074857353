"""The router the reports API modules share, and the number its inputs take."""

import re
from decimal import Decimal
from typing import Annotated, Any

from ninja import Router
from pydantic import AfterValidator, AllowInfNan, BeforeValidator, Strict
from pydantic_core import PydanticCustomError

router = Router()

#: A decimal written as text: ASCII digits, a point and digits after it at most, a sign.
DECIMAL_TEXT = r"^-?[0-9]+(\.[0-9]+)?$"


def _decimal_text(value: Any) -> Any:
    # Text must be a plain decimal ("1.00", what the output gives): not "NaN", "1e3", full-width
    # digits or " 1 ", all of which Decimal() would read.
    if isinstance(value, str) and not re.fullmatch(DECIMAL_TEXT, value, re.ASCII):
        raise PydanticCustomError("decimal_parsing", "Input should be a valid decimal")
    return value


class _DocumentText:
    """Says in the OpenAPI schema which text the decimal takes (its string branch's pattern)
    and the bounds of the number."""

    def __init__(self, bounds: dict[str, Any]):
        self.bounds = bounds

    def __get_pydantic_json_schema__(self, core_schema, handler):
        schema = handler(core_schema)
        for branch in schema.get("anyOf", [schema]):
            if branch.get("type") == "string":
                branch["pattern"] = DECIMAL_TEXT
            elif branch.get("type") == "number":
                branch.update(self.bounds)
        return schema


def _within(ge: Any, le: Any):
    # The bounds as a validator of their own, not pydantic's ge/le: a PATCH schema
    # (core.schemas.partial_schema) applies a field's constraints a second time, outside this
    # type's text check, where they would be written into the OpenAPI schema as stray keys.
    def check(value: Decimal) -> Decimal:
        if ge is not None and value < ge:
            raise PydanticCustomError(
                "greater_than_equal", "Input should be greater than or equal to {ge}", {"ge": ge}
            )
        if le is not None and value > le:
            raise PydanticCustomError(
                "less_than_equal", "Input should be less than or equal to {le}", {"le": le}
            )
        return value

    return check


def decimal_in(*, ge: Any = None, le: Any = None) -> Any:
    """A number in a request body: a JSON number, or a decimal as text ("1.00"), the way the
    output writes a decimal, so that what a GET gives can be sent back by a PUT as it is. Not
    NaN, Infinity, a boolean or other text (422 naming the field); ``ge`` and ``le`` bound it
    (422 with pydantic's usual messages, in the reader's language)."""
    bounds = {key: value for key, value in (("minimum", ge), ("maximum", le)) if value is not None}
    return Annotated[
        Decimal,
        Strict(False),
        AllowInfNan(False),
        BeforeValidator(_decimal_text),
        AfterValidator(_within(ge, le)),
        _DocumentText(bounds),
    ]


#: A decimal without bounds (an indicator's limits may be any number).
DecimalIn = decimal_in()
