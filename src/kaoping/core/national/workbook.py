"""The national workbook: the national 表1, then a sheet per table with a row per province.

Every sheet opens with its title and the coverage line (已纳入 n 个省级单位…), then the
columns of the table's national view (``tables.table_columns``), a row per included
province and the 全国合计 row. Numbers are written as numbers, everything else as text
(never a formula).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from kaoping.core.national.coverage import NationalTable
from kaoping.core.national.table1 import REPORTED_HOW, NationalIndicator
from kaoping.core.national.tables import NUMBER, YES, JsonValue

OPTIONS = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
DATES = {"2015-06": "2015年6月", "2015-12": "2015年底"}
TABLE1_HEADER = [
    "序号", "指标", "时点", "规划目标", "属性", "全国推算值", "各省填报汇总", "汇总方式", "达标",
    "计入推算的省级单位数",
]  # fmt: skip


def national_workbook(
    title: str, indicators: Sequence[NationalIndicator], tables: Sequence[NationalTable]
) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, OPTIONS)
    formats = {
        "head": book.add_format({"bold": True, "bg_color": "#E8EEF6", "border": 1, "text_wrap": True}),
        "cell": book.add_format({"border": 1, "valign": "top"}),
        "title": book.add_format({"bold": True, "font_size": 13}),
        "total": book.add_format({"bold": True, "border": 1, "bg_color": "#F4F4F4"}),
    }
    _table1(book.add_worksheet("表1 全国"), title, indicators, formats)
    for table in tables:
        _table(book.add_worksheet(table.title.split(" ")[0]), title, table, formats)
    book.close()
    return buffer.getvalue()


def _table1(
    sheet: Worksheet, title: str, results: Sequence[NationalIndicator], formats: dict[str, Format]
) -> None:
    sheet.write_string(0, 0, f"{title} · 表1 规划发展目标完成情况（全国）", formats["title"])
    if results:
        sheet.write_string(1, 0, results[0].coverage.summary)
    sheet.write_row(3, 0, TABLE1_HEADER, formats["head"])
    for i, r in enumerate(results, start=4):
        met = {True: "达标", False: "未达标", None: "暂不判断"}[r.met]
        derived: object = "不可推算" if not r.derivable else r.derived
        cells = [
            r.number, r.label, DATES.get(r.date, r.date), r.target.text, r.attribute, derived, r.reported,
            REPORTED_HOW.get(r.reported_how or "", ""), met, len(r.counted) if r.derivable else "",
        ]  # fmt: skip
        for col, value in enumerate(cells):
            _write(sheet, i, col, value, formats["cell"])
    sheet.set_column(0, 0, 6)
    sheet.set_column(1, 1, 44)
    sheet.set_column(2, 9, 14)
    sheet.freeze_panes(4, 2)


def _table(sheet: Worksheet, title: str, table: NationalTable, formats: dict[str, Format]) -> None:
    sheet.write_string(0, 0, f"{title} · {table.title}（全国，按省级单位）", formats["title"])
    sheet.write_string(1, 0, table.coverage.summary)
    sheet.write_row(3, 0, ["代码", "省级单位", *(c.label for c in table.columns)], formats["head"])
    row = 4
    for province, values in table.rows:
        sheet.write_string(row, 0, province.code, formats["cell"])
        sheet.write_string(row, 1, province.name, formats["cell"])
        for col, column in enumerate(table.columns, start=2):
            _write(sheet, row, col, _shown(values.get(column.key), column.kind), formats["cell"])
        row += 1
    sheet.write_string(row, 1, "全国合计", formats["total"])
    for col, column in enumerate(table.columns, start=2):
        _write(sheet, row, col, table.totals.get(column.key), formats["total"])
    sheet.set_column(0, 0, 9)
    sheet.set_column(1, 1, 18)
    sheet.set_column(2, 1 + max(len(table.columns), 1), 16)
    sheet.freeze_panes(4, 2)


def _shown(value: JsonValue, kind: str) -> object:
    if kind == YES and isinstance(value, bool):
        return "是" if value else "否"
    if kind == NUMBER and isinstance(value, str):
        return Decimal(value)
    return value


def _write(sheet: Worksheet, row: int, col: int, value: object, fmt: object) -> None:
    if value is None:
        sheet.write_blank(row, col, None, fmt)
    elif isinstance(value, Decimal | int) and not isinstance(value, bool):
        sheet.write_number(row, col, float(value), fmt)
    else:
        sheet.write_string(row, col, str(value), fmt)
