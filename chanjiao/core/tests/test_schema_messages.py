"""pydantic's errors in the reader's language (chanjiao.core.schema_messages)."""

from __future__ import annotations

from typing import Literal

import pytest
from django.utils import translation
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from chanjiao.core.schema_messages import schema_message


class Sample(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(max_length=3)
    count: int = Field(ge=1)
    kind: Literal["school", "enterprise"] = "school"


def _messages(data: dict) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        Sample.model_validate(data)
    return {str(e["loc"][0]): schema_message(e) for e in caught.value.errors()}


def test_the_errors_a_client_meets_read_in_chinese_and_in_english():
    bad = {"name": "甲乙丙丁", "count": "x", "bogus": 1}
    with translation.override("zh-hans"):
        assert _messages(bad) == {
            "name": "最多 3 个字符",
            "count": "须为整数",
            "bogus": "没有这个字段",
        }
        assert _messages({"name": "甲", "count": 0}) == {"count": "不能小于 1"}
        assert _messages({"count": 2}) == {"name": "必填"}
        assert _messages({"name": "甲", "count": 1, "kind": "x"}) == {
            "kind": "须为以下之一：school、enterprise"
        }
    with translation.override("en"):
        assert _messages(bad)["count"] == "Must be a whole number"
        assert _messages({"name": "甲", "count": 1, "kind": "x"}) == {
            "kind": "Must be one of: school, enterprise"
        }


def test_an_unknown_type_or_a_context_without_its_number_keeps_pydantics_words():
    assert schema_message({"type": "something_new", "msg": "Odd"}) == "Odd"
    assert schema_message({"type": "string_too_long", "msg": "Too long", "ctx": {}}) == "Too long"
    assert schema_message({"type": "value_error", "msg": "Value error, 名称不能为空"}) == (
        "名称不能为空"
    )
