"""The API's validation messages name fields in Chinese, never by pydantic's location."""

from __future__ import annotations

from kaoping.api.fields import field_name


def test_a_field_is_named_plainly() -> None:
    assert field_name(("body", "body", "reason")) == "原因"
    assert field_name(("query", "org")) == "单位"
    assert field_name(("body", "comments", 0, "text")) == "单元格意见 › 第 1 项 › 说明"


def test_a_field_it_does_not_know_is_quoted_as_sent() -> None:
    assert field_name(("body", "colour")) == "“colour”"
    assert field_name(("body",)) == "请求内容"
