"""Where a cell lives in a survey: its section, row, effective column and owner.

Pure helpers over the core objects (no database): the services use them to decide what a
save may touch, and the pages use them to decide what to render as editable.
"""

from __future__ import annotations

from dataclasses import dataclass

from kaoping.core.definitions.model import Column, ColumnType, Row, Section, SectionKind, Survey, Table
from kaoping.core.instance import CellKey, SurveyData, row_owner, section_rows
from kaoping.core.values import column_for_row


@dataclass(frozen=True)
class CellInfo:
    table: Table
    section: Section
    row: Row
    column: Column  # with the row's overrides applied
    owner: str | None  # None: a computed row (合计)

    @property
    def not_applicable(self) -> bool:
        return self.row.key in self.column.na_rows or self.column.key in self.row.na_columns

    def refusal(self) -> str | None:
        """Why this cell cannot be typed into, or None."""
        if self.owner is None or self.row.kind == "total":
            return "合计行由系统计算，不能填写"
        if self.column.type is ColumnType.FIXED:
            return "该栏目由调查表规定，不能填写"
        if self.column.computed is not None:
            return "该栏目由系统计算，不能填写"
        return None


def effective_column(row: Row, column: Column) -> Column:
    """A column as it applies on ``row`` (表1 row 7 is 亿人, not %)."""
    return column_for_row(column, row)


def owner_of(survey: Survey, table: Table, section: Section, row: Row, data: SurveyData) -> str | None:
    """The organisation that fills ``row``; a section filled by the province belongs to it."""
    if row.kind == "total":
        return None
    if section.filled_by == "province" and section.kind is not SectionKind.LIST:
        return data.province.code
    return row_owner(table, section, row, data)


class CellIndex:
    """All cells of one survey instance, indexed once per request."""

    def __init__(self, survey: Survey, data: SurveyData) -> None:
        self.survey = survey
        self.data = data
        self._rows: dict[tuple[str, str], tuple[Table, Section, Row]] = {}
        self._columns: dict[tuple[str, str], dict[str, Column]] = {}
        self._cells: dict[tuple[str, str, str], CellInfo] = {}
        for table in survey.tables:
            for section in table.sections:
                columns = {c.key: c for c in section.columns}
                self._columns[(table.id, section.key)] = columns
                for row in section_rows(table, section, data):
                    self._rows[(table.id, row.key)] = (table, section, row)

    def rows_of(self, table_id: str) -> list[tuple[Section, Row]]:
        return [(s, r) for (t, _), (_, s, r) in self._rows.items() if t == table_id]

    def _located(
        self, table_id: str, row_key: str, column_key: str
    ) -> tuple[Table, Section, Row, Column] | None:
        """The cell's table, section, row and column as the definition has it (not yet
        overridden by its row); None for a row or column the survey does not have."""
        found = self._rows.get((table_id, row_key))
        if found is None:
            return None
        table, section, row = found
        column = self._columns[(table_id, section.key)].get(column_key)
        return None if column is None else (table, section, row, column)

    def cell(self, table_id: str, row_key: str, column_key: str) -> CellInfo | None:
        """The cell's place and owner; once per cell for the index's life (a bulk import's keeps
        its index across the workbooks of a job: the same cells again)."""
        key = (table_id, row_key, column_key)
        found = self._cells.get(key)
        if found is None:
            found = self._cell(table_id, row_key, column_key)
            if found is not None:  # only the survey's own cells are kept: a bounded number
                self._cells[key] = found
        return found

    def _cell(self, table_id: str, row_key: str, column_key: str) -> CellInfo | None:
        located = self._located(table_id, row_key, column_key)
        if located is None:
            return None
        table, section, row, column = located
        return CellInfo(
            table=table,
            section=section,
            row=row,
            column=effective_column(row, column),
            owner=owner_of(self.survey, table, section, row, self.data),
        )

    def owner(self, table_id: str, row_key: str) -> str | None:
        """The organisation filling a row; None for a computed row or an unknown one."""
        found = self._rows.get((table_id, row_key))
        if found is None:
            return None
        table, section, row = found
        return owner_of(self.survey, table, section, row, self.data)

    def column(self, table_id: str, row_key: str, column_key: str) -> Column | None:
        located = self._located(table_id, row_key, column_key)
        return None if located is None else effective_column(located[2], located[3])

    def placed(self, table_id: str, row_key: str, column_key: str) -> tuple[CellKey, Column] | None:
        """The cell's key made of the definition's and the rows' own texts, and its column as
        ``column`` gives it. Values stored under those text objects are then found by identity
        by every later look-up (the summaries, the rules), not compared character by character
        with texts read from the database (docs/reports.md: 15 % of a national recomputation)."""
        located = self._located(table_id, row_key, column_key)
        if located is None:
            return None
        table, _, row, column = located
        return (table.id, row.key, column.key), effective_column(row, column)

    def tables_filled_by(self, org_code: str) -> list[str]:
        """Tables where ``org_code`` owns a row, or may add list rows."""
        out: list[str] = []
        for table in self.survey.tables:
            if any(self.fills_section(table, s, org_code) for s in table.sections):
                out.append(table.id)
        return out

    def fills_section(self, table: Table, section: Section, org_code: str) -> bool:
        province = self.data.province.code
        if section.kind is SectionKind.LIST:
            return self.list_blocks_for(section, org_code) or (
                not section.list_blocks and org_code == province
            )
        if section.kind is SectionKind.FORM or section.filled_by == "province":
            return org_code == province
        return any(
            owner_of(self.survey, table, section, row, self.data) == org_code
            for row in section_rows(table, section, self.data)
        )

    def list_blocks_for(self, section: Section, org_code: str) -> bool:
        """表7: may ``org_code`` add rows to a block of its own in this list section?"""
        province = self.data.province.code
        cities = {c.code for c in self.data.cities}
        for kind in section.list_blocks:
            if (kind.value == "province" and org_code == province) or (
                kind.value == "cities" and org_code in cities
            ):
                return True
        return False
