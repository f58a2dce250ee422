"""A summary's grid as a workbook: the title, what it covers, the header, a row per unit and
the total of the rows shown. Numbers are written as numbers, yes/no as 是/否, never a formula."""

from __future__ import annotations

import io

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from kaoping.core.adhoc.grid import Cell, Grid

OPTIONS = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}


def grid_workbook(title: str, lines: list[str], unit_label: str, grid: Grid) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, OPTIONS)
    head = book.add_format({"bold": True, "bg_color": "#E8EEF6", "border": 1, "text_wrap": True})
    cell = book.add_format({"border": 1, "valign": "top"})
    total = book.add_format({"bold": True, "border": 1, "bg_color": "#F4F4F4"})
    sheet = book.add_worksheet("自定义汇总")
    sheet.write_string(0, 0, title, book.add_format({"bold": True, "font_size": 13}))
    for i, line in enumerate(lines, start=1):
        sheet.write_string(i, 0, line)
    top = len(lines) + 2
    sheet.write_row(top, 0, ["代码", unit_label, *(c.label for c in grid.columns)], head)
    row = top + 1
    for r in grid.rows:
        sheet.write_string(row, 0, r.code, cell)
        sheet.write_string(row, 1, r.name, cell)
        for col, value in enumerate(r.cells, start=2):
            _write(sheet, row, col, value, cell)
        row += 1
    sheet.write_string(row, 0, "", total)
    sheet.write_string(row, 1, "合计（所列单位）", total)
    for col, value in enumerate(grid.totals, start=2):
        _write(sheet, row, col, value, total)
    sheet.set_column(0, 0, 9)
    sheet.set_column(1, 1, 18)
    sheet.set_column(2, 1 + max(len(grid.columns), 1), 18)
    sheet.freeze_panes(top + 1, 2)
    book.close()
    return buffer.getvalue()


def _write(sheet: Worksheet, row: int, col: int, value: Cell, fmt: Format) -> None:
    if value is None:
        sheet.write_blank(row, col, None, fmt)
    elif isinstance(value, bool):
        sheet.write_string(row, col, "是" if value else "否", fmt)
    else:
        sheet.write_number(row, col, float(value), fmt)
