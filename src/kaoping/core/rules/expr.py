"""The rule expression language (docs/definitions.md): parse once, evaluate many times.

An expression is parsed with ``ast.parse(text, mode="eval")``; every node kind is checked
against a whitelist and turned into a Python closure. The text itself is never handed to
``eval``, ``exec`` or ``compile``. What the language cannot do, it cannot be made to do:
no attribute access (except a generator row variable's column, ``r.holders``), no
subscripts, no calls outside ``FUNCTIONS``, no powers, no lambdas, and the size of the
text, of the tree, of literals and of intermediate lists is bounded.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from kaoping.core.rules.base import Context, EvalError, ExprError, RowRef
from kaoping.core.rules.functions import FUNCTIONS, text_argument
from kaoping.core.rules.loops import Env, Fn, comprehension
from kaoping.core.rules.numbers import as_number
from kaoping.core.rules.operators import ARITHMETIC, COMPARISONS, Compare, truth

MAX_LENGTH = 2000  # characters of one expression
MAX_NODES = 400  # syntax-tree nodes of one expression
MAX_INT = 10**15  # largest literal number
MAX_STRING = 200  # longest literal text
MAX_GENERATORS = 2  # ``for`` clauses in one comprehension

ROWKEY = "rowkey"


@dataclass(frozen=True)
class Compiled:
    """A compiled expression. ``names``: the columns it reads from the current row."""

    text: str
    names: frozenset[str]
    _fn: Fn = field(repr=False, compare=False)

    def evaluate(self, ctx: Context, env: Mapping[str, object] | None = None) -> object:
        """The value, or raises ``Skip`` (``Blank``/``EvalError``) when the rule does not apply."""
        try:
            return self._fn(ctx, dict(env) if env else {})
        except RecursionError:
            raise EvalError("表达式嵌套过深") from None


def compile_expr(text: str) -> Compiled:
    """Parse and check ``text``; raises ``ExprError`` with a Chinese message and position."""
    if not isinstance(text, str) or not text.strip():
        raise ExprError("表达式为空")
    if len(text) > MAX_LENGTH:
        raise ExprError(f"表达式过长（超过 {MAX_LENGTH} 个字符）")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        position = (exc.offset - 1) if exc.offset else None
        raise ExprError(f"语法错误：{exc.msg}", position) from None
    except (ValueError, RecursionError, MemoryError):
        raise ExprError("表达式无法解析") from None
    if sum(1 for _ in ast.walk(tree)) > MAX_NODES:
        raise ExprError(f"表达式过于复杂（超过 {MAX_NODES} 个语法节点）")
    compiler = _Compiler(text.strip())
    try:
        fn = compiler.expr(tree.body)
    except RecursionError:
        raise ExprError("表达式嵌套过深") from None
    return Compiled(text=text, names=frozenset(compiler.names), _fn=fn)


_REFUSED_OPERATORS = {
    ast.Pow: "不支持乘方运算（**）",
    ast.Mod: "不支持取余运算（%）",
    ast.FloorDiv: "不支持整除运算（//）",
}

_REFUSED_NODES: dict[type[ast.AST], str] = {
    ast.Attribute: "不允许访问属性（只有循环行变量的列可用，如 r.holders）",
    ast.Subscript: "不允许使用下标或切片",
    ast.Lambda: "不允许使用 lambda",
    ast.Starred: "不允许使用 * 展开",
    ast.NamedExpr: "不允许使用 := 赋值",
    ast.JoinedStr: "不允许使用 f-字符串",
    ast.Dict: "不允许使用字典",
    ast.Set: "不允许使用集合",
    ast.DictComp: "不允许使用字典推导",
    ast.SetComp: "不允许使用集合推导",
    ast.Await: "不允许使用 await",
    ast.Yield: "不允许使用 yield",
    ast.YieldFrom: "不允许使用 yield",
}


# --- the compiler ----------------------------------------------------------------------


class _Compiler:
    def __init__(self, text: str) -> None:
        self.text = text
        self.names: set[str] = set()
        self.scope: list[str] = []  # generator variables visible here

    def refuse(self, node: ast.AST, message: str) -> ExprError:
        return ExprError(message, getattr(node, "col_offset", None))

    def expr(self, node: ast.expr) -> Fn:
        method = getattr(self, f"_{type(node).__name__}", None)
        if method is None:
            reason = _REFUSED_NODES.get(type(node), f"不支持的写法（{type(node).__name__}）")
            raise self.refuse(node, reason)
        fn: Fn = method(node)
        return fn

    # literals and names

    def _Constant(self, node: ast.Constant) -> Fn:
        value = node.value
        if isinstance(value, bool) or value is None:
            result: object = value
        elif isinstance(value, int):
            if abs(value) > MAX_INT:
                raise self.refuse(node, f"数字过大（绝对值不能超过 {MAX_INT}）")
            result = value
        elif isinstance(value, float):
            result = self._decimal_literal(node)
        elif isinstance(value, str):
            if len(value) > MAX_STRING:
                raise self.refuse(node, f"文字过长（超过 {MAX_STRING} 个字符）")
            result = value
        else:
            raise self.refuse(node, "不支持的常量")
        return lambda ctx, env: result

    def _decimal_literal(self, node: ast.Constant) -> Decimal:
        # Read the digits as written, so 0.1 is exactly 0.1 (never a float).
        source = ast.get_source_segment(self.text, node) or ""
        try:
            number = Decimal(source.replace("_", ""))
        except InvalidOperation:
            raise self.refuse(node, "数字无法识别") from None
        if not number.is_finite() or abs(number) > MAX_INT or (number != 0 and number.adjusted() < -12):
            raise self.refuse(node, "数字超出允许范围")
        return number

    def _Name(self, node: ast.Name) -> Fn:
        name = node.id
        if name.startswith("_"):
            raise self.refuse(node, f"不允许的名称 {name}")
        if name in self.scope:
            return lambda ctx, env: env[name]
        if name == ROWKEY:
            return lambda ctx, env: ctx.rowkey
        # A function name outside a call is a column (表6 has a column ``cities``).
        self.names.add(name)
        return lambda ctx, env: ctx.name(name)

    def _Attribute(self, node: ast.Attribute) -> Fn:
        if not (isinstance(node.value, ast.Name) and node.value.id in self.scope):
            raise self.refuse(node, _REFUSED_NODES[ast.Attribute])
        if node.attr.startswith("_"):
            raise self.refuse(node, f"不允许的名称 {node.attr}")
        var, column = node.value.id, node.attr

        def get(ctx: Context, env: Env) -> object:
            ref = env[var]
            if not isinstance(ref, RowRef):
                raise EvalError(f"{var} 不是行，不能取 .{column}")
            return ctx.cell(ref.table, ref.key, column)

        def rowkey(ctx: Context, env: Env) -> object:  # r.rowkey: the row's key, decided here once
            ref = env[var]
            if not isinstance(ref, RowRef):
                raise EvalError(f"{var} 不是行，不能取 .{column}")
            return ref.key

        return rowkey if column == ROWKEY else get

    # operators

    def _BinOp(self, node: ast.BinOp) -> Fn:
        kind = type(node.op)
        if kind in _REFUSED_OPERATORS:
            raise self.refuse(node, _REFUSED_OPERATORS[kind])
        op = ARITHMETIC.get(kind)
        if op is None:
            raise self.refuse(node, "不支持的运算符")
        for side in (node.left, node.right):
            if isinstance(side, ast.Constant) and isinstance(side.value, str):
                raise self.refuse(side, "文字不能参与算术运算")
        left, right = self.expr(node.left), self.expr(node.right)

        def binop(ctx: Context, env: Env) -> object:
            a = left(ctx, env)
            if type(a) is not int and type(a) is not Decimal:  # as_number's own, without a call
                a = as_number(a, ctx)
            b = right(ctx, env)
            if type(b) is not int and type(b) is not Decimal:
                b = as_number(b, ctx)
            return op(a, b)

        return binop

    def _UnaryOp(self, node: ast.UnaryOp) -> Fn:
        operand = self.expr(node.operand)
        if isinstance(node.op, ast.Not):
            return lambda ctx, env: not truth(operand(ctx, env))
        if isinstance(node.op, ast.USub):
            return lambda ctx, env: -as_number(operand(ctx, env), ctx)
        if isinstance(node.op, ast.UAdd):
            return lambda ctx, env: as_number(operand(ctx, env), ctx)
        raise self.refuse(node, "不支持的运算符")

    def _BoolOp(self, node: ast.BoolOp) -> Fn:
        parts = [self.expr(v) for v in node.values]
        return _all_of(parts) if isinstance(node.op, ast.And) else _any_of(parts)

    def _Compare(self, node: ast.Compare) -> Fn:
        ops: list[Compare] = []
        for op in node.ops:
            compare = COMPARISONS.get(type(op))
            if compare is None:
                raise self.refuse(node, "不支持的比较（is / is not 请改用 blank() 或 filled()）")
            ops.append(compare)
        operands = [self.expr(node.left), *(self.expr(c) for c in node.comparators)]
        if len(ops) == 1 and isinstance(node.ops[0], ast.In | ast.NotIn):
            texts = _literal_texts(node.comparators[0])
            if texts is not None:
                return _in_texts(operands[0], operands[1], ops[0], texts, isinstance(node.ops[0], ast.In))
        if len(ops) == 1:
            return _compare(ops[0], operands[0], operands[1])

        def chain(ctx: Context, env: Env) -> object:
            left = operands[0](ctx, env)
            for compare, right_fn in zip(ops, operands[1:], strict=True):
                right = right_fn(ctx, env)
                if not compare(ctx, left, right):
                    return False
                left = right
            return True

        return chain

    def _IfExp(self, node: ast.IfExp) -> Fn:
        test, body, orelse = self.expr(node.test), self.expr(node.body), self.expr(node.orelse)
        return lambda ctx, env: body(ctx, env) if truth(test(ctx, env)) else orelse(ctx, env)

    def _List(self, node: ast.List) -> Fn:
        items = [self.expr(e) for e in node.elts]
        return lambda ctx, env: [item(ctx, env) for item in items]

    _Tuple = _List

    # calls and comprehensions

    def _Call(self, node: ast.Call) -> Fn:
        if not isinstance(node.func, ast.Name) or node.func.id in self.scope:
            raise self.refuse(node, "只能调用允许的函数")
        name = node.func.id
        function = FUNCTIONS.get(name)
        if function is None:
            raise self.refuse(node, f"不允许调用函数 {name}")
        if node.keywords:
            raise self.refuse(node, f"函数 {name} 不接受关键字参数")
        if not function.min_args <= len(node.args) <= function.max_args:
            raise self.refuse(node, f"函数 {name} 的参数个数不对")
        args = [self.expr(a) for a in node.args]
        texts = [a.value for a in node.args if isinstance(a, ast.Constant) and type(a.value) is str]
        if name == "cell" and len(texts) == 3:
            table, row, column = texts  # cell("T14", "cities", "qty"): its texts checked here, once
            return lambda ctx, env: ctx.cell(table, row, column)
        if name == "cell" and _is_text(node.args[0]) and _is_text(node.args[2]):
            return _cell_of_row(texts[0], args[1], texts[-1])
        if name == "cell":  # as FUNCTIONS' cell, without a list
            table_fn, row_fn, column_fn = args

            def cell(ctx: Context, env: Env) -> object:
                table, row, column = table_fn(ctx, env), row_fn(ctx, env), column_fn(ctx, env)
                return ctx.cell(text_argument(table), text_argument(row), text_argument(column))

            return cell
        return _call(function.impl, args)

    def _ListComp(self, node: ast.ListComp | ast.GeneratorExp) -> Fn:
        if len(node.generators) > MAX_GENERATORS:
            raise self.refuse(node, f"一个推导中最多 {MAX_GENERATORS} 个 for")
        loops: list[tuple[str, Fn, list[Fn]]] = []
        pushed = 0
        try:
            for gen in node.generators:
                if not isinstance(gen.target, ast.Name) or gen.is_async:
                    raise self.refuse(gen.target, "for 之后只能是一个变量名")
                var = gen.target.id
                if var.startswith("_") or var in FUNCTIONS or var == ROWKEY:
                    raise self.refuse(gen.target, f"不能用 {var} 作变量名")
                source = self.expr(gen.iter)
                self.scope.append(var)
                pushed += 1
                loops.append((var, source, [self.expr(c) for c in gen.ifs]))
            element = self.expr(node.elt)
        finally:
            del self.scope[len(self.scope) - pushed :]
        return comprehension(loops, element)

    _GeneratorExp = _ListComp


def _call(impl: Callable[[Context, list[object]], object], args: list[Fn]) -> Fn:
    """A function applied to its arguments, evaluated in order (one or two without a loop)."""
    if len(args) == 1:
        return lambda ctx, env: impl(ctx, [args[0](ctx, env)])
    if len(args) == 2:
        return lambda ctx, env: impl(ctx, [args[0](ctx, env), args[1](ctx, env)])
    return lambda ctx, env: impl(ctx, [a(ctx, env) for a in args])


def _any_of(parts: list[Fn]) -> Fn:
    """``a or b or …``: true at the first true part (as ``any`` over them, without a generator)."""

    def either(ctx: Context, env: Env) -> object:
        for part in parts:  # noqa: SIM110 (a loop, not a generator: every city of every save)
            if truth(part(ctx, env)):
                return True
        return False

    return either


def _all_of(parts: list[Fn]) -> Fn:
    """``a and b and …``: false at the first false part."""

    def both(ctx: Context, env: Env) -> object:
        for part in parts:  # noqa: SIM110 (a loop, not a generator: every city of every save)
            if not truth(part(ctx, env)):
                return False
        return True

    return both


def _compare(compare: Compare, left: Fn, right: Fn) -> Fn:
    """One comparison (``holders > 0``): the chain's result, without its loop."""
    return lambda ctx, env: bool(compare(ctx, left(ctx, env), right(ctx, env)))


