"""Read an accounts sheet (xlsx or csv): 组织代码, 角色, 姓名, 手机号, 用户名 (optional).

Both kinds are read through the bounded reading every user file goes through
(``kaoping.core.workbook.bounded``): at most ``MAX_ROWS`` rows under the header and a few
columns more than the five it knows, each field at most ``MAX_FIELD`` characters.
"""

from __future__ import annotations

from dataclasses import dataclass

from kaoping.core.workbook.bounded import read_table
from kaoping.core.workbook.bounds import COL_MARGIN, MERGE_MARGIN, ROW_MARGIN
from kaoping.core.workbook.safety import Refused
from kaoping.core.workbook.sheetbound import Bound

HEADERS = {"组织代码": "org", "角色": "role", "姓名": "name", "手机号": "phone", "用户名": "username"}
REQUIRED = ("org", "role", "name", "phone")
MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
MAX_FIELD = 200  # characters in one field (names, codes, phone numbers)


class SheetError(Exception):
    """The sheet cannot be read at all (format, headers, size)."""


@dataclass(frozen=True)
class SheetRow:
    line: int  # as the user sees it in the sheet (the header is line 1)
    org: str
    role: str
    name: str
    phone: str
    username: str


def _bound(label: str) -> Bound:
    """The header, ``MAX_ROWS`` rows and a margin of blank ones; the columns it knows and more."""
    return Bound(label, 1 + MAX_ROWS + ROW_MARGIN, len(HEADERS) + COL_MARGIN, MERGE_MARGIN)


def _grid(data: bytes, filename: str) -> list[list[str]]:
    try:
        return read_table(data, filename, _bound("CSV 文件"), max_field=MAX_FIELD, max_bytes=MAX_BYTES)
    except Refused as refusal:
        raise SheetError(str(refusal)) from refusal


def read_sheet(data: bytes, filename: str = "") -> list[SheetRow]:
    if len(data) > MAX_BYTES:
        raise SheetError(f"文件过大（上限 {MAX_BYTES // 1024 // 1024} MB）")
    grid = [row for row in _grid(data, filename) if any(row)]
    if not grid:
        raise SheetError("表格是空的")
    columns = {HEADERS[h]: i for i, h in enumerate(grid[0]) if h in HEADERS}
    missing = [label for label, key in HEADERS.items() if key in REQUIRED and key not in columns]
    if missing:
        raise SheetError(
            "第 1 行缺少列：" + "、".join(missing) + "（需要：组织代码、角色、姓名、手机号，可选用户名）"
        )
    if len(grid) - 1 > MAX_ROWS:
        raise SheetError(f"行数过多（上限 {MAX_ROWS} 行）")

    def get(row: list[str], key: str) -> str:
        index = columns.get(key)
        return row[index] if index is not None and index < len(row) else ""

    return [
        SheetRow(line, get(r, "org"), get(r, "role"), get(r, "name"), get(r, "phone"), get(r, "username"))
        for line, r in enumerate(grid[1:], start=2)
        if any(r)
    ]
