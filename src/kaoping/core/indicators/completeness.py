"""Whether an indicator's inputs are complete: every unit that owns one of them has filled it.

docs/spec.md §6.4: an indicator is *complete* when every unit that owns one of its inputs has
filled it; otherwise it reads 数据不全 with "n of m units reported", is not judged (``met``
null) and, where useful, shows a value over the reported units, labelled as such.

Who owns what is passed in (``Ownership``: per table, the units that fill its organisation
rows and those that have filled their part); ``ownership`` derives it from the survey's
values the way consolidation counts units (docs/spec.md §8.7). An input's owners:

- a city input (``count_cities``, ``sum_cities``): the cities of its table;
- an expression over a table that units fill (表11 合计): every unit of that table, or the
  one unit whose row it names;
- anything else (表14, 表2, 表4, 表1 itself): the province, which has filled it when the
  input is not blank.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property

from kaoping.core.consolidation import Unit, has_unit_rows, table_units
from kaoping.core.definitions.model import Survey
from kaoping.core.indicators.model import Input, InputKind
from kaoping.core.instance import PROVINCE_LABEL, PROVINCE_ROW, TOTAL_ROW, SurveyData


@dataclass(frozen=True)
class TableUnits:
    """The units that fill one table's organisation rows, and which of them have filled theirs."""

    units: tuple[Unit, ...]
    reported: frozenset[str]

    @cached_property
    def owned(self) -> tuple[tuple[Unit, bool], ...]:
        """Each unit with whether it has filled its part (asked by several inputs of a table)."""
        return tuple((u, u.code in self.reported) for u in self.units)


Ownership = Mapping[str, TableUnits]


def ownership(survey: Survey, data: SurveyData) -> Ownership:
    """Per table with organisation rows, its units and those that reported (docs/spec.md §8.7):
    each table worked out when first asked for (表1's formulas read a few of the 14)."""
    return _Owners(survey, data)


class _Owners(Mapping[str, TableUnits]):
    def __init__(self, survey: Survey, data: SurveyData) -> None:
        self._survey, self._data = survey, data
        self._tables = [t.id for t in survey.tables]
        self._known = frozenset(self._tables)
        # a table without organisation rows has no units: nothing to work out (表1, 表2, 表14 …)
        self._found: dict[str, TableUnits | None] = {
            t.id: None for t in survey.tables if not has_unit_rows(t)
        }

    def get(self, table: str, default: TableUnits | None = None) -> TableUnits | None:  # type: ignore[override]
        """``Mapping.get`` without a KeyError raised for each table without units."""
        found = self._units(table) if table in self._known else None
        return default if found is None else found

    def _units(self, table: str) -> TableUnits | None:
        if table not in self._found:
            units, reported = table_units(self._survey, self._data, table)
            self._found[table] = TableUnits(units, frozenset(reported)) if units else None
        return self._found[table]

    def __getitem__(self, table: str) -> TableUnits:
        found = self._units(table) if table in self._known else None
        if found is None:
            raise KeyError(table)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter([t for t in self._tables if self._units(t) is not None])

    def __len__(self) -> int:
        return sum(1 for _ in self)


@dataclass(frozen=True)
class Completeness:
    """n of m units reported, and who is missing (in table order, 省本级 first)."""

    expected: tuple[Unit, ...]
    missing: tuple[Unit, ...]
    blank_inputs: bool  # an input the formula needs is blank even though its owners reported

    @property
    def units_expected(self) -> int:
        return len(self.expected)

    @property
    def units_reported(self) -> int:
        return len(self.expected) - len(self.missing)

    @property
    def complete(self) -> bool:
        return not self.missing and not self.blank_inputs


@dataclass(frozen=True)
class InputOwners:
    """The units owning one input, with whether each has filled it."""

    units: tuple[tuple[Unit, bool], ...]


def input_owners(spec: Input, blank: bool, data: SurveyData, owners: Ownership) -> InputOwners:
    """Who owns ``spec`` (see the module's docstring) and whether each has filled it."""
    if spec.kind is not InputKind.EXPR:
        table = owners.get(spec.table or "")
        cities = {c.code for c in data.cities}
        units = [u for u in table.units if u.code in cities] if table else []
        return InputOwners(tuple((u, table is not None and u.code in table.reported) for u in units))
    table = owners.get(spec.source.table)
    if table is None or not table.units:
        return _BY_PROVINCE[not blank or spec.optional]
    row = spec.source.row
    named = [u for u in table.units if u.code == row] if row not in (None, TOTAL_ROW) else []
    if not named:
        return InputOwners(table.owned)
    return InputOwners(tuple((u, u.code in table.reported) for u in named))


def completeness(inputs: Iterable[InputOwners], blank_inputs: bool) -> Completeness:
    """The union of the inputs' owners; a unit is missing when it has not filled one it owns."""
    order: list[Unit] = []
    seen: set[str] = set()
    missing: set[str] = set()
    for owned in inputs:
        for unit, filled in owned.units:
            if unit.code not in seen:
                seen.add(unit.code)
                order.append(unit)
            if not filled:
                missing.add(unit.code)
    return Completeness(tuple(order), tuple(u for u in order if u.code in missing), blank_inputs)


_PROVINCE = Unit(PROVINCE_ROW, PROVINCE_LABEL)  # org_label(data, PROVINCE_ROW) of any survey
_PROVINCE_REPORTED = Completeness((_PROVINCE,), (), False)
_PROVINCE_MISSING = Completeness((_PROVINCE,), (_PROVINCE,), False)
# an input only the province owns, filled or not (each made once: asked on every save)
_BY_PROVINCE = {filled: InputOwners(((_PROVINCE, filled),)) for filled in (True, False)}


def reported_only(province_reported: bool) -> Completeness:
    """An indicator entered directly in 表1: the province owns it, filled when it typed a value
    (one of two values, made once: asked of every such row on every save)."""
    return _PROVINCE_REPORTED if province_reported else _PROVINCE_MISSING
