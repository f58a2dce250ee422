"""Template out: the official-layout workbook of an organisation, prefilled, with XlsxWriter.

Input cells are unlocked and everything else is protected (no password: protection guards
against slips, not against people). Code columns get drop-downs of "a.已建"-style choices;
numbers get the definition's decimals; totals and 表4 coverage are formulas written
together with their computed values (XlsxWriter would otherwise store 0, which previews and
calamine show). Text is always written as a string — "=1+1" stays text — and the workbook
is created with ``strings_to_formulas`` off. A4 landscape, header rows repeated on every
printed page, fitted to the page width.
"""

from __future__ import annotations

import io
import math
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from kaoping.core.definitions.model import Column, ColumnType, SectionKind, Survey
from kaoping.core.instance import CellKey, SurveyData, Value
from kaoping.core.rules.compute import computed_values
from kaoping.core.values import Invalid, display
from kaoping.core.workbook.formulas import row_formula, sum_formula
from kaoping.core.workbook.layout import (
    NA_TEXT,
    SheetLayout,
    Slot,
    SlotKind,
    WorkbookLayout,
    build_layout,
    cell_name,
    text_units,
)
from kaoping.core.workbook.meta import LISTS_SHEET, META_SHEET, WorkbookMeta, meta_rows

FONT = "宋体"
OPTIONS = {
    "in_memory": True,
    "strings_to_formulas": False,  # text beginning with = + - @ stays text
    "strings_to_numbers": False,
    "strings_to_urls": False,
}
_PICKED = frozenset({ColumnType.BOOL, ColumnType.CODE, ColumnType.CODES})
_BASE: dict[str, Any] = {"font_name": FONT, "font_size": 10, "valign": "vcenter", "text_wrap": True}
_STYLES: dict[str, dict[str, Any]] = {
    "number": {"font_size": 11, "bold": True, "text_wrap": False},
    "title": {"font_size": 16, "bold": True, "align": "center"},
    "plain": {"align": "right", "text_wrap": False},
    "subtitle": {"bold": True, "font_size": 11},
    "header": {"bold": True, "align": "center", "border": 1, "bg_color": "#D9E1F2"},
    "label": {"border": 1},
    "serial": {"border": 1, "align": "center"},
    "block": {"bold": True, "border": 1, "bg_color": "#F2F2F2"},
    "note": {"font_size": 9, "valign": "top"},
    "footer": {"font_size": 11, "text_wrap": False},
}


def write_workbook(
    survey: Survey,
    data: SurveyData,
    *,
    org: str | None,
    meta: WorkbookMeta,
    layout: WorkbookLayout | None = None,
) -> bytes:
    """The .xlsx bytes of ``org``'s template (None or the province: every table)."""
    layout = layout or build_layout(survey, data, org)
    if not layout.sheets:
        raise ValueError(f"组织 {org} 在 {survey.ref} 中没有需要填报的表")
    computed = computed_values(survey, data)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, OPTIONS)
    writer = _Writer(book, layout, data, computed, meta)
    for sheet in layout.sheets:
        writer.sheet(sheet)
    writer.finish()
    book.close()
    return buffer.getvalue()


