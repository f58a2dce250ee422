"""The layout's pieces: value cells (``Slot``), static text (``Box``), data rows, sections,
sheets and the whole workbook, numbered from 0 as XlsxWriter and calamine do."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from kaoping.core.definitions.model import Column, Row, Section, Survey, Table
from kaoping.core.instance import CellKey
from kaoping.core.workbook.sheetxml import cell_name

LAYOUT_VERSION = "1"
NA_TEXT = "——"
SPARE_ROWS = 10  # blank rows offered under each list (per block for 表7)
SPARE_PREFIX = "+"  # row keys of blank list rows: "+systems:0", … (never a stored key)

# (table, section, block org or "") → keys of the list rows, in order
ListKeys = Mapping[tuple[str, str, str], Sequence[str]]


class SlotKind(StrEnum):
    INPUT = "input"  # typed by the organisation
    COMPUTED = "computed"  # totals and 表4 coverage: a formula
    FIXED = "fixed"  # text given by the definition (表1 规划目标, 属性)
    NA = "na"  # "——"
    READONLY = "readonly"  # another organisation's row, shown for reference


@dataclass(slots=True)
class Slot:
    """One value cell."""

    row: int
    col: int
    key: CellKey
    column: Column  # as it applies on this row (表1 row 7 in 亿人)
    kind: SlotKind


@dataclass(slots=True)
class Box:
    """Static text over a rectangle (merged when larger than one cell)."""

    row: int
    col: int
    last_row: int
    last_col: int
    text: str
    style: str  # header | label | title | number | note | plain | footer


@dataclass(slots=True)
class RowSlot:
    """One sheet row of data (a form field is a sheet row of its section's single row)."""

    sheet_row: int
    section: Section
    row: Row
    editable: bool
    idents: tuple[tuple[int, int, str], ...]  # cells whose text identifies the row
    block_org: str | None = None  # list rows: the organisation of the block

    @property
    def spare(self) -> bool:
        return self.row.key.startswith(SPARE_PREFIX)


@dataclass
class SectionLayout:
    section: Section
    header_first: int  # first header row (or the first data row for forms)
    header_last: int
    rows: list[RowSlot] = field(default_factory=list)


@dataclass
class SheetLayout:
    name: str  # "表9"
    table: Table
    width: int
    widths: list[float]
    boxes: list[Box] = field(default_factory=list)
    sections: list[SectionLayout] = field(default_factory=list)
    slots: dict[tuple[int, int], Slot] = field(default_factory=dict)
    by_key: dict[CellKey, tuple[int, int]] = field(default_factory=dict)
    last_row: int = 0
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # around value cells
    _rows: dict[int, list[Slot]] | None = None
    _merged: set[tuple[int, int, int, int]] | None = None

    def address(self, row: int, col: int) -> str:
        return f"{self.name}!{cell_name(row, col)}"

    def row_index(self) -> dict[int, list[Slot]]:
        """The value cells of each sheet row (built once: layouts are cached)."""
        if self._rows is None:
            self._rows = {}
            for slot in self.slots.values():
                self._rows.setdefault(slot.row, []).append(slot)
        return self._rows

    def ranges(self) -> set[tuple[int, int, int, int]]:
        """(row, col, last row, last col) of every box and merge the writer makes (built once)."""
        if self._merged is None:
            self._merged = {(b.row, b.col, b.last_row, b.last_col) for b in self.boxes} | set(self.merges)
        return self._merged


@dataclass
class WorkbookLayout:
    survey: Survey
    org: str | None
    sheets: list[SheetLayout]
    list_keys: dict[tuple[str, str, str], list[str]]
    fingerprint: str = ""

    def sheet(self, name: str) -> SheetLayout | None:
        return next((s for s in self.sheets if s.name == name), None)

    def locate(self, key: CellKey) -> tuple[SheetLayout, int, int] | None:
        for sheet in self.sheets:
            if key[0] == sheet.table.id and key in sheet.by_key:
                row, col = sheet.by_key[key]
                return sheet, row, col
        return None
