"""Excel formulas for computed cells: totals (SUM) and computed columns (表4 coverage).

A computed column's expression is translated for the cells of its own row only: numbers,
column names, ``+ - * /``, parentheses and ``round(x, n)``. Anything else gives None and
the cell is written as a plain value. Blank operands or a zero divisor give "" in Excel,
as the platform leaves such a cell blank.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Sequence

_OPS: dict[type[ast.operator], str] = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}


def sum_formula(refs: Sequence[tuple[str, str]]) -> str:
    """``=IF(COUNT(C5:C17)=0,"",SUM(C5:C17))``: blank when no row reported, like the platform."""
    parts = ",".join(a if a == b else f"{a}:{b}" for a, b in refs)
    return f'=IF(COUNT({parts})=0,"",SUM({parts}))'


def row_formula(expression: str, address: Callable[[str], str | None]) -> str | None:
    """The expression as an Excel formula over the row's cells, or None if not translatable."""
    try:
        tree = ast.parse(expression, mode="eval")
    except SyntaxError:
        return None
    names: list[str] = []
    body = _translate(tree.body, address, names)
    if body is None or not names:
        return None
    blanks = ",".join(f'{a}=""' for a in dict.fromkeys(names))
    return f'=IF(OR({blanks}),"",IFERROR({body},""))'


def _translate(node: ast.expr, address: Callable[[str], str | None], names: list[str]) -> str | None:
    if (
        isinstance(node, ast.Constant)
        and isinstance(node.value, int | float)
        and not isinstance(node.value, bool)
    ):
        return repr(node.value)
    if isinstance(node, ast.Name):
        ref = address(node.id)
        if ref is not None:
            names.append(ref)
        return ref
    if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
        left = _translate(node.left, address, names)
        right = _translate(node.right, address, names)
        if left is None or right is None:
            return None
        return f"({left}{_OPS[type(node.op)]}{right})"
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = _translate(node.operand, address, names)
        return None if inner is None else f"(-{inner})"
    is_round = isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "round"
    if is_round and isinstance(node, ast.Call) and len(node.args) == 2 and not node.keywords:
        value = _translate(node.args[0], address, names)
        places = _translate(node.args[1], address, names)
        if value is None or places is None:
            return None
        return f"ROUND({value},{places})"
    return None