class _Writer:
    def __init__(
        self,
        book: xlsxwriter.Workbook,
        layout: WorkbookLayout,
        data: SurveyData,
        computed: dict[CellKey, Value],
        meta: WorkbookMeta,
    ) -> None:
        self.book = book
        self.layout = layout
        self.data = data
        self.computed = computed
        self.meta = meta
        self.formats: dict[tuple[object, ...], Any] = {}
        self.lists: dict[tuple[str, ...], str] = {}  # choices → range on the _lists sheet

    # -- formats ----------------------------------------------------------------------

    def style(self, name: str) -> Any:
        return self._format(("style", name), {**_BASE, **_STYLES.get(name, {})})

    def cell_format(self, slot: Slot) -> Any:
        column = slot.column
        spec: dict[str, Any] = {**_BASE, "border": 1}
        if slot.kind is SlotKind.INPUT:
            spec.update(locked=False, bg_color="#FFF9DB")
        elif slot.kind is SlotKind.NA:
            spec.update(align="center", bg_color="#EDEDED")
        elif slot.kind in (SlotKind.COMPUTED, SlotKind.READONLY):
            spec.update(bg_color="#EDEDED")
        spec["num_format"] = _num_format(column)
        if column.is_numeric:
            spec["text_wrap"] = False
        key = ("cell", slot.kind.value, spec["num_format"], column.is_numeric)
        return self._format(key, spec)

    def _format(self, key: tuple[object, ...], spec: dict[str, Any]) -> Any:
        if key not in self.formats:
            self.formats[key] = self.book.add_format(spec)
        return self.formats[key]

    # -- a sheet ----------------------------------------------------------------------

    def sheet(self, sheet: SheetLayout) -> None:
        ws = self.book.add_worksheet(sheet.name)
        for i, width in enumerate(sheet.widths):
            ws.set_column(i, i, width)
        heights: dict[int, float] = {}
        for box in sheet.boxes:
            fmt = self.style(box.style)
            text = box.text
            if box.style == "footer" and self.meta.unit_name and text.startswith("填报单位："):
                text = text.replace("填报单位：", f"填报单位：{self.meta.unit_name}", 1)
            if box.row == box.last_row and box.col == box.last_col:
                ws.write_string(box.row, box.col, text, fmt)
            else:
                ws.merge_range(box.row, box.col, box.last_row, box.last_col, text, fmt)
            if box.row == box.last_row:
                width = sum(sheet.widths[box.col : box.last_col + 1])
                size = 20.0 if box.style == "title" else 13.5
                heights[box.row] = max(heights.get(box.row, 15.0), _height(box.text, width, size))
        for first_row, first_col, last_row, last_col in sheet.merges:
            slot = sheet.slots[(first_row, first_col)]
            ws.merge_range(first_row, first_col, last_row, last_col, "", self.cell_format(slot))
        spans = {(m[0], m[1]): sum(sheet.widths[m[1] : m[3] + 1]) for m in sheet.merges}
        for slot in sheet.slots.values():
            text = self.slot(ws, sheet, slot)  # a merged value cell is written over its merge's first cell
            if len(text) > 4:  # long text wraps: make the row tall enough to read it
                width = spans.get((slot.row, slot.col), sheet.widths[slot.col])
                heights[slot.row] = max(heights.get(slot.row, 15.0), _height(text, width, 12.5))
        self.validations(ws, sheet)
        for row, height in heights.items():
            ws.set_row(row, min(height, 200.0))
        self.page_setup(ws, sheet)
        ws.protect("", {"format_columns": True, "format_rows": True})

    def slot(self, ws: Worksheet, sheet: SheetLayout, slot: Slot) -> str:
        """Write one value cell; returns the text written ("" for numbers and formulas)."""
        fmt = self.cell_format(slot)
        table, row_key, column_key = slot.key
        if slot.kind is SlotKind.NA:
            ws.write_string(slot.row, slot.col, NA_TEXT, fmt)
            return ""
        if slot.kind is SlotKind.FIXED:
            row = next(r.row for s in sheet.sections for r in s.rows if r.row.key == row_key)
            ws.write_string(slot.row, slot.col, row.fixed.get(column_key, ""), fmt)
            return ""
        if slot.kind is SlotKind.COMPUTED:
            self.formula(ws, sheet, slot, fmt)
            return ""
        return _write_value(ws, slot, self.data.get(table, row_key, column_key), fmt)

    def formula(self, ws: Worksheet, sheet: SheetLayout, slot: Slot, fmt: Any) -> None:
        table, row_key, _ = slot.key
        value = self.computed.get(slot.key)
        cached: int | float | str = ""
        if isinstance(value, int | Decimal) and not isinstance(value, bool):
            cached = int(value) if value == int(value) else float(value)
        text: str | None
        if slot.column.computed is not None:

            def address(name: str) -> str | None:
                at = sheet.by_key.get((table, row_key, name))
                return cell_name(*at) if at else None

            text = row_formula(slot.column.computed, address)
        else:
            text = self.total_formula(sheet, slot)
        if text is None:
            _write_value(ws, slot, value, fmt)
        else:
            ws.write_formula(slot.row, slot.col, text, fmt, cached)

    def total_formula(self, sheet: SheetLayout, slot: Slot) -> str | None:
        part = next((s for s in sheet.sections if any(r.sheet_row == slot.row for r in s.rows)), None)
        if part is None:
            return None
        rows = [r.sheet_row for r in part.rows if r.row.kind != "total"]
        if not rows:
            return None
        ranges: list[tuple[str, str]] = []
        start = prev = rows[0]
        for r in [*rows[1:], None]:
            if r is not None and r == prev + 1:
                prev = r
                continue
            ranges.append((cell_name(start, slot.col), cell_name(prev, slot.col)))
            if r is not None:
                start = prev = r
        return sum_formula(ranges)  # blank when no row reported, as the platform computes

    def validations(self, ws: Worksheet, sheet: SheetLayout) -> None:
        """One drop-down per run of input cells of a column (not one per cell: fast, small)."""
        runs: dict[tuple[int, str], list[Slot]] = {}
        for slot in sorted(sheet.slots.values(), key=lambda s: (s.col, s.row)):
            if slot.kind is not SlotKind.INPUT or slot.column.type not in _PICKED:
                continue
            group = (slot.col, slot.column.key)
            run = runs.get(group)
            if run and run[-1].row + 1 != slot.row:
                self.validation(ws, run[0], run[-1].row)
                run.clear()
            runs.setdefault(group, []).append(slot)
        for run in runs.values():
            if run:
                self.validation(ws, run[0], run[-1].row)

    def validation(self, ws: Worksheet, slot: Slot, last_row: int) -> None:
        column = slot.column
        if column.type is ColumnType.BOOL:
            ws.data_validation(
                slot.row,
                slot.col,
                last_row,
                slot.col,
                {"validate": "list", "source": ["是", "否"], "error_type": "warning"},
            )
        elif column.type is ColumnType.CODE and column.codes:
            ws.data_validation(
                slot.row,
                slot.col,
                last_row,
                slot.col,
                {
                    "validate": "list",
                    "source": self.choices(column),
                    # a typed letter ("a") is accepted too: warn, never block
                    "error_type": "information",
                    "error_title": "代码",
                    "error_message": _clip("请从下拉列表选择，或填写代码字母", 255),
                },
            )
        elif column.type is ColumnType.CODES and column.codes:
            ws.data_validation(
                slot.row,
                slot.col,
                last_row,
                slot.col,
                {
                    "validate": "any",
                    "input_title": _clip(f"{column.label}（可多选）", 32),
                    "input_message": _clip(
                        "填写代码字母，多个用逗号分隔，如 a,c：" + "；".join(c.display for c in column.codes),
                        255,
                    ),
                },
            )

    def choices(self, column: Column) -> str:
        shown = tuple(c.display for c in column.codes)
        if shown not in self.lists:
            col = len(self.lists)
            first, last = cell_name(0, col), cell_name(len(shown) - 1, col)
            self.lists[shown] = f"='{LISTS_SHEET}'!${_abs(first)}:${_abs(last)}"
        return self.lists[shown]

    def page_setup(self, ws: Worksheet, sheet: SheetLayout) -> None:
        ws.set_paper(9)  # A4
        ws.set_landscape()
        # one page wide; 表1 (with its seal block, faxed) on a single page
        ws.fit_to_pages(1, 1 if sheet.table.footer else 0)
        ws.center_horizontally()
        ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
        ws.set_footer("&C第 &P 页，共 &N 页")
        ws.print_area(0, 0, sheet.last_row, sheet.width - 1)
        grids = [s for s in sheet.sections if s.section.kind is not SectionKind.FORM]
        if grids:
            ws.repeat_rows(grids[0].header_first, grids[0].header_last)
        if len(sheet.sections) == 1 and grids:
            ws.freeze_panes(grids[0].header_last + 1, 0)

    def finish(self) -> None:
        if self.lists:
            lists_ws = self.book.add_worksheet(LISTS_SHEET)
            for col, shown in enumerate(self.lists):
                for i, text in enumerate(shown):
                    lists_ws.write_string(i, col, text)
            lists_ws.hide()
        meta_ws = self.book.add_worksheet(META_SHEET)
        for r, row in enumerate(meta_rows(self.layout, self.meta)):
            for c, text in enumerate(row):
                meta_ws.write_string(r, c, text)
        meta_ws.hide()
        meta_ws.protect()
        survey = self.layout.survey
        self.book.set_properties(
            {"title": self.meta.title or survey.title, "subject": survey.ref, "comments": "kaoping"}
        )
        self.book.set_custom_property("kaoping_definition", survey.id)
        self.book.set_custom_property("kaoping_version", str(survey.version))
        self.book.set_custom_property("kaoping_campaign", self.meta.campaign)
        self.book.set_custom_property("kaoping_org", self.layout.org or "")
        self.book.set_custom_property("kaoping_fingerprint", self.layout.fingerprint)


