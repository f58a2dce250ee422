"""The comparison with the baseline campaign (docs/spec.md §13): one table of one unit, this
campaign beside its baseline cell by cell, with the change — on the page and in its workbook.

A city sees its own rows; the province every row of the table, its 合计 included. Only cells
with a value on either side are listed; a change beyond the column's declared threshold is
marked, as the 较上期变化 finding at that cell says.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import xlsxwriter

from kaoping.collection.cells import owner_of
from kaoping.collection.services import baseline_values
from kaoping.core.definitions.model import Table
from kaoping.core.instance import SurveyData, section_rows
from kaoping.core.quality.compare import Compared, ComparedRow, compare_table
from kaoping.core.rules.compute import computed_values
from kaoping.core.rules.context import Layout
from kaoping.pages.page import Page

HEADER = ["行", "列", "本期", "基期", "变化", "超出阈值"]
WIDTHS = [18, 36, 14, 14, 10, 10]


@dataclass(frozen=True)
class Line:
    row_label: str
    first: bool  # the row's first listed cell (its label is printed once)
    cell: Compared


def comparison(page: Page, table: Table, data: SurveyData) -> list[Line]:
    """The listed cells of ``table`` the page's unit sees, row by row."""
    survey, campaign = page.survey, page.campaign
    if campaign.baseline_id is None:
        return []
    rows = [
        row
        for section in table.sections
        for row in section_rows(table, section, data)
        if page.is_province or owner_of(survey, table, section, row, data) == page.org.code
    ]
    layout = Layout.build(survey, data, frozenset({table.id}))
    now = {**data.values, **computed_values(survey, data, layout)}
    thresholds = {r.column: r.threshold for r in survey.quality.changes if r.table == table.id}
    compared = compare_table(table, rows, now, baseline_values(campaign, survey), thresholds)
    return _lines(compared)


def _lines(compared: list[ComparedRow]) -> list[Line]:
    out: list[Line] = []
    for row in compared:
        label = f"{row.row.label}（{row.row.sub_label}）" if row.row.sub_label else row.row.label
        shown = [c for c in row.cells if c.now or c.before]
        out += [Line(label, i == 0, c) for i, c in enumerate(shown)]
    return out


def comparison_workbook(title: str, lines: list[Line]) -> bytes:
    """The same lines as a workbook: one sheet, a header row, one line per cell."""
    buffer = io.BytesIO()
    options = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    book = xlsxwriter.Workbook(buffer, options)
    sheet = book.add_worksheet("与基期对比")
    head = book.add_format({"bold": True, "bg_color": "#E8EEF6", "border": 1, "text_wrap": True})
    wrap = book.add_format({"text_wrap": True, "valign": "top", "border": 1})
    sheet.merge_range(0, 0, 0, len(HEADER) - 1, title, head)
    sheet.write_row(1, 0, HEADER, head)
    for col, width in enumerate(WIDTHS):
        sheet.set_column(col, col, width)
    for i, line in enumerate(lines, start=2):
        c = line.cell
        cells = [line.row_label, c.column.path, c.now, c.before, c.change, "是" if c.flagged else ""]
        for col, text in enumerate(cells):
            sheet.write_string(i, col, text, wrap)
    sheet.freeze_panes(2, 0)
    book.close()
    return buffer.getvalue()
