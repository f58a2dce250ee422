"""This campaign beside its baseline, cell by cell, with the change (docs/spec.md §13).

``compare_table`` gives the rows a unit sees of one table: each number cell's value now, its
baseline value and the change in %; other cells are shown as they read, with whether they
differ. The comparison page and its workbook print exactly this.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from kaoping.core import values as coltypes
from kaoping.core.definitions.model import Column, Row, Table
from kaoping.core.instance import CellKey, Value
from kaoping.core.quality.checks import swing
from kaoping.core.quality.texts import percent_change


@dataclass(frozen=True)
class Compared:
    column: Column
    now: str  # as displayed; "" when blank
    before: str
    change: str  # "+12 %", "−48 %"; "" when not a number on both sides or the baseline is 0
    differs: bool
    flagged: bool = False  # beyond the column's declared threshold


@dataclass(frozen=True)
class ComparedRow:
    row: Row
    cells: tuple[Compared, ...]


def _number(value: Value) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        return None
    return Decimal(value)


def compare_cell(
    column: Column, row: Row, now: Value, before: Value, threshold: Decimal | None = None
) -> Compared:
    shape = coltypes.column_for_row(column, row)
    shown_now = coltypes.display(shape, now) if now is not None else ""
    shown_before = coltypes.display(shape, before) if before is not None else ""
    n, b = _number(now), _number(before)
    change = swing(n, b) if n is not None and b is not None else None
    flagged = change is not None and threshold is not None and abs(change) > threshold
    return Compared(
        column=column,
        now=shown_now,
        before=shown_before,
        change=percent_change(change) if change is not None else "",
        differs=shown_now != shown_before,
        flagged=flagged,
    )


def compare_table(
    table: Table,
    rows: Sequence[Row],
    now: Mapping[CellKey, Value],
    before: Mapping[CellKey, Value],
    thresholds: Mapping[str, Decimal],
) -> list[ComparedRow]:
    """``rows`` of ``table`` (those the unit sees); ``thresholds``: column → declared threshold."""
    columns = [c for c in table.columns if c.type.value not in ("fixed",)]
    out = []
    for row in rows:
        cells = tuple(
            compare_cell(
                c, row, now.get((table.id, row.key, c.key)), before.get((table.id, row.key, c.key)),
                thresholds.get(c.key),
            )
            for c in columns
            if c.key not in row.na_columns
        )  # fmt: skip
        out.append(ComparedRow(row, cells))
    return out
