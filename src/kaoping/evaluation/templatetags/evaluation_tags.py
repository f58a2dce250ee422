"""Scores as the evaluation shows them: ``score`` up to 2 decimals without trailing zeros
(4.3, 2.25, 6), ``one`` rounded half up to one decimal (totals, 6.0); blank as —."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template

from kaoping.core.scoring.numbers import display, fmt

register = template.Library()


def _decimal(value: object) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


@register.filter
def score(value: object) -> str:
    number = _decimal(value)
    if number is None:
        return value if isinstance(value, str) and value else "—"  # what was typed, kept
    return fmt(number)


@register.filter
def one(value: object) -> str:
    number = _decimal(value)
    return "—" if number is None else str(display(number))
