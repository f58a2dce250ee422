"""The rule language's comprehensions (``[x for r in rows(...) if ...]``) as the compiler
(``kaoping.core.rules.expr``) runs them: eager, bounded lists."""

from __future__ import annotations

from collections.abc import Callable

from kaoping.core.rules.base import Blank, Context, EvalError
from kaoping.core.rules.operators import truth

MAX_ITEMS = 10_000  # longest intermediate list
MAX_ITERATIONS = 100_000  # loop steps of one comprehension (nested ``for`` included)

Env = dict[str, object]
Fn = Callable[[Context, Env], object]


def comprehension(loops: list[tuple[str, Fn, list[Fn]]], element: Fn) -> Fn:
    """A list built eagerly and bounded. In a filter or an element, a blank drops the item
    (filter) or yields a blank item (element), which ``sum``/``count`` skip."""

    def run(ctx: Context, env: Env) -> object:
        out: list[object] = []
        _level(ctx, loops, element, 0, env, out, [0])
        return out

    return run


def _level(
    ctx: Context,
    loops: list[tuple[str, Fn, list[Fn]]],
    element: Fn,
    i: int,
    local: Env,
    out: list[object],
    steps: list[int],
) -> None:
    """The items of loop ``i`` (and of the loops inside it) added to ``out``. A module-level
    function, not a closure calling itself: such a closure is a reference cycle, which would
    keep the context and every value it reads alive until the garbage collector ran."""
    var, source, conditions = loops[i]
    items = _items(ctx, local, source)
    inner = dict(local)  # one scope per loop, its variable set per item (nothing keeps it)
    last = i == len(loops) - 1
    for item in items:
        steps[0] += 1
        if steps[0] > MAX_ITERATIONS:
            raise EvalError("循环次数过多")
        inner[var] = item
        if conditions and not _passes(conditions, ctx, inner):
            continue
        if not last:
            _level(ctx, loops, element, i + 1, inner, out, steps)
            continue
        try:
            out.append(element(ctx, inner))
        except Blank:
            out.append(None)
        if len(out) > MAX_ITEMS:
            raise EvalError("中间结果过多")


def _items(ctx: Context, env: Env, source: Fn) -> list[object] | tuple[object, ...]:
    items = source(ctx, env)
    if items is None:
        raise Blank()
    if not isinstance(items, list | tuple):
        raise EvalError("for 需要一组值")
    return items


def _passes(conditions: list[Fn], ctx: Context, env: Env) -> bool:
    """Every filter holds (a blank one does not); a yes/no answer is taken as it is."""
    for condition in conditions:
        try:
            value = condition(ctx, env)
            if not (value if type(value) is bool else truth(value)):
                return False
        except Blank:
            return False
    return True
