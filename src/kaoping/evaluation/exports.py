"""The results as an Excel workbook in the rubric's layout: categories, items and criteria
as rows (with their points), the cities as columns, category subtotals and the total, the
rank; A4 landscape, headers repeated on every printed page."""

from __future__ import annotations

import io
from decimal import Decimal

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from kaoping.collection.models import Campaign
from kaoping.core.scoring.numbers import display
from kaoping.core.scoring.results import CANNOT, EvaluationResult
from kaoping.core.workbook.heights import row_height

WIDTHS = (10, 14, 34, 5)  # 工作分类, 工作项目, 评分标准, 分值; then a column per city
CITY_WIDTH = 7


def _value(value: Decimal | None, cannot: bool = False) -> float | str:
    """A score as the sheet shows it; 无法计算 where it cannot be computed."""
    if cannot:
        return CANNOT
    return "" if value is None else float(display(value))


def results_workbook(campaign: Campaign, result: EvaluationResult) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("考评结果")
    base = {"font_name": "Noto Sans CJK SC", "font_size": 10, "border": 1, "valign": "vcenter"}
    title = book.add_format({**base, "border": 0, "bold": True, "font_size": 14, "align": "center"})
    head = book.add_format(
        {**base, "bold": True, "align": "center", "text_wrap": True, "bg_color": "#EEF0F3"}
    )
    text = book.add_format({**base, "text_wrap": True})
    number = book.add_format({**base, "num_format": "0.0", "align": "right"})
    points = book.add_format({**base, "num_format": "0.##", "align": "center"})
    subtotal_text = book.add_format({**base, "bold": True, "bg_color": "#F5F5F5"})
    subtotal = book.add_format({**base, "bold": True, "num_format": "0.0", "bg_color": "#F5F5F5"})
    cities = list(result.cities)  # the tree's order, as on the paper table
    last_col = 3 + len(cities)
    sheet.merge_range(0, 0, 0, last_col, f"{result.rubric.title} · {campaign.title}", title)
    for col, label in enumerate(["工作分类", "工作项目", "评分标准", "分值"]):
        sheet.write(1, col, label, head)
    for i, city in enumerate(cities):
        sheet.write(1, 4 + i, city.org.name, head)
    row = 2
    for category in result.rubric.categories:
        first = row
        for item in category.items:
            item_first = row
            for criterion in item.criteria:
                sheet.write(row, 2, f"{criterion.number}. {criterion.label}", text)
                sheet.write_number(row, 3, float(criterion.points), points)
                for i, city in enumerate(cities):
                    scored = city.criterion(criterion.key)
                    sheet.write(row, 4 + i, _value(scored.counted, scored.problem is not None), number)
                row += 1
            _merge(sheet, item_first, row - 1, 1, f"{item.label}（{item.points:f} 分）", text)
        _merge(sheet, first, row - 1, 0, f"{category.number}. {category.label}", text)
        sheet.merge_range(row, 0, row, 2, f"{category.label} 小计", subtotal_text)
        sheet.write_number(row, 3, float(category.points), subtotal)
        for i, city in enumerate(cities):
            subtotal_value = city.categories[category.key]
            sheet.write(row, 4 + i, _value(subtotal_value, subtotal_value is None), subtotal)
        row += 1
    sheet.merge_range(row, 0, row, 2, "总分", subtotal_text)
    sheet.write_number(row, 3, float(result.rubric.points), subtotal)
    for i, city in enumerate(cities):
        sheet.write(row, 4 + i, _value(city.total, city.total is None), subtotal)
    sheet.merge_range(row + 1, 0, row + 1, 3, "名次", subtotal_text)
    for i, city in enumerate(cities):
        sheet.write(row + 1, 4 + i, city.shown_rank if city.rank is None else city.rank, subtotal)
    for col, width in enumerate(WIDTHS):
        sheet.set_column(col, col, width)
    sheet.set_column(4, last_col, CITY_WIDTH)
    _size_rows(sheet, result)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(1)
    sheet.freeze_panes(2, 4)
    book.close()
    return buffer.getvalue()


def _size_rows(sheet: Worksheet, result: EvaluationResult) -> None:
    """Rows tall enough for their wrapped text when LibreOffice opens the file (it does not
    grow them): the city names, each criterion, and an item's or category's merged label
    shared out over the rows it spans."""
    sheet.set_row(
        1, row_height([(c.org.name, CITY_WIDTH) for c in result.cities] + [("工作分类", WIDTHS[0])])
    )
    row = 2
    for category in result.rubric.categories:
        rows: dict[int, float] = {}
        for item in category.items:
            first = row
            for criterion in item.criteria:
                rows[row] = row_height([(f"{criterion.number}. {criterion.label}", WIDTHS[2])])
                row += 1
            _share(rows, range(first, row), row_height([(f"{item.label}（{item.points:f} 分）", WIDTHS[1])]))
        _share(rows, range(min(rows), row), row_height([(f"{category.number}. {category.label}", WIDTHS[0])]))
        for number, height in rows.items():
            sheet.set_row(number, height)
        row += 1  # the subtotal


def _share(rows: dict[int, float], span: range, needed: float) -> None:
    """Grow the rows of ``span`` evenly until together they are ``needed`` tall."""
    short = needed - sum(rows[r] for r in span)
    for r in span:
        rows[r] += max(short, 0) / len(span)


def _merge(sheet: Worksheet, first: int, last: int, col: int, label: str, fmt: Format) -> None:
    if last > first:
        sheet.merge_range(first, col, last, col, label, fmt)
    else:
        sheet.write(first, col, label, fmt)
