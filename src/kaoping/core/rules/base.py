"""What the expression language shares with its functions and the engine.

The signals here are how an expression says "this rule does not apply here": a blank
operand (``Blank``), or a value that cannot take part in the calculation, such as an
invalid typed value already reported by V-TYPE, or a division by zero (``EvalError``).
The engine catches ``Skip`` and records no finding; it never crashes on data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from kaoping.core.instance import Value


class ExprError(ValueError):
    """An expression that does not parse or uses something the language refuses."""

    def __init__(self, message: str, position: int | None = None) -> None:
        self.message = message
        self.position = position  # 0-based character offset in the expression, when known
        where = f"（第 {position + 1} 个字符处）" if position is not None else ""
        super().__init__(f"表达式错误{where}：{message}")


class Skip(Exception):  # a control-flow signal, not an error
    """The rule does not apply in this context."""


class Blank(Skip):
    """An operand was blank (not reported) under ``blank: skip``."""


class EvalError(Skip):
    """A value that cannot be used here (wrong type, division by zero, too large)."""


@dataclass(frozen=True)
class RowRef:
    """A row bound to a generator variable: ``r`` in ``sum(r.holders for r in rows("T05"))``."""

    table: str
    key: str
    org: str | None = None


class Context(Protocol):
    """What an expression reads. The engine implements it over one ``SurveyData``."""

    @property
    def blank_zero(self) -> bool:
        """True under ``blank: zero``: blank numeric operands count as 0."""
        ...

    @property
    def rowkey(self) -> str | None:
        """The current row's key (row and cell scope)."""
        ...

    def name(self, column: str) -> Value:
        """A column of the current row."""
        ...

    def cell(self, table: str, row: str, column: str) -> Value: ...

    def rows(self, table: str, section: str | None) -> list[RowRef]:
        """The data rows (never a total row) of a table or one of its sections."""
        ...

    def values(self, table: str, column: str) -> list[Value]:
        """The non-blank values of a column over a table's data rows."""
        ...

    def filled_rows(self, table: str, section: str) -> int: ...

    def city_count(self) -> int: ...
