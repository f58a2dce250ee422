"""A workbook cell → the value of its column, as ``kaoping.core.values.parse`` gives it.

Calamine already hands over numbers, dates and strings; going through text and the general
parser for every cell is most of an import's time. ``cell_value`` takes the short way for
the common cases — a number in a numeric column, a date in a date column, a picked
"a.已建" or a letter in a code column, 是/否, plain text — with exactly ``parse``'s result
(a test compares the two), and hands everything else to ``parse``.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation

from kaoping.core.definitions.model import Column, ColumnType
from kaoping.core.instance import Value
from kaoping.core.numbers import bounded
from kaoping.core.values import in_range, parse


def raw_text(value: object) -> str:
    """A cell's value as the text a person typed."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return str(value)
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        try:
            return format(Decimal(repr(value)), "f")
        except InvalidOperation:
            return repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    return str(value)


class CellReader:
    """Per import: remembers each code column's accepted spellings."""

    def __init__(self) -> None:
        self._codes: dict[int, tuple[Column, dict[str, str]]] = {}

    def value(self, column: Column, cell: object, raw: str) -> Value:
        kind = column.type
        if column.is_numeric and isinstance(cell, int | float) and not isinstance(cell, bool):
            return _number(column, raw)
        if kind is ColumnType.CODE and isinstance(cell, str):
            letter = self._spellings(column).get(cell)
            if letter is not None:
                return letter
        elif kind is ColumnType.BOOL and cell in ("是", "否"):
            return cell == "是"
        elif kind is ColumnType.TEXT and isinstance(cell, str) and cell.strip():
            return cell.strip()
        elif kind is ColumnType.DATE and isinstance(cell, datetime) and cell.time() == time(0):
            return in_range(column, cell.date(), raw)
        return parse(column, raw)

    def _spellings(self, column: Column) -> dict[str, str]:
        known = self._codes.get(id(column))
        if known is None or known[0] is not column:
            spellings = {c.code: c.code for c in column.codes}
            spellings.update({c.display: c.code for c in column.codes})
            known = (column, spellings)
            self._codes[id(column)] = known
        return known[1]


def _number(column: Column, text: str) -> Value:
    if "e" in text.lower() or "n" in text.lower() or len(text) > 30:  # 1e+20, nan, inf
        return parse(column, text)
    return bounded(column, text, text)
