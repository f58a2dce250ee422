"""The bounds a column declares (docs/definitions.md, docs/spec.md §3.3), checked as built.

``max`` (numbers: the largest magnitude), ``earliest``/``latest`` (dates) and ``decimals``
may only tighten what the product holds every column to: at most 15 digits before the point
and 6 after it, dates within 1900-01-01…2999-12-31. A definition that declares a looser or
meaningless bound is refused with a Chinese message naming the column.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from kaoping.core.definitions.model import (
    DATE_CEILING,
    DATE_FLOOR,
    MAX_DECIMALS,
    NUMBER_CEILING,
    NUMERIC_TYPES,
    ColumnType,
)
from kaoping.core.definitions.problems import Problems

Declared = int | float | str | None


def number_bound(declared: Declared, type_: ColumnType, key: str, problems: Problems) -> Decimal | None:
    """The declared ``max`` as a Decimal, or None (the type's default) when absent or wrong."""
    if declared is None:
        return None
    if type_ not in NUMERIC_TYPES:
        problems.add(key, f"只有数值列可以声明上限（max），此列类型为 {type_.value}")
        return None
    try:
        bound = Decimal(str(declared).replace("_", "x"))  # YAML's 1_000 is no number here either
    except InvalidOperation:
        bound = Decimal("NaN")
    if isinstance(declared, bool) or not bound.is_finite() or bound <= 0:
        problems.add(key, f"上限（max）应为正数，此处为“{declared}”")
        return None
    if bound > NUMBER_CEILING:
        problems.add(key, f"上限（max）不能超过 {NUMBER_CEILING:,}（15 位整数），此处为 {declared}")
        return None
    return bound


def date_bounds(
    earliest: str | None, latest: str | None, type_: ColumnType, key: str, problems: Problems
) -> tuple[str | None, str | None]:
    """The declared date range (ISO texts; None for the default), each end checked."""
    if earliest is None and latest is None:
        return None, None
    if type_ is not ColumnType.DATE:
        problems.add(key, f"只有日期列可以声明日期范围（earliest、latest），此列类型为 {type_.value}")
        return None, None
    first = _date(earliest, "earliest", key, problems)
    last = _date(latest, "latest", key, problems)
    if first is not None and last is not None and first > last:
        problems.add(key, f"日期范围的起点 {first} 晚于终点 {last}")
        return None, None
    return (first.isoformat() if first else None), (last.isoformat() if last else None)


def _date(text: str | None, name: str, key: str, problems: Problems) -> date | None:
    if text is None:
        return None
    try:
        day = date.fromisoformat(str(text))
    except ValueError:
        problems.add(key, f"日期范围 {name} 应为日期（如 2015-12-31），此处为“{text}”")
        return None
    if not DATE_FLOOR <= day <= DATE_CEILING:
        problems.add(key, f"日期范围 {name} 应在 {DATE_FLOOR} 至 {DATE_CEILING} 之间，此处为 {day}")
        return None
    return day


def check_decimals(decimals: int | None, key: str, problems: Problems) -> None:
    if decimals is not None and not 0 <= decimals <= MAX_DECIMALS:
        problems.add(key, f"小数位数（decimals）应在 0 至 {MAX_DECIMALS} 之间，此处为 {decimals}")
