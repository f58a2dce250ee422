"""Rounding and number display for scores: 四舍五入 (half up), never banker's rounding.

Nothing here raises on a stored value: a number that is not finite or too large to round is
left as it is (``half_up``) or shown as written (``fmt``), and ``unusable`` says why such a
number cannot be scored with (docs/spec.md §7.6).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal

SCORE_PLACES = 2  # a computed score is kept to 2 decimals (what the explanation shows)
DISPLAY_PLACES = 1  # totals, subtotals and scores are shown and ranked to 1 decimal

# No number scoring works with (a metric, a target, a base figure, a score) may be larger
# than this: its arithmetic then stays exact within 28 significant digits.
LIMIT = Decimal(10) ** 12
_ROUNDABLE = 40  # the largest decimal exponent ``half_up`` rounds (with ``_CONTEXT``)
_CONTEXT = Context(prec=_ROUNDABLE + 20)


def unusable(value: Decimal, bound: Decimal = LIMIT) -> str | None:
    """Why ``value`` cannot be scored with (Chinese), or None: not finite, or beyond ±bound."""
    if not value.is_finite():
        return "不是有效的数值"
    if value.copy_abs() > bound:
        return f"超出上限 {fmt(bound)}"
    return None


def roundable(value: Decimal) -> bool:
    return value.is_finite() and (value.is_zero() or value.adjusted() <= _ROUNDABLE)


def half_up(value: Decimal, places: int) -> Decimal:
    """``value`` rounded half up to ``places`` decimals; a value too large to round (or not
    finite) is returned as it is."""
    if not roundable(value):
        return value
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP, context=_CONTEXT)


def score(value: Decimal) -> Decimal:
    """A computed score as it is kept and added: 2 decimals, half up."""
    return half_up(value, SCORE_PLACES)


def display(value: Decimal) -> Decimal:
    """A score as shown and ranked: 1 decimal, half up (2.25 → 2.3, 2.24 → 2.2)."""
    return half_up(value, DISPLAY_PLACES)


def fmt(value: Decimal | int, places: int = 2) -> str:
    """A number for a sentence: at most ``places`` decimals, no trailing zeros (360, 1.33);
    a number too large to write out is written as stored (1E+999999999)."""
    number = Decimal(value)
    if not roundable(number):
        return str(number)
    text = f"{half_up(number, places):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text
