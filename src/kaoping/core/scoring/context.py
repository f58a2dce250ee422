"""The expression context of metrics and target formulas: named values bound by the
scorer (``city``, the base figures), and the survey's cells when a survey is given."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from kaoping.core.instance import SurveyData, Value
from kaoping.core.rules.base import RowRef


class SurveyReader(Protocol):
    """What a metric expression reads of a survey (``rules.context.DataContext`` has it)."""

    def cell(self, table: str, row: str, column: str) -> Value: ...

    def rows(self, table: str, section: str | None) -> list[RowRef]: ...

    def values(self, table: str, column: str) -> list[Value]: ...

    def filled_rows(self, table: str, section: str) -> int: ...

    def city_count(self) -> int: ...


class CellsOnly:
    """Reads single cells of a survey without its definition (no ``rows``/``values``)."""

    def __init__(self, data: SurveyData) -> None:
        self._data = data

    def cell(self, table: str, row: str, column: str) -> Value:
        return self._data.get(table, row, column)

    def rows(self, table: str, section: str | None) -> list[RowRef]:
        return []

    def values(self, table: str, column: str) -> list[Value]:
        return []

    def filled_rows(self, table: str, section: str) -> int:
        return 0

    def city_count(self) -> int:
        return len(self._data.cities)


class NamesContext:
    """Implements ``rules.base.Context``: names come from ``names``; ``cell``, ``rows``,
    ``values`` and ``filled_rows`` read the survey through ``data`` (none: all blank)."""

    blank_zero = False
    rowkey: str | None = None

    def __init__(self, names: Mapping[str, Value], data: SurveyReader | None = None) -> None:
        self._names = names
        self._data = data

    def name(self, column: str) -> Value:
        return self._names.get(column)

    def cell(self, table: str, row: str, column: str) -> Value:
        return self._data.cell(table, row, column) if self._data else None

    def rows(self, table: str, section: str | None) -> list[RowRef]:
        return self._data.rows(table, section) if self._data else []

    def values(self, table: str, column: str) -> list[Value]:
        return self._data.values(table, column) if self._data else []

    def filled_rows(self, table: str, section: str) -> int:
        return self._data.filled_rows(table, section) if self._data else 0

    def city_count(self) -> int:
        return self._data.city_count() if self._data else 0
