"""Numbers as the quality findings print them: rounded half up (四舍五入), a true minus sign."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

MINUS = "−"  # U+2212, as printed statistics write it


def fixed(value: Decimal, decimals: int) -> str:
    text = f"{value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP):f}"
    return text.replace("-", MINUS)


def percent_change(change: Decimal) -> str:
    """ "+12 %", "−48 %", "+30.4 %": a whole number where one decimal adds nothing."""
    one = change.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    text = f"{one:f}".removesuffix(".0")
    sign = MINUS if one < 0 else "+"
    return f"{sign}{text.lstrip('-')} %"
