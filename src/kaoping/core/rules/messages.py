"""Rendering a rule's message: the row label and the numbers that made it fail."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from kaoping.core.rules.base import Context, RowRef, Skip
from kaoping.core.rules.compiled import TemplatePart

BLANK_TEXT = "空"


def format_value(value: object) -> str:
    """Numbers exactly as stored (long quotients to 2 places), 是/否, dates ISO, blank 空."""
    if value is None:
        return BLANK_TEXT
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and exponent < -4:
            value = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        return format(value, "f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return ",".join(str(v) for v in value)
    if isinstance(value, list):
        return "、".join(format_value(v) for v in value)
    if isinstance(value, RowRef):
        return value.key
    return str(value)


def render(parts: tuple[TemplatePart, ...], ctx: Context, row_label: str) -> str:
    out: list[str] = []
    for part in parts:
        if part is None:
            out.append(row_label)
        elif isinstance(part, str):
            out.append(part)
        else:
            try:
                out.append(format_value(part.evaluate(ctx)))
            except Skip:
                out.append(BLANK_TEXT)
    return "".join(out)
