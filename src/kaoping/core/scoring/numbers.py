"""Rounding and number display for scores: 四舍五入 (half up), never banker's rounding."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

SCORE_PLACES = 2  # a computed score is kept to 2 decimals (what the explanation shows)
DISPLAY_PLACES = 1  # totals, subtotals and scores are shown and ranked to 1 decimal


def half_up(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def score(value: Decimal) -> Decimal:
    """A computed score as it is kept and added: 2 decimals, half up."""
    return half_up(value, SCORE_PLACES)


def display(value: Decimal) -> Decimal:
    """A score as shown and ranked: 1 decimal, half up (2.25 → 2.3, 2.24 → 2.2)."""
    return half_up(value, DISPLAY_PLACES)


def fmt(value: Decimal | int, places: int = 2) -> str:
    """A number for a sentence: at most ``places`` decimals, no trailing zeros (360, 1.33)."""
    number = half_up(Decimal(value), places)
    text = f"{number:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text