def _is_text(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and type(node.value) is str


def _cell_of_row(table: str, row: Fn, column: str) -> Fn:
    """``cell("T14", r.rowkey, "qty")``: as FUNCTIONS' cell, the texts written out checked once
    (each row of a loop otherwise evaluates and checks all three)."""
    return lambda ctx, env: ctx.cell(table, text_argument(row(ctx, env)), column)


def _literal_texts(node: ast.expr) -> frozenset[str] | None:
    """The texts of a literal list of texts (``["street", "town"]``), else None."""
    if not isinstance(node, ast.List | ast.Tuple):
        return None
    items = [e.value for e in node.elts if isinstance(e, ast.Constant) and type(e.value) is str]
    return frozenset(items) if len(items) == len(node.elts) else None


def _in_texts(left: Fn, right: Fn, compare: Compare, texts: frozenset[str], positive: bool) -> Fn:
    """``x in ["a", "b"]`` (or ``not in``): a plain text is looked up in a set — what comparing
    it with each item gives; anything else (blank, invalid, a number) is compared as usual."""

    def contains(ctx: Context, env: Env) -> object:
        value = left(ctx, env)
        if type(value) is str:
            return (value in texts) is positive
        return compare(ctx, value, right(ctx, env))

    return contains


@lru_cache(maxsize=1024)
def compile_cached(text: str) -> Compiled:
    """``compile_expr`` once per text (a definition's formulas are compiled on first use and kept:
    a ``Compiled`` holds no data, only the closures of its syntax tree)."""
    return compile_expr(text)
