"""Read an accounts sheet (xlsx or csv): 组织代码, 角色, 姓名, 手机号, 用户名 (optional)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

HEADERS = {"组织代码": "org", "角色": "role", "姓名": "name", "手机号": "phone", "用户名": "username"}
REQUIRED = ("org", "role", "name", "phone")
MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000


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


def _cell(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # 13912345678 read from xlsx as a float
    return str(value if value is not None else "").strip()


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):  # Excel in China saves csv as GBK
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SheetError("无法识别 CSV 文件的编码（请另存为 UTF-8 或 GBK）")


def _grid(data: bytes, filename: str) -> list[list[str]]:
    if data[:4] == b"PK\x03\x04":
        from python_calamine import CalamineWorkbook

        try:
            book = CalamineWorkbook.from_filelike(io.BytesIO(data))
            rows = book.get_sheet_by_index(0).to_python()
        except Exception as exc:  # calamine raises several kinds for damaged files
            raise SheetError(f"无法读取 Excel 文件：{exc}") from exc
        return [[_cell(v) for v in row] for row in rows]
    if filename.lower().endswith((".xlsx", ".xls")) or b"\x00" in data[:1024]:
        raise SheetError("文件不是 xlsx 或 csv 格式")
    return [[_cell(v) for v in row] for row in csv.reader(io.StringIO(_decode(data)))]


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
