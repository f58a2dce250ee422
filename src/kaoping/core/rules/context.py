"""The concrete rows of one filled survey, and the evaluation context rules read through."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from kaoping.core.definitions.model import Column, Row, Section, Survey, Table
from kaoping.core.instance import CellKey, SurveyData, Value, section_rows
from kaoping.core.memo import PerObject
from kaoping.core.rules.base import RowRef

TOTAL_KIND = "total"


@dataclass
class TableLayout:
    table: Table
    sections: list[tuple[Section, list[Row]]]
    columns: dict[str, Column] = field(default_factory=dict)
    section_of_column: dict[str, Section] = field(default_factory=dict)

    @cached_property
    def rows(self) -> dict[str, tuple[Section, Row]]:
        """Each row by key, with its section: indexed when first asked (the rule engine asks;
        a summary never does)."""
        return {row.key: (section, row) for section, rows in self.sections for row in rows}

    def label(self, column: Column) -> str:
        """The column's label, with its header group when the label alone is ambiguous
        (表2 "2015年6月" → "建设情况（2015年6月）")."""
        same = sum(1 for c in self.columns.values() if c.label == column.label)
        if same > 1 and column.header:
            return f"{column.header[-1]}（{column.label}）"
        return column.label

    def data_rows(self, section: str | None = None) -> list[Row]:
        """Rows people fill: never a computed total row."""
        return [
            row
            for s, rows in self.sections
            if section is None or s.key == section
            for row in rows
            if row.kind != TOTAL_KIND
        ]


@dataclass
class Layout:
    """Every table's concrete rows for this survey (organisation and list rows generated)."""

    tables: dict[str, TableLayout]

    @classmethod
    def build(cls, survey: Survey, data: SurveyData, only: Collection[str] | None = None) -> Layout:
        """Every table's layout, or only those named in ``only``."""
        tables: dict[str, TableLayout] = {}
        for table in survey.tables:
            if only is not None and table.id not in only:
                continue
            columns, section_of_column = _columns(table)
            layout = TableLayout(
                table,
                [(s, section_rows(table, s, data)) for s in table.sections],
                columns=dict(columns),
                section_of_column=dict(section_of_column),
            )
            tables[table.id] = layout
        return cls(tables)


def _columns(table: Table) -> tuple[dict[str, Column], dict[str, Section]]:
    """The table's columns by key and the section of each: the definition's alone, worked
    out once per table (a layout is built for every summary)."""
    return _COLUMNS(table)


def _table_columns(table: Table) -> tuple[dict[str, Column], dict[str, Section]]:
    columns = {c.key: c for s in table.sections for c in s.columns}
    sections = {c.key: s for s in table.sections for c in s.columns}
    return columns, sections


_COLUMNS = PerObject(_table_columns)


@lru_cache(maxsize=8192)
def _row_ref(table: str, key: str, org: str | None) -> RowRef:
    """A row as expressions see it, made once per row (a definition's fixed rows and the same
    cities' rows recur in every province and on every save; a RowRef is frozen)."""
    return RowRef(table, key, org)


class DataContext:
    """Reads cell values (stored values with computed ones merged in) for expressions."""

    def __init__(self, layout: Layout, values: Mapping[CellKey, Value], city_count: int) -> None:
        self.layout = layout
        self.data = values
        self._city_count = city_count
        self.blank_zero = False
        self.table: str = ""
        self.rowkey: str | None = None
        self._rows: dict[tuple[str, str | None], list[RowRef]] = {}

    def at(self, table: str, rowkey: str | None, blank_zero: bool) -> DataContext:
        self.table, self.rowkey, self.blank_zero = table, rowkey, blank_zero
        return self

    def name(self, column: str) -> Value:
        if self.rowkey is None:
            return None
        return self.data.get((self.table, self.rowkey, column))

    def cell(self, table: str, row: str, column: str) -> Value:
        return self.data.get((table, row, column))

    def rows(self, table: str, section: str | None) -> list[RowRef]:
        key = (table, section)
        if key not in self._rows:
            layout = self.layout.tables.get(table)
            rows = layout.data_rows(section) if layout else []
            self._rows[key] = [_row_ref(table, r.key, r.org) for r in rows]
        return self._rows[key]

    def values(self, table: str, column: str) -> list[Value]:
        found = (self.data.get((table, r.key, column)) for r in self.rows(table, None))
        return [v for v in found if v is not None]

    def filled_rows(self, table: str, section: str) -> int:
        layout = self.layout.tables.get(table)
        if layout is None:
            return 0
        inputs = [c.key for s, _ in layout.sections if s.key == section for c in s.columns if c.is_input]
        return sum(
            1
            for r in self.rows(table, section)
            if any(self.data.get((table, r.key, c)) is not None for c in inputs)
        )

    def city_count(self) -> int:
        return self._city_count
