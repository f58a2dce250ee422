"""表1's indicators from the detail tables, beside the targets and the reported values.

``compute_indicators(survey, data)`` gives one ``IndicatorResult`` per 表1 row and date:
the derived value where the definition has a formula for that date (else 不可推算), the
numbers that went in with their source cells, the inputs that are blank (missing), the
value the province reported in 表1, whether the two differ, and whether the target is
met. It reads stored values with the computed ones (totals) merged in, like the rule
engine, and is cheap enough to run on every save.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from kaoping.core.consolidation import input_columns, row_reported
from kaoping.core.definitions.model import Survey
from kaoping.core.indicators.completeness import (
    Completeness,
    Ownership,
    completeness,
    input_owners,
    ownership,
    reported_only,
)
from kaoping.core.indicators.model import (
    Formula,
    Indicator,
    IndicatorSet,
    Input,
    InputKind,
    InputNational,
    Scope,
)
from kaoping.core.indicators.result import (
    ALL_REPORTED,
    NOT_DERIVABLE,
    CityLine,
    IndicatorResult,
    InputValue,
)
from kaoping.core.instance import CellKey, SurveyData, Value
from kaoping.core.rules.base import Blank, EvalError, RowRef, Skip
from kaoping.core.rules.compute import computed_values
from kaoping.core.rules.context import DataContext, Layout
from kaoping.core.rules.expr import Compiled, compile_cached
from kaoping.core.rules.numbers import NUMBER_TYPES, half_up, is_number
from kaoping.core.rules.operators import truth

COMPARE_PLACES = 2  # docs/spec.md §10.8: derived and reported differ after rounding to 2 decimals
__all__ = ["NOT_DERIVABLE", "CityLine", "IndicatorResult", "InputValue", "compute_indicators", "target_share"]


@dataclass(frozen=True)
class _Found:
    """What a formula gave at one date (nothing but the owner for a row entered directly)."""

    derived: Decimal | None = None
    inputs: tuple[InputValue, ...] = ()
    cities: tuple[CityLine, ...] = ()
    missing: tuple[str, ...] = ()
    problem: str | None = None
    done: Completeness = ALL_REPORTED
    partial: Decimal | None = None


# a row entered directly, reported or not: nothing found but its owner (each made once)
_ENTERED = {filled: _Found(done=reported_only(filled)) for filled in (True, False)}


def _over_reported(
    formula: Formula, inputs: tuple[InputValue, ...], cities: list[CityLine]
) -> tuple[InputValue, ...]:
    """The inputs as they stand over the reported units only: a count of the 地市 (表14 第2项)
    becomes the number of cities that reported the formula's city tables. Counts and sums over
    the cities already leave out who has not reported."""
    if not cities:
        return inputs
    silent = {c.code for c in cities if not c.reported}
    reported = len({c.code for c in cities} - silent)
    kinds = {spec.key: spec.national for spec in formula.inputs}
    return tuple(
        InputValue(i.key, i.label, reported, i.source) if kinds.get(i.key) is InputNational.CITIES else i
        for i in inputs
    )


def compute_indicators(
    survey: Survey,
    data: SurveyData,
    computed: Mapping[CellKey, Value] | None = None,
    layout: Layout | None = None,
    owners: Ownership | None = None,
    merged: dict[CellKey, Value] | None = None,
) -> list[IndicatorResult]:
    """Every 表1 indicator at every date, in 表1's order; [] for a survey without them.

    ``computed`` (and its ``layout``) may be passed when the caller has just computed the
    totals of the same data, so they are not summed twice. ``owners`` says which units fill
    which table and who has filled theirs (docs/spec.md §6.4); by default it is read off the
    values as consolidation counts them (``completeness.ownership``). ``merged``: the stored
    values with the computed ones merged in, when the caller has made them (read, not changed).
    """
    spec = survey.indicators
    if spec is None:
        return []
    layout = layout or Layout.build(survey, data)
    if merged is None:
        computed = computed_values(survey, data, layout) if computed is None else computed
        merged = {**data.values, **computed}
    run = _Run(spec, survey, data, layout, merged, owners if owners is not None else ownership(survey, data))
    return [run.result(indicator, d) for indicator in spec.indicators for d in spec.dates]


class _Run:
    def __init__(
        self,
        spec: IndicatorSet,
        survey: Survey,
        data: SurveyData,
        layout: Layout,
        values: dict[CellKey, Value],
        owners: Ownership,
    ) -> None:
        self.owners = owners
        self.spec = spec
        self.survey = survey
        self.data = data
        self.values = values
        self.ctx = DataContext(layout, values, len(data.cities))

    def result(self, indicator: Indicator, when: str) -> IndicatorResult:
        column = self.spec.column_for(when)
        reported = _decimal(self.values.get((self.spec.table, indicator.key, column))) if column else None
        formula = indicator.formula_for(when)
        found = _ENTERED[reported is not None] if formula is None else self.found(formula, indicator.decimals)
        derived = found.derived if found.done.complete else None
        judged = derived if formula is not None else reported
        national = indicator.scope is Scope.NATIONAL  # never judged on one province (§11.5)
        return IndicatorResult(
            indicator=indicator.key,
            number=indicator.number,
            label=indicator.full_label,
            target=indicator.target,
            attribute=indicator.attribute,
            unit=indicator.unit,
            date=when,
            derivable=formula is not None,
            derived=derived,
            formula=formula.text if formula is not None else None,
            inputs=found.inputs,
            missing=found.missing,
            reported=reported,
            differs=_differs(derived, reported),
            met=None if judged is None or national else indicator.target.met(judged),
            binding=indicator.binding,
            cities=found.cities,
            problem=found.problem,
            scope=indicator.scope,
            target_share=target_share(indicator, judged) if national else None,
            done=found.done,
            partial=None if found.done.complete else found.partial,
        )

    def found(self, formula: Formula, places: int) -> _Found:
        """The formula over the inputs, who owns them, and the value over the reported units."""
        cities: list[CityLine] = []
        inputs = tuple(self.input(i, cities) for i in formula.inputs)
        derived, problem = self.derive(formula, inputs, places)
        needed = [(spec, i) for spec, i in zip(formula.inputs, inputs, strict=True) if not spec.optional]
        missing: tuple[str, ...] = ()
        if derived is None and problem is None:
            missing = tuple(i.label for _spec, i in needed if i.value is None)
        # a blank the formula did without (表2: no DR at all) leaves nobody owing anything
        owned = [input_owners(spec, i.label in missing, self.data, self.owners) for spec, i in needed]
        done = completeness(owned, bool(missing))
        partial = None
        if not done.complete:
            partial, _problem = self.derive(formula, _over_reported(formula, inputs, cities), places)
        return _Found(derived, inputs, tuple(cities), missing, problem, done, partial)

    def derive(
        self, formula: Formula, inputs: tuple[InputValue, ...], places: int
    ) -> tuple[Decimal | None, str | None]:
        ctx = _InputContext(self.ctx, {i.key: i.value for i in inputs})
        try:
            value = _compiled(formula.value).evaluate(ctx)
        except Blank:
            return None, None
        except EvalError as exc:
            return None, f"无法计算：{exc}"
        if value is None:
            return None, None
        if not is_number(value):
            return None, "无法计算：公式结果不是数值"
        assert isinstance(value, NUMBER_TYPES)
        return _round(Decimal(value), places), None

    def input(self, spec: Input, cities: list[CityLine]) -> InputValue:
        if spec.kind is InputKind.EXPR:
            assert spec.expr is not None
            value = self._expr(spec.expr)
        else:
            value = self._cities(spec, cities)
        return InputValue(spec.key, spec.label, value, spec.source)

    def _expr(self, text: str) -> Value:
        try:
            value = _compiled(text).evaluate(self.ctx.at(self.spec.table, None, False))
        except Skip:
            return None
        if isinstance(value, list | tuple | RowRef):
            return None  # an expression giving rows or lists is not a number to show
        assert value is None or isinstance(value, int | Decimal | str | bool | date)
        return value

    def _cities(self, spec: Input, lines: list[CityLine]) -> Value:
        """A count or a sum over the city rows; blank when no city has reported."""
        assert spec.table is not None and spec.section is not None  # set by the loader
        table_id = spec.table
        section = self.survey.table(table_id).section(spec.section)
        columns = input_columns(section)
        count, total, any_reported, any_value = 0, Decimal(0), False, False
        count_cities = spec.kind is InputKind.COUNT_CITIES and self.data.cities
        where = _compiled(spec.where or "") if count_cities else None  # once, not per city
        for city in self.data.cities:
            reported = row_reported(self.values, table_id, city.code, columns)
            any_reported = any_reported or reported
            if where is not None:
                counted = self._holds(where, table_id, city.code)
                count += counted
                lines.append(CityLine(spec.key, city.code, city.name, reported, counted, None))
            else:
                value = self.values.get((table_id, city.code, spec.column or ""))
                if is_number(value):
                    assert isinstance(value, NUMBER_TYPES)
                    total += value
                    any_value = True
                lines.append(CityLine(spec.key, city.code, city.name, reported, None, value))
        if spec.kind is InputKind.COUNT_CITIES:
            return count if any_reported else None
        return total if any_value else None

    def _holds(self, where: Compiled, table: str, row: str) -> bool:
        try:
            return truth(where.evaluate(self.ctx.at(table, row, False)))
        except Skip:
            return False  # a blank or unusable cell does not make the city count


class _InputContext:
    """Evaluates a formula's ``value``: its names are the inputs, everything else as usual."""

    def __init__(self, inner: DataContext, inputs: Mapping[str, Value]) -> None:
        self._inner = inner
        self._inputs = inputs
        self.blank_zero = False
        self.rowkey: str | None = None

    def name(self, column: str) -> Value:
        return self._inputs.get(column)

    def cell(self, table: str, row: str, column: str) -> Value:
        return self._inner.cell(table, row, column)

    def rows(self, table: str, section: str | None) -> list[RowRef]:
        return self._inner.rows(table, section)

    def values(self, table: str, column: str) -> list[Value]:
        return self._inner.values(table, column)

    def filled_rows(self, table: str, section: str) -> int:
        return self._inner.filled_rows(table, section)

    def city_count(self) -> int:
        return self._inner.city_count()


_compiled = compile_cached  # checked by the loader; compiled once per text


def target_share(indicator: Indicator, value: Decimal | None) -> Decimal | None:
    """An absolute's value as a % of the target (a province's part of 8 亿), 2 decimals; None
    for a share (one province's 0 or 100 says nothing of a share of provinces)."""
    if value is None or not indicator.absolute or indicator.target.value == 0:
        return None
    return _round(value * 100 / indicator.target.value, COMPARE_PLACES)


def _round(value: Decimal, places: int) -> Decimal:
    return half_up(value, places)


def _decimal(value: Value) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, NUMBER_TYPES):
        return None  # blank, or text that did not parse (reported by V-TYPE)
    return Decimal(value)


def _differs(derived: Decimal | None, reported: Decimal | None) -> bool:
    if derived is None or reported is None:
        return False
    return _round(derived, COMPARE_PLACES) != _round(reported, COMPARE_PLACES)
