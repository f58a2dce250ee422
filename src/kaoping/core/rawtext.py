"""What every column type shares: text that did not parse, text refused at the boundary,
full-width folding, and the Chinese names of the types (docs/spec.md §3.3)."""

from __future__ import annotations

import unicodedata

from kaoping.core.definitions.model import ColumnType

Problem = tuple[str, str]  # (rule id, Chinese message)


class Invalid(str):
    """Raw text that did not parse as the column's type; kept so nothing typed is lost."""

    __slots__ = ()


class Refused(Invalid):
    """Text refused at the boundary: a number written wrongly (``1,2``, ``1_000``, ``1e9``,
    ``NaN``) or beyond its column's bound, a date outside its column's range. A save that
    carries one is refused with ``reason`` and nothing is stored (docs/spec.md §5.3); read
    back from storage it is reported like any invalid value, with its reason."""

    __slots__ = ("reason",)
    reason: str

    def __new__(cls, raw: str, reason: str) -> Refused:
        refused = super().__new__(cls, raw)
        refused.reason = reason
        return refused

    def __reduce__(self) -> tuple[object, ...]:
        return (Refused, (str(self), self.reason))


TYPE_NAMES = {
    ColumnType.INT: "整数",
    ColumnType.DECIMAL: "数值",
    ColumnType.PERCENT: "百分比数值",
    ColumnType.MONEY: "金额（万元）",
    ColumnType.PEOPLE: "人数（万人）",
    ColumnType.AREA: "面积",
    ColumnType.BANDWIDTH: "带宽",
    ColumnType.DATE: "日期（如 2015-12-31）",
    ColumnType.BOOL: "“是”或“否”",
    ColumnType.CODE: "代码",
    ColumnType.CODES: "代码",
    ColumnType.TEXT: "文字",
    ColumnType.URL: "网址",
    ColumnType.FIXED: "文字",
}


def fold(raw: str) -> str:
    """Full-width digits, letters and punctuation folded to half width; trimmed."""
    return unicodedata.normalize("NFKC", raw).strip()


def quoted(raw: str, most: int = 24) -> str:
    """``raw`` in Chinese quotes for a message, shortened when long (a 10,000-digit number)."""
    text = raw.strip()
    return f"“{text[:most]}…”（共 {len(text)} 个字符）" if len(text) > most else f"“{text}”"
