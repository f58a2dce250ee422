"""Numbers as people type them, held to their column's bounds (docs/spec.md §3.3, §5.3).

Accepted: plain decimals (``85582``, ``-3``, ``1234.50``, ``.5``), full-width digits, the
column's unit or ``%`` after the number, and thousand separators in their places only
(``1,234,567`` or ``1 234 567``). Everything else that is written with number characters
alone is ``Refused`` with its reason: separators out of place (``1,2``, ``1,,2``, ``12,34``),
underscores (``1_000``, which Python's ``Decimal`` and ``int`` accept), exponents (``1e9``),
``NaN`` and ``Infinity``, more than 15 digits before the point or 6 after it, a magnitude
beyond the column's bound. Words (``约三千``) are ``Invalid``: kept as typed and reported.
"""

from __future__ import annotations

import re
from decimal import Decimal

from kaoping.core.definitions.model import MAX_DECIMALS, MAX_INTEGER_DIGITS, Column, ColumnType
from kaoping.core.instance import Value
from kaoping.core.rawtext import TYPE_NAMES, Invalid, Problem, Refused, fold, quoted

# Types where a negative number is not a quantity (docs/spec.md §5.3 V-TYPE).
NON_NEGATIVE = frozenset(
    {
        ColumnType.INT,
        ColumnType.MONEY,
        ColumnType.PEOPLE,
        ColumnType.AREA,
        ColumnType.BANDWIDTH,
        ColumnType.PERCENT,
    }
)

CANONICAL = re.compile(r"-?[0-9]{1,15}(?:\.[0-9]{1,6})?")  # as stored: read on every page load
_PLAIN = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_GROUPED = re.compile(r"[+-]?[0-9]{1,3}(?P<sep>[, ])[0-9]{3}(?:(?P=sep)[0-9]{3})*(?:\.[0-9]+)?")
_NUMBER_CHARS = frozenset("0123456789+-.,_' eE")
_DIGITS = frozenset("0123456789")
_NOT_NUMBERS = frozenset({"nan", "snan", "inf", "infinity"})
SEPARATORS = "千位分隔符位置不对：应从个位起每三位一个，如 1,234,567"


def parse_number(column: Column, raw: str) -> Value:
    """What a person typed in a numeric column → int, Decimal, ``Invalid`` or ``Refused``."""
    if CANONICAL.fullmatch(raw):
        return bounded(column, raw, raw)
    text = _without_unit(column, fold(raw))
    if _PLAIN.fullmatch(text):
        return bounded(column, text, raw)
    grouped = _GROUPED.fullmatch(text)
    if grouped:
        return bounded(column, text.replace(grouped["sep"], ""), raw)
    return _malformed(raw, text)


def _without_unit(column: Column, text: str) -> str:
    suffixes = ("%",) if column.type is ColumnType.PERCENT else ()
    for suffix in (*suffixes, column.unit or ""):
        if suffix and text.endswith(suffix) and len(text) > len(suffix):
            text = text[: -len(suffix)].rstrip()
    return text


def _malformed(raw: str, text: str) -> Value:
    """Text that is no plain or grouped number: refused when written with number characters
    only (or spelling NaN/Infinity), kept as ``Invalid`` when it is words."""
    lower = text.lower()
    if lower.lstrip("+-") in _NOT_NUMBERS:
        return Refused(raw, f"{quoted(raw)}不是数值")
    if not set(text) <= _NUMBER_CHARS or not set(text) & _DIGITS:
        return Invalid(raw)
    if "e" in lower:
        reason = "是科学计数法：请写出完整的数字，如 1200000"
    elif "_" in text:
        reason = "中有下划线：数字中不能有下划线"
    elif any(ch in text for ch in ",' "):
        reason = f"的{SEPARATORS}"
    else:
        reason = "不是有效的数值"
    return Refused(raw, f"{quoted(raw)}{reason}")


def bounded(column: Column, text: str, raw: str) -> Value:
    """A plain decimal ``text`` (``_PLAIN``) held to the digits and the column's bound."""
    if "." not in text and len(text) <= MAX_INTEGER_DIGITS:  # a whole number: read as int
        integer = int(text)
        if abs(integer) > column.bound:
            return Refused(raw, f"{quoted(raw)}{out_of_bound(column, text.startswith('-'))}")
        return integer if column.type is ColumnType.INT or column.decimals == 0 else Decimal(text)
    if len(text) > MAX_INTEGER_DIGITS or "." in text:  # shorter whole numbers fit: the common case
        whole, _, places = text.lstrip("+-").partition(".")
        if len(whole.lstrip("0")) > MAX_INTEGER_DIGITS:
            return Refused(raw, f"{quoted(raw)}{out_of_bound(column, text.startswith('-'))}")
        if len(places) > MAX_DECIMALS:
            return Refused(raw, f"{quoted(raw)}的小数位数过多：最多 {MAX_DECIMALS} 位")
    number = Decimal(text)
    if abs(number) > column.bound:
        return Refused(raw, f"{quoted(raw)}{out_of_bound(column, number < 0)}")
    if column.type is ColumnType.INT:
        return int(number) if number == number.to_integral_value() else number
    if column.decimals == 0 and "." not in text:
        return int(number)
    return number


def out_of_bound(column: Column, negative: bool) -> str:
    bound = f"{column.bound:,f}"
    return f"超出范围：不能小于 -{bound}" if negative else f"超出范围：不能超过 {bound}"


def number_text(column: Column, value: Value) -> str:
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _places(number: Decimal) -> int:
    exponent = number.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def check_number(column: Column, value: Value) -> list[Problem]:
    if isinstance(value, Refused):
        return [("V-TYPE", value.reason)]
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        return [("V-TYPE", f"应填写{TYPE_NAMES[column.type]}，“{value}”无法识别")]
    problems: list[Problem] = []
    if column.type is ColumnType.INT and value != int(value):
        problems.append(("V-TYPE", f"应填写整数，不能是 {number_text(column, value)}"))
    elif isinstance(value, Decimal) and _places(value) > column.decimals:
        allowed = f"最多保留 {column.decimals} 位小数" if column.decimals else "应为整数"
        problems.append(("V-DEC", f"{allowed}，填写的是 {number_text(column, value)}"))
    if column.type in NON_NEGATIVE and value < 0:
        problems.append(("V-TYPE", f"不能为负数，填写的是 {number_text(column, value)}"))
    if abs(Decimal(value)) > column.bound:
        problems.append(("V-TYPE", f"{number_text(column, value)}{out_of_bound(column, value < 0)}"))
    elif column.type is ColumnType.PERCENT and value > 100:
        problems.append(("V-RATE", f"百分比应在 0–100 之间，填写的是 {number_text(column, value)}"))
    return problems
