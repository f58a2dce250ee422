"""Base figures (测算基数) per campaign from a workbook or CSV, and the template to fill.

The sheet has one row per member of the campaign (its cities): 组织代码, 单位, 常住人口（万人）,
城镇参保人数（万人）, 县级单位数. Reading goes through the bounded reading every user file
passes (``kaoping.core.workbook.bounded``): at most the campaign's rows plus a margin, a few
columns more than five. A blank cell leaves the figure as it is. Any problem refuses the whole
file, each problem named by row, column and cell (docs/用户手册.md, 测算基数).
"""

from __future__ import annotations

import io
from decimal import Decimal

import xlsxwriter

from kaoping.collection.campaigns import BASE_FIGURE_KEYS, base_figures, member_orgs
from kaoping.collection.figures import read_figure
from kaoping.collection.models import Campaign
from kaoping.core.workbook.bounded import read_table
from kaoping.core.workbook.bounds import COL_MARGIN, MERGE_MARGIN, ROW_MARGIN
from kaoping.core.workbook.safety import Refused
from kaoping.core.workbook.sheetbound import Bound

SHEET = "测算基数"
LABELS = {"population": "常住人口（万人）", "insured_urban": "城镇参保人数（万人）", "counties": "县级单位数"}
HEADER = ["组织代码", "单位", *(LABELS[k] for k in BASE_FIGURE_KEYS)]
MAX_BYTES = 2 * 1024 * 1024
MAX_FIELD = 100


class FiguresRefused(Exception):
    """The file is refused whole; ``problems`` are Chinese sentences naming row, column, cell."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("；".join(problems))
        self.problems = problems


def template(campaign: Campaign) -> bytes:
    """The workbook to fill: the campaign's members with the figures entered so far."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet(SHEET)
    bold = book.add_format({"bold": True, "bg_color": "#EEEEEE", "border": 1})
    text = book.add_format({"num_format": "@", "border": 1})
    number = book.add_format({"border": 1})
    sheet.write_row(0, 0, HEADER, bold)
    sheet.set_column(0, 0, 10)
    sheet.set_column(1, 1, 22)
    sheet.set_column(2, len(HEADER) - 1, 20)
    figures = base_figures(campaign)
    for row, org in enumerate(member_orgs(campaign), start=1):
        sheet.write_string(row, 0, org.code, text)
        sheet.write_string(row, 1, org.name, text)
        for col, key in enumerate(BASE_FIGURE_KEYS, start=2):
            value = figures.get(org.code, {}).get(key)
            if value is None:
                sheet.write_blank(row, col, None, number)
            else:
                sheet.write_number(row, col, float(value), number)
    sheet.freeze_panes(1, 2)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    book.close()
    return out.getvalue()


def read_figures(campaign: Campaign, data: bytes, filename: str) -> dict[str, dict[str, Decimal]]:
    """``{org code: {key: value}}`` from the file, or ``FiguresRefused`` with every problem."""
    if len(data) > MAX_BYTES:
        raise FiguresRefused([f"文件过大（上限 {MAX_BYTES // 1024 // 1024} MB）"])
    members = {o.code: o.name for o in member_orgs(campaign)}
    bound = Bound(SHEET, 1 + len(members) + ROW_MARGIN, len(HEADER) + COL_MARGIN, MERGE_MARGIN)
    grid = _grid(data, filename, bound)
    rows = [r for r in grid if any(r)]
    if not rows:
        raise FiguresRefused(["表格是空的"])
    columns = {key: grid[0].index(label) for key, label in LABELS.items() if label in grid[0]}
    if "组织代码" not in grid[0] or not columns:
        need = "、".join(HEADER[:1] + HEADER[2:])
        raise FiguresRefused([f"第 1 行缺少列：需要“组织代码”和至少一项测算基数（{need}），可用下载的模板"])
    code_col = grid[0].index("组织代码")
    out: dict[str, dict[str, Decimal]] = {}
    problems: list[str] = []
    for line, row in enumerate(grid[1:], start=2):
        if not any(row):
            continue
        code = _at(row, code_col)
        if code not in members:
            problems.append(f"第 {line} 行（{_cell(code_col, line)}）：组织代码“{code}”不是本任务的单位")
            continue
        for key, col in columns.items():
            value, problem = read_figure(key, _at(row, col))
            if problem:
                problems.append(
                    f"第 {line} 行{members[code]}「{LABELS[key]}」（{_cell(col, line)}）：{problem}"
                )
            elif value is not None:
                out.setdefault(code, {})[key] = value
    if problems:
        raise FiguresRefused(problems)
    return out


def _grid(data: bytes, filename: str, bound: Bound) -> list[list[str]]:
    try:
        return read_table(data, filename, bound, max_field=MAX_FIELD, max_bytes=MAX_BYTES, sheet=SHEET)
    except Refused as refusal:
        raise FiguresRefused([str(refusal)]) from refusal


def _at(row: list[str], col: int) -> str:
    return row[col] if col < len(row) else ""


def _cell(col: int, line: int) -> str:
    return f"{chr(ord('A') + col)}{line}" if col < 26 else f"第 {col + 1} 列"
