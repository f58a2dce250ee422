"""JSON bodies as the API reads them: text that cannot be stored is refused before any
operation sees it (docs/spec.md §10.12). JSON may spell a lone surrogate (``"\\ud800"``); no
database and no UTF-8 page can hold one, so such a body is refused with 400, like a body that
is no JSON at all, with a Chinese message (``api.api`` translates ninja's parse error)."""

from __future__ import annotations

import json
from typing import Any, cast

from django.http import HttpRequest
from ninja.parser import Parser
from ninja.types import DictStrAny

from kaoping.core import texts

UNREADABLE = "请求内容无法解析：应为 UTF-8 编码的 JSON，且文字中不能含无法保存的字符（单独的代理字符）"


class Unstorable(ValueError):
    """A JSON body holding a lone surrogate in a key or a string."""


class StrictParser(Parser):
    def parse_body(self, request: HttpRequest) -> DictStrAny:
        data = json.loads(request.body)
        if _holds_surrogate(data):
            raise Unstorable(UNREADABLE)
        return cast(DictStrAny, data)


def _holds_surrogate(value: Any) -> bool:
    """Whether any key or string of a parsed JSON document holds a lone surrogate."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if texts.unencodable(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False
