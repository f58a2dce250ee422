"""Exact arithmetic for rules: int and Decimal only, never float; bounded magnitudes."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, DivisionByZero, InvalidOperation
from decimal import Context as DecimalContext

from kaoping.core.rules.base import Blank, Context, EvalError

# A result beyond this is a sign of a runaway expression, not of survey data.
MAX_MAGNITUDE = Decimal(10) ** 30
_DECIMALS = DecimalContext(prec=34)

Number = int | Decimal
# isinstance against a tuple: ``int | Decimal`` builds a union on every call, at twice the cost
NUMBER_TYPES = (int, Decimal)
SEQUENCES = (list, tuple)


_QUANTA = tuple(Decimal(1).scaleb(-places) for places in range(11))  # 1, 0.1, … 1E-10


def half_up(value: Decimal, places: int) -> Decimal:
    """``value`` rounded half up (四舍五入) to ``places`` decimals."""
    quantum = _QUANTA[places] if 0 <= places < len(_QUANTA) else Decimal(1).scaleb(-places)
    return value.quantize(quantum, rounding=ROUND_HALF_UP)


def is_number(value: object) -> bool:
    return isinstance(value, NUMBER_TYPES) and not isinstance(value, bool)


def as_number(value: object, ctx: Context) -> Number:
    """An operand of arithmetic or ordering; a blank skips the rule or reads as 0."""
    if value is None:
        if ctx.blank_zero:
            return 0
        raise Blank()
    if isinstance(value, NUMBER_TYPES) and not isinstance(value, bool):
        return value
    raise EvalError("需要数值")


_SMALL = 10**28  # a whole number below this is exact in any Decimal context, far within the bound


def bounded(value: Number) -> Number:
    if type(value) is int and -_SMALL < value < _SMALL:
        return value  # the common case, without a Decimal made to compare it
    if type(value) is Decimal and -MAX_MAGNITUDE <= value <= MAX_MAGNITUDE:
        return value  # a finite Decimal within the bound, without a copy made to compare it
    if abs(Decimal(value)) > MAX_MAGNITUDE:
        raise EvalError("数值过大")
    return value


def add(a: Number, b: Number) -> Number:
    return bounded(a + b)


def sub(a: Number, b: Number) -> Number:
    return bounded(a - b)


def mul(a: Number, b: Number) -> Number:
    return bounded(a * b)


def div(a: Number, b: Number) -> Number:
    """Exact-enough decimal division; dividing by zero makes the rule not apply."""
    if b == 0:
        raise EvalError("除数为 0")
    try:
        return bounded(_DECIMALS.divide(Decimal(a), Decimal(b)))
    except (DivisionByZero, InvalidOperation) as exc:
        raise EvalError("无法相除") from exc
