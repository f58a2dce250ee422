"""Shared pieces of the workbook tests: the real definition, a person filling a template.

``fill`` plays the person: it opens a downloaded template with openpyxl and types values
into the input cells the way people do (numbers, "a.已建" picked from the list or just the
letter, 是/否, dates), then saves. List rows go into the blank rows under each list.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl

from kaoping.core.definitions.loader import load_survey
from kaoping.core.definitions.model import Column, ColumnType
from kaoping.core.instance import CellKey, ListRow, SurveyData, Value
from kaoping.core.orgs import load_tree
from kaoping.core.workbook.layout import SlotKind, WorkbookLayout, build_layout, cell_name
from kaoping.core.workbook.meta import WorkbookMeta
from kaoping.core.workbook.sample import sample_data
from kaoping.core.workbook.writer import write_workbook

ROOT = Path(__file__).resolve().parents[2]
SURVEY = load_survey(ROOT / "definitions" / "survey-2015" / "v1")
TREE = load_tree(ROOT / "definitions" / "orgs")
PROVINCE = TREE.get("320000")
CITIES = TREE.cities("320000")
NANJING = "320100"
META = WorkbookMeta(campaign="test-2015", unit_name="江苏省人力资源和社会保障厅")


def empty() -> SurveyData:
    return SurveyData(province=PROVINCE, cities=list(CITIES))


def sample() -> SurveyData:
    return sample_data(SURVEY, PROVINCE, list(CITIES))


def keys() -> Iterator[str]:
    n = 0
    while True:
        n += 1
        yield f"new{n}"


def template(data: SurveyData, org: str | None) -> tuple[bytes, WorkbookLayout]:
    return write_workbook(SURVEY, data, org=org, meta=META), build_layout(SURVEY, data, org)


def typed(column: Column, value: Value, turn: int) -> object:
    """What a person types for ``value``; ``turn`` varies the spelling."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day) if turn % 2 else value.isoformat()
    if isinstance(value, tuple):
        return ",".join(value) if turn % 2 else "、".join(value)
    if column.type is ColumnType.CODE and isinstance(value, str):
        code = column.code(value)
        return code.display if code is not None and turn % 2 else value
    return value


def spare_map(layout: WorkbookLayout, data: SurveyData) -> dict[str, str]:
    """Each list row of ``data`` → the blank template row it is typed into."""
    out: dict[str, str] = {}
    for sheet in layout.sheets:
        for part in sheet.sections:
            free: dict[str | None, list[str]] = {}
            for row in part.rows:
                if row.spare:
                    free.setdefault(row.block_org, []).append(row.row.key)
            if not free:
                continue
            for block, slots in free.items():
                listed = [
                    r
                    for r in data.list_rows
                    if r.table == sheet.table.id and r.section == part.section.key and r.org == block
                ]
                for list_row, slot_key in zip(sorted(listed, key=lambda r: r.position), slots, strict=False):
                    out[list_row.key] = slot_key
    return out


def addresses(layout: WorkbookLayout, data: SurveyData) -> dict[CellKey, tuple[str, int, int]]:
    """Where each input cell of ``data`` is typed: (sheet, row, col)."""
    spare = spare_map(layout, data)
    out: dict[CellKey, tuple[str, int, int]] = {}
    for table, row, column in data.values:
        slot_row = spare.get(row, row)
        located = layout.locate((table, slot_row, column))
        if located is None:
            continue
        sheet, r, c = located
        if sheet.slots[(r, c)].kind is SlotKind.INPUT:
            out[(table, row, column)] = (sheet.name, r, c)
    return out


def fill(content: bytes, cells: Mapping[tuple[str, int, int], object]) -> bytes:
    """Type ``cells`` ((sheet, row, col) → value) into the workbook, as a person would."""
    book = openpyxl.load_workbook(io.BytesIO(content))
    for (sheet, r, c), value in cells.items():
        cell = book[sheet].cell(row=r + 1, column=c + 1)
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"  # typed text, never a formula
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def fill_data(content: bytes, layout: WorkbookLayout, data: SurveyData) -> tuple[bytes, dict[CellKey, str]]:
    """Type every value of ``data`` into the template; returns the file and where each went."""
    where = addresses(layout, data)
    cells: dict[tuple[str, int, int], object] = {}
    for turn, (key, (sheet, r, c)) in enumerate(sorted(where.items())):
        slot = next(s for s in layout.sheets if s.name == sheet).slots[(r, c)]
        cells[(sheet, r, c)] = typed(slot.column, data.values[key], turn)
    return fill(content, cells), {k: f"{s}!{cell_name(r, c)}" for k, (s, r, c) in where.items()}


def list_contents(data: SurveyData) -> dict[tuple[str, str, str], list[dict[str, Value]]]:
    """Each list's rows as column → value, in order: list rows compared without their keys."""
    out: dict[tuple[str, str, str], list[dict[str, Value]]] = {}
    rows: list[ListRow] = sorted(data.list_rows, key=lambda r: (r.table, r.section, r.org, r.position))
    for row in rows:
        values = {k[2]: v for k, v in data.values.items() if k[0] == row.table and k[1] == row.key}
        out.setdefault((row.table, row.section, row.org), []).append(values)
    return out
