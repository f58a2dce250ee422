"""Typed objects of a survey's plan indicators (表1), as declared in ``indicators.yaml``.

An indicator is one row of 表1: its target with the comparator printed beside it, its
attribute (约束性 binding / 预期性 expected), and, for the dates the detail tables can say
something about, a formula in the expression language (docs/indicators.md). These objects
import nothing from the rest of the definition model, so ``Survey`` can hold them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from functools import cached_property

BINDING = "约束性"
EXPECTED = "预期性"
ATTRIBUTES = (BINDING, EXPECTED)


class Scope(StrEnum):
    """Whom a target is about (docs/spec.md §6.5, §11.5)."""

    PROVINCE = "province"  # shares over a province's own units: each province, and the nation
    NATIONAL = "national"  # national absolutes and shares of provinces: never judged on one province


class NationalRule(StrEnum):
    """How the nation's value of an indicator is found (docs/spec.md §11.4)."""

    INPUTS = "inputs"  # the formula over the nation's inputs (each summed over the provinces)
    PROVINCES = "provinces"  # a 省级 row: the share of provincial units answering 100


class InputNational(StrEnum):
    """How one formula input adds up over the provinces."""

    SUM = "sum"  # the provinces' values added (a count of 地市 counts a municipality as one)
    CITIES = "cities"  # the nation's 地市 count from the tree, never the provinces' 表14 item 2


class Op(StrEnum):
    """How a value is judged against the target (docs/spec.md §6.3)."""

    AT_LEAST = ">="  # a bare number X: met when the value ≥ X
    ABOVE = ">"  # "> X": met only when the value is strictly above X


@dataclass(frozen=True)
class Target:
    op: Op
    value: Decimal
    text: str  # as printed in 表1: "100", "> 90", "8"

    def met(self, value: Decimal) -> bool:
        return value >= self.value if self.op is Op.AT_LEAST else value > self.value


@dataclass(frozen=True)
class Source:
    """Where an input's numbers are read: a cell, a column over rows, or a whole table.

    ``row`` None means the column over the table's rows; ``column`` None the whole row.
    A page links to these cells.
    """

    table: str
    row: str | None = None
    column: str | None = None


class InputKind(StrEnum):
    EXPR = "expr"  # an expression over the survey (cell(), rows(), sum(), …)
    COUNT_CITIES = "count_cities"  # the cities whose row satisfies ``where``
    SUM_CITIES = "sum_cities"  # ``column`` summed over the cities' rows


@dataclass(frozen=True)
class Input:
    """One number a formula uses. A blank (not reported) input is *missing*.

    City inputs (``count_cities``, ``sum_cities``) also give the per-city breakdown: for
    each city row of ``table``, whether it reported and whether (or how much) it counts.
    Such an input is blank when no city has reported anything in that table.
    """

    key: str  # the name the formula's ``value`` uses
    label: str  # Chinese, shown with the number
    kind: InputKind
    source: Source
    expr: str | None = None  # EXPR
    where: str | None = None  # COUNT_CITIES: a condition over the city's row
    column: str | None = None  # SUM_CITIES: the column summed
    table: str | None = None  # city inputs: the table holding the city rows
    optional: bool = False  # a blank here is an answer, never listed as missing (表2 no_dr)
    section: str | None = None  # … and its section
    national: InputNational = InputNational.SUM


@dataclass(frozen=True)
class Formula:
    """How an indicator is derived for some dates ("2015-06", "2015-12")."""

    dates: tuple[str, ...]
    text: str  # the formula as people read it: "有主用线路的地市数 ÷ 地市总数 × 100"
    value: str  # expression over the inputs' keys
    inputs: tuple[Input, ...]
    denominator: str | None = None  # the input a share is over: weighs provinces' reported shares


@dataclass(frozen=True)
class Indicator:
    key: str  # the 表1 row key
    number: str  # 序号 as printed
    label: str
    sub_label: str | None
    target: Target
    attribute: str  # 约束性 | 预期性
    unit: str = "%"
    decimals: int = 2
    formulas: tuple[Formula, ...] = ()
    scope: Scope = Scope.PROVINCE
    national: NationalRule = NationalRule.INPUTS

    @property
    def absolute(self) -> bool:
        """A total (持卡人数 in 亿人) rather than a share in %."""
        return self.unit != "%"

    @property
    def full_label(self) -> str:
        return f"{self.label}：{self.sub_label}" if self.sub_label else self.label

    @property
    def binding(self) -> bool:
        return self.attribute == BINDING

    def formula_for(self, date: str) -> Formula | None:
        return self._formulas.get(date)

    @cached_property
    def _formulas(self) -> dict[str, Formula]:
        """The formula of each date (the first that names it), looked up on every save."""
        out: dict[str, Formula] = {}
        for formula in self.formulas:
            for date in formula.dates:
                out.setdefault(date, formula)
        return out


@dataclass(frozen=True)
class IndicatorSet:
    """The indicators of one survey and the 表1 columns holding the reported values."""

    table: str  # "T01"
    columns: tuple[tuple[str, str], ...]  # (date "2015-06", column key "jun"), in order
    indicators: tuple[Indicator, ...]

    def column_for(self, date: str) -> str | None:
        return self._columns.get(date)

    @cached_property
    def _columns(self) -> dict[str, str]:
        return {d: c for d, c in reversed(self.columns)}  # the first column of a date, as a search

    @property
    def dates(self) -> tuple[str, ...]:
        return tuple(d for d, _ in self.columns)
