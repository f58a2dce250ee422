"""The one way the platform reads an .xlsx or a CSV: never more than the caller's bounds.

Every reader of user files (survey imports, bulk import, accounts import) goes through
here. ``BoundedBook`` checks the file (``safety``), finds which part holds which sheet as
the reader (python-calamine) will (``sheetxml``), counts the shared strings the reader
loads on opening against the caller's bound, and hands a sheet to the reader only after
its XML was scanned within that sheet's ``Bound`` (``sheetscan``): calamine is never asked
for a grid larger than the bound, whatever the file declares. ``csv_rows`` holds a CSV to
the same kind of bound, and ``read_table`` reads the tables people make themselves (.xlsx or
CSV: accounts, base figures) with both. Every refusal is ``Refused`` with a Chinese reason
naming the sheet.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from python_calamine import CalamineSheet, CalamineWorkbook

from kaoping.core.workbook.safety import Archive, Limits, Refused, check_file, text_ok
from kaoping.core.workbook.sheetbound import Bound, check_merges
from kaoping.core.workbook.sheetscan import scan_sheet
from kaoping.core.workbook.sheetxml import sheet_parts

Grid = list[list[object]]
Merge = tuple[tuple[int, int], tuple[int, int]]
_ODD = "文件的内部结构异常（编码不是 UTF-8），疑似被改动过的异常文件"


@dataclass
class SheetRead:
    """One sheet as read: its cells from A1, the cells holding a formula, its merged ranges."""

    grid: Grid
    formulas: set[tuple[int, int]]
    merges: list[Merge]


class BoundedBook:
    """A checked workbook; ``strings`` bounds its shared-strings table (loaded on opening)."""

    def __init__(self, content: bytes, *, strings: int, limits: Limits | None = None) -> None:
        self.archive = check_file(content, limits or Limits())
        self.parts = sheet_parts(self.archive)
        _check_opened_parts(self.archive, strings)
        try:
            self._book = CalamineWorkbook.from_filelike(io.BytesIO(content))
        except Exception as error:  # calamine raises several kinds for damaged files
            raise Refused("文件无法作为 Excel 工作簿读取") from error

    @property
    def names(self) -> list[str]:
        """The sheets' names, in the workbook's order."""
        return list(self.parts)

    def sheet(self, name: str, bound: Bound) -> SheetRead:
        """Sheet ``name`` read within ``bound`` (``Refused`` naming ``bound.label`` if not)."""
        path = self.parts.get(name)
        if not path:
            raise Refused(f"工作表“{bound.label}”无法读取（文件结构异常）")
        scan = scan_sheet(lambda: self.archive.chunks(path), bound)
        try:
            source = self._book.get_sheet_by_name(name)
            grid = _grid(source)
            merges = list(source.merged_cell_ranges or [])
        except Exception as error:
            raise Refused(f"工作表“{bound.label}”无法读取（文件内容异常）") from error
        check_merges(bound, merges)
        return SheetRead(grid, scan.formulas, merges)


def _check_opened_parts(archive: Archive, strings: int) -> None:
    """What calamine reads on opening besides the sheet list (``sheet_parts`` read that): the
    shared strings (at most ``strings`` of them) and the styles; UTF-8, within the limits."""
    if archive.has("xl/sharedStrings.xml"):
        count = _strings(archive.chunks("xl/sharedStrings.xml"))
        if count > strings:
            raise Refused(f"文件的共享字符串表有 {count} 条，超过模板最多可能的 {strings} 条，疑似异常文件")
    if archive.has("xl/styles.xml"):
        for n, piece in enumerate(archive.chunks("xl/styles.xml")):
            if not text_ok(piece, first=n == 0):
                raise Refused(_ODD)


def _strings(pieces: Iterable[bytes]) -> int:
    """At least as many as the table's ``<si>`` entries (``<x:si …>`` too). A piece may cut
    ``<si`` in two: its last two bytes are looked at again with the next piece (too short
    to hold it whole, so nothing is counted twice)."""
    count, tail = 0, b""
    for n, piece in enumerate(pieces):
        if not text_ok(piece, first=n == 0):
            raise Refused(_ODD)
        buf = tail + piece
        count += buf.count(b"<si") + buf.count(b":si")
        tail = buf[-2:]
    return count


def _grid(sheet: CalamineSheet) -> Grid:
    """The sheet's cells from A1 (calamine may start at the first used cell)."""
    rows: Sequence[Sequence[object]] = sheet.to_python(skip_empty_area=False)
    (r0, c0), (r1, _) = sheet.start or (0, 0), sheet.end or (0, 0)
    grid = [list(r) for r in rows]
    if len(grid) < r1 + 1 and (r0 or c0):
        grid = [[""] * c0 + row for row in grid]
        grid = [[] for _ in range(r0)] + grid
    return grid


def read_table(
    data: bytes, filename: str, bound: Bound, *, max_field: int, max_bytes: int, sheet: str = ""
) -> list[list[str]]:
    """A table people fill themselves (an accounts or base-figures sheet), .xlsx or CSV, as
    stripped texts within ``bound`` and ``max_field`` characters a cell. The workbook's
    sheet ``sheet`` is read if it has one, else its first sheet; a CSV may be UTF-8 or GBK."""
    if data[:4] == b"PK\x03\x04":
        book = BoundedBook(data, strings=bound.cells, limits=Limits(max_bytes=max_bytes))
        name = sheet if sheet in book.names else (book.names[0] if book.names else "")
        grid = [[_text(v) for v in row] for row in book.sheet(name, replace(bound, label=name)).grid]
    elif filename.lower().endswith((".xlsx", ".xls")) or b"\x00" in data[:1024]:
        raise Refused("文件不是 xlsx 或 csv 格式")
    else:
        grid = [[c.strip() for c in row] for row in csv_rows(_decoded(data), bound, max_field)]
    for line, row in enumerate(grid, start=1):
        for n, text in enumerate(row, start=1):
            if len(text) > max_field:
                raise Refused(f"第 {line} 行第 {n} 列的内容过长（{len(text)} 字，最多 {max_field} 字）")
    return grid


def _decoded(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):  # Excel in China saves CSV as GBK
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise Refused("无法识别 CSV 文件的编码（请另存为 UTF-8 或 GBK）")


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # 13912345678 read from an .xlsx as a float
    return str(value if value is not None else "").strip()


def csv_rows(text: str, bound: Bound, max_field: int) -> list[list[str]]:
    """A CSV's rows within ``bound`` (rows, columns) and ``max_field`` characters a field."""
    out: list[list[str]] = []
    reader = csv.reader(io.StringIO(text))
    try:
        for row in reader:
            line = reader.line_num
            if len(out) >= bound.rows:
                raise Refused(f"“{bound.label}”超过 {bound.rows} 行，未导入")
            if len(row) > bound.cols:
                raise Refused(
                    f"“{bound.label}”第 {line} 行有 {len(row)} 列，超过上限 {bound.cols} 列，未导入"
                )
            for n, field in enumerate(row, start=1):
                if len(field) > max_field:
                    raise Refused(
                        f"“{bound.label}”第 {line} 行第 {n} 列的内容过长"
                        f"（{len(field)} 字，最多 {max_field} 字），未导入"
                    )
            out.append(row)
    except csv.Error as error:
        raise Refused(f"“{bound.label}”第 {reader.line_num} 行的 CSV 格式有误，无法读取") from error
    return out
