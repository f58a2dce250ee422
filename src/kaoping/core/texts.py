"""How long each kind of text may be before it reaches the database, and text that cannot
be stored at all (docs/spec.md §5.3). Every entry point — page, API, workbook, command line —
checks a text with ``refusal`` and refuses it with the Chinese message, naming the bound.

A text column of a table declares ``max_length`` in its YAML (表6/表7 系统名称: 200); one that
declares none is held to ``COLUMN``; no declaration may exceed ``COLUMN_CEILING``.
"""

from __future__ import annotations

import re

from kaoping.core.definitions.model import ColumnType
from kaoping.core.definitions.problems import Problems

COLUMN = 500  # a text or URL cell without a declared max_length (备注, 名称 …)
COLUMN_CEILING = 2000  # the most a text column may declare
EXPLANATION = 2000  # a 说明 answering a warning; a self-assessment explanation
COMMENT = 2000  # a review comment, a reviewer's reason, a reason for returning or unlocking
FILE_NAME = 200  # an uploaded file's name as shown
TOKEN_NAME = 100  # an API token's name
KEY = 60  # an id in a URL or body: a row, column, criterion, metric or rule key

_SURROGATE = re.compile("[\ud800-\udfff]")


def unencodable(text: str) -> bool:
    """A lone surrogate (JSON's ``"\\ud800"``): text no database and no UTF-8 page can hold."""
    return _SURROGATE.search(text) is not None


def refusal(text: str, limit: int, what: str) -> str | None:
    """Why ``text`` cannot be stored as ``what`` (Chinese, naming the bound), or None."""
    if unencodable(text):
        return f"{what}含有无法保存的字符（单独的代理字符），请删除后重试"
    if len(text) > limit:
        return f"{what}过长：最多 {limit} 个字，填写了 {len(text)} 个字"
    return None


def column_bound(declared: int | None, type_: ColumnType, key: str, problems: Problems) -> int | None:
    """A column's declared ``max_length``, checked as the definition is built (None: absent
    or wrong, then the default ``COLUMN`` holds)."""
    if declared is None:
        return None
    if type_ not in (ColumnType.TEXT, ColumnType.URL):
        problems.add(key, f"只有文字和网址列可以声明最大长度（max_length），此列类型为 {type_.value}")
        return None
    if isinstance(declared, bool) or not 1 <= declared <= COLUMN_CEILING:
        problems.add(key, f"最大长度（max_length）应为 1 至 {COLUMN_CEILING} 之间的整数，此处为 {declared}")
        return None
    return declared
