"""What the rule language's operators mean: truth, equality, order and membership with blanks
(a blank makes a rule not apply, unless the rule counts blanks as zero) and invalid values, and
the arithmetic the compiler (``kaoping.core.rules.expr``) maps each operator to."""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from kaoping.core.rules.base import Blank, Context, EvalError
from kaoping.core.rules.numbers import SEQUENCES, add, as_number, div, is_number, mul, sub
from kaoping.core.values import Invalid


def truth(value: object) -> bool:
    """Truth of a condition; a blank condition makes the rule not apply."""
    if value is None:
        raise Blank()
    if isinstance(value, bool):
        return value
    if isinstance(value, Invalid):
        raise EvalError("无效值")
    if is_number(value):
        return value != 0
    if isinstance(value, str | list | tuple):
        return len(value) > 0
    return True


def _equal(ctx: Context, a: object, b: object) -> bool:
    if isinstance(a, Invalid) or isinstance(b, Invalid):
        raise EvalError("无效值")
    if a is None or b is None:
        if not ctx.blank_zero:
            raise Blank()
        a = 0 if a is None else a
        b = 0 if b is None else b
    if is_number(a) and is_number(b):
        return a == b
    if isinstance(a, SEQUENCES) and isinstance(b, SEQUENCES):
        return list(a) == list(b)
    return type(a) is type(b) and a == b


def _ordered(ctx: Context, a: object, b: object) -> tuple[object, object]:
    if (type(a) is int or type(a) is Decimal) and (type(b) is int or type(b) is Decimal):
        return a, b  # two numbers (nearly every comparison): as_number's, without a call
    if isinstance(a, date) and isinstance(b, date):
        return a, b
    if (
        isinstance(a, str)
        and isinstance(b, str)
        and not isinstance(a, Invalid)
        and not isinstance(b, Invalid)
    ):
        return a, b
    if (a is None and isinstance(b, date)) or (b is None and isinstance(a, date)):
        raise Blank()
    return as_number(a, ctx), as_number(b, ctx)


def _member(ctx: Context, a: object, b: object) -> bool:
    if b is None:
        raise Blank()
    if isinstance(b, str) and not isinstance(b, Invalid):
        if a is None:
            raise Blank()
        return isinstance(a, str) and a in b
    if not isinstance(b, SEQUENCES):
        raise EvalError("in 的右边需要一组值")
    if a is None and not ctx.blank_zero:
        raise Blank()
    return any(_equal(ctx, a, item) for item in b)


Compare = Callable[[Context, object, object], bool]
_ORDER: dict[type[ast.cmpop], Callable[[Any, Any], bool]] = {
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
}


def _order_op(op: Callable[[Any, Any], bool]) -> Compare:
    def compare(ctx: Context, a: object, b: object) -> bool:
        x, y = _ordered(ctx, a, b)
        return op(x, y)

    return compare


COMPARISONS: dict[type[ast.cmpop], Compare] = {
    ast.Eq: _equal,
    ast.NotEq: lambda ctx, a, b: not _equal(ctx, a, b),
    ast.In: _member,
    ast.NotIn: lambda ctx, a, b: not _member(ctx, a, b),
    **{kind: _order_op(op) for kind, op in _ORDER.items()},
}

ARITHMETIC = {ast.Add: add, ast.Sub: sub, ast.Mult: mul, ast.Div: div}