def _write_value(ws: Worksheet, slot: Slot, value: Value, fmt: Any) -> str:
    """Write a stored value as a person would have typed it; returns the text written."""
    r, c, column = slot.row, slot.col, slot.column
    if value is None:
        ws.write_blank(r, c, None, fmt)
        return ""
    if isinstance(value, int | Decimal) and not isinstance(value, bool | Invalid):
        ws.write_number(r, c, float(value), fmt)
        return ""
    if isinstance(value, date) and not isinstance(value, Invalid):
        ws.write_datetime(r, c, datetime(value.year, value.month, value.day), fmt)
        return ""
    if isinstance(value, Invalid):
        text = str(value)
    elif isinstance(value, bool):
        text = "是" if value else "否"
    elif isinstance(value, tuple):
        text = ",".join(value)
    elif column.type is ColumnType.CODE:
        text = display(column, value)
    else:
        text = str(value)
    ws.write_string(r, c, text, fmt)  # always a string: "=1+1" stays text
    return text


def _num_format(column: Column) -> str:
    if column.type is ColumnType.DATE:
        return "yyyy-mm-dd"
    if not column.is_numeric:
        return "@"
    if column.decimals > 0:
        return "0." + "0" * column.decimals
    return "0" if column.type is ColumnType.INT else "General"


def _abs(address: str) -> str:
    """ "A3" → "A$3" (the caller adds the column's $)."""
    i = next(i for i, ch in enumerate(address) if ch.isdigit())
    return f"{address[:i]}${address[i:]}"


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _height(text: str, width: float, line: float) -> float:
    """Row height (points) for text wrapped in ``width`` column units."""
    units = text_units(text)
    lines = max(1, math.ceil(units / max(width, 1.0)))
    return max(15.0, lines * line + 3)
