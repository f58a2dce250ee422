"""The functions a rule expression may call: a registry, one documented entry each.

Adding a function is adding one entry to ``FUNCTIONS``. Each implementation receives the
evaluation context and the already evaluated arguments. Arguments may be blank (None):
every function says what it does with a blank; none of them crashes on data.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from kaoping.core.rules.base import Blank, Context, EvalError, RowRef
from kaoping.core.rules.numbers import as_number, half_up, is_number
from kaoping.core.values import Invalid

Impl = Callable[[Context, list[object]], object]


@dataclass(frozen=True)
class Function:
    impl: Impl
    min_args: int
    max_args: int
    doc: str  # Chinese, shown to administrators


def _items(value: object) -> list[object]:
    if value is None:
        raise Blank()
    if isinstance(value, list | tuple):
        return list(value)
    raise EvalError("需要一组值")


def text_argument(value: object) -> str:
    if isinstance(value, str) and not isinstance(value, Invalid):
        return value
    raise EvalError("需要文字参数")


def _int(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    raise EvalError("需要整数参数")


def _cell(ctx: Context, args: list[object]) -> object:
    return ctx.cell(text_argument(args[0]), text_argument(args[1]), text_argument(args[2]))


def _rows(ctx: Context, args: list[object]) -> object:
    section = text_argument(args[1]) if len(args) > 1 else None
    return ctx.rows(text_argument(args[0]), section)


def _sum(ctx: Context, args: list[object]) -> object:
    total: int | Decimal = 0
    for item in _items(args[0]):
        if item is not None:
            total += as_number(item, ctx)
    return total


def _count(ctx: Context, args: list[object]) -> object:
    return sum(1 for item in _items(args[0]) if item is not None)


def _truthy(item: object) -> bool:
    if isinstance(item, bool):
        return item
    if is_number(item):
        return item != 0
    if isinstance(item, Invalid):
        raise EvalError("无效值")
    if isinstance(item, str | list | tuple | RowRef | date):
        return bool(item) if not isinstance(item, RowRef | date) else True
    raise EvalError("无法判断真假")


def _complete(ctx: Context, args: list[object]) -> object:
    # 表1's derived coverages must not treat an unreported 表4/表14 row as 0.
    items = _items(args[0])
    if any(item is None for item in items):
        raise Blank()
    return items


def _any(ctx: Context, args: list[object]) -> object:
    return any(_truthy(item) for item in _items(args[0]) if item is not None)


def _all(ctx: Context, args: list[object]) -> object:
    return all(_truthy(item) for item in _items(args[0]) if item is not None)


def _extreme(pick: Callable[[list[int | Decimal]], int | Decimal]) -> Impl:
    def impl(ctx: Context, args: list[object]) -> object:
        items = _items(args[0]) if len(args) == 1 else args
        numbers = [as_number(item, ctx) for item in items if item is not None]
        if not numbers:
            raise Blank()
        return pick(numbers)

    return impl


def _abs(ctx: Context, args: list[object]) -> object:
    return abs(as_number(args[0], ctx))


def _round(ctx: Context, args: list[object]) -> object:
    number = as_number(args[0], ctx)
    places = _int(args[1]) if len(args) > 1 else 0
    if not 0 <= places <= 10:
        raise EvalError("小数位数应在 0–10 之间")
    rounded = half_up(Decimal(number), places)
    return int(rounded) if places == 0 else rounded


def _len(ctx: Context, args: list[object]) -> object:
    value = args[0]
    if value is None:
        return 0
    if isinstance(value, str | list | tuple):
        return len(value)
    raise EvalError("len 需要文字或一组值")


def _blank(ctx: Context, args: list[object]) -> object:
    return args[0] is None


def _filled(ctx: Context, args: list[object]) -> object:
    return args[0] is not None


def _zero(ctx: Context, args: list[object]) -> object:
    return 0 if args[0] is None else args[0]


def _has(ctx: Context, args: list[object]) -> object:
    value, letter = args[0], text_argument(args[1])
    if value is None:
        return False
    if isinstance(value, Invalid):
        raise EvalError("无效代码")
    if isinstance(value, tuple | list):
        return letter in value
    if isinstance(value, str):
        return value == letter
    raise EvalError("has 需要代码")


def normalise(text: str) -> str:
    """Spaces and punctuation removed, full/half width and case folded (names compared)."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in folded if unicodedata.category(ch)[0] in "LN")


def _norm(ctx: Context, args: list[object]) -> object:
    if args[0] is None:
        return None
    return normalise(text_argument(args[0]))


def _values(ctx: Context, args: list[object]) -> object:
    return ctx.values(text_argument(args[0]), text_argument(args[1]))


def _filled_rows(ctx: Context, args: list[object]) -> object:
    return ctx.filled_rows(text_argument(args[0]), text_argument(args[1]))


def _date(ctx: Context, args: list[object]) -> object:
    try:
        return date(_int(args[0]), _int(args[1]), _int(args[2]))
    except ValueError as exc:
        raise EvalError("日期无效") from exc


def _cities(ctx: Context, args: list[object]) -> object:
    return ctx.city_count()


FUNCTIONS: dict[str, Function] = {
    "cell": Function(_cell, 3, 3, "cell(表, 行, 列)：同一调查中任一单元格的值"),
    "rows": Function(_rows, 1, 2, "rows(表[, 部分])：表（或其一部分）的数据行，不含合计行，供 for 使用"),
    "sum": Function(_sum, 1, 1, "sum(一组值)：求和，跳过空值；全空为 0"),
    "count": Function(_count, 1, 1, "count(一组值)：非空值的个数"),
    "complete": Function(
        _complete, 1, 1, "complete(一组值)：其中有空值（未填报）时整体为空，否则原样返回，如 sum(complete(…))"
    ),
    "any": Function(_any, 1, 1, "any(一组值)：任一为真（跳过空值）"),
    "all": Function(_all, 1, 1, "all(一组值)：全部为真（跳过空值）"),
    "min": Function(_extreme(min), 1, 20, "min(a, b, …) 或 min(一组值)：最小值，跳过空值"),
    "max": Function(_extreme(max), 1, 20, "max(a, b, …) 或 max(一组值)：最大值，跳过空值"),
    "abs": Function(_abs, 1, 1, "abs(x)：绝对值"),
    "round": Function(_round, 1, 2, "round(x, n)：四舍五入到 n 位小数"),
    "len": Function(_len, 1, 1, "len(x)：文字的字数或一组值的个数；空为 0"),
    "blank": Function(_blank, 1, 1, "blank(x)：未填报（空）；不会使规则跳过"),
    "filled": Function(_filled, 1, 1, "filled(x)：已填报（非空，含 0）"),
    "zero": Function(_zero, 1, 1, "zero(x)：空按 0 计"),
    "has": Function(_has, 2, 2, 'has(代码, "f")：代码（或多选代码）中含该字母；空为否'),
    "norm": Function(_norm, 1, 1, "norm(名称)：去掉空格和标点、统一全角半角和大小写后的名称"),
    "values": Function(_values, 2, 2, "values(表, 列)：该列在表中各数据行的非空值"),
    "filled_rows": Function(_filled_rows, 2, 2, "filled_rows(表, 部分)：该部分有任何填报内容的行数"),
    "date": Function(_date, 3, 3, "date(年, 月, 日)：一个日期"),
    "cities": Function(_cities, 0, 0, "cities()：本省组织树中的地市个数"),
}
