"""The exact scan of a sheet's XML: every tag that places a cell, followed as calamine
follows it — a cell's ``r`` places it; a cell without one follows the previous cell, and a
``<row>`` without one follows the previous row. Slower than the quick scan (a Python step per
tag), so it runs only on sheets the quick scan cannot vouch for (written by hand or by an
unusual program); its work is bounded by the ``Bound`` (it refuses as soon as a sheet holds
more cells or rows), not by the size of the file.
"""

from __future__ import annotations

import re

from kaoping.core.workbook.sheetbound import Bound, SheetScan, check_range, shown
from kaoping.core.workbook.sheetxml import attributes, cell_name, parse_ref

MAX_TAG = 4096  # characters of one quoted attribute value
_TOKEN = re.compile(rb"<(/?)(?![!?/])(?:[^\s/>:<]*+:)?(row|c|f|dimension|mergeCell)(?=[\s/>])")
_REST = re.compile(rb"((?:[^>\"']++|\"[^\"]{0,%d}+\"|'[^']{0,%d}+')*+)>" % (MAX_TAG, MAX_TAG))
_ROW = re.compile(rb"[0-9]{1,7}")


class ExactScan:
    """Feed it the XML piece by piece (``feed``), then read ``scan``."""

    def __init__(self, bound: Bound) -> None:
        self.bound = bound
        self.scan = SheetScan()
        self.row = 0  # where a <row> or <c> without ``r`` goes, as calamine counts
        self.col = 0
        self.cell: tuple[int, int] | None = None  # inside <c>…</c>
        self.cells = 0
        self.rows = 0
        self.merges = 0

    def feed(self, buf: bytes, final: bool) -> bytes:
        """Handle every complete tag of ``buf``; what may be an unfinished tag is returned."""
        stop = len(buf) if final else buf.rfind(b"<")
        if stop < 0:
            stop = len(buf)
        pos = 0
        while (match := _TOKEN.search(buf, pos)) is not None and match.start() < stop:
            rest = _REST.match(buf, match.end())
            if rest is None:
                if final:
                    raise self.bound.damaged("标记不完整")
                return buf[match.start() :]
            pos = rest.end()
            self._tag(match.group(1), match.group(2), rest.group(1))
        return b"" if final else buf[max(pos, stop) :]

    def _tag(self, end: bytes, name: bytes, raw: bytes) -> None:
        if end:
            if name == b"c":
                self.cell = None
            elif name == b"row":
                self._row_end()
            return
        attrs = attributes(raw)
        if attrs is None:
            raise self.bound.damaged("标记的属性无法识别")
        closed = raw.endswith(b"/")  # <c …/>: no value; <row …/>: no cells (calamine: start and end)
        if name == b"c":
            self._cell(_one(attrs, b"r", self.bound), closed)
        elif name == b"row":
            self._row(_one(attrs, b"r", self.bound), closed)
        elif name == b"f":
            if self.cell is not None:
                self.scan.formulas.add(self.cell)
        elif name == b"dimension":
            check_range(self.bound, _one(attrs, b"ref", self.bound), "声明的范围")
        else:
            self.merges += 1  # where it lies is checked on what calamine read
            if self.merges > self.bound.merges:
                raise self.bound.refuse(f"的合并单元格多于 {self.bound.merges} 处")

    def _cell(self, ref: bytes | None, closed: bool) -> None:
        """A cell, with or without a value (an empty formatted cell counts as well)."""
        if self.cell is not None:
            raise self.bound.damaged("单元格嵌套")
        self.cells += 1
        if self.cells > self.bound.cells:
            raise self.bound.refuse(f"的单元格多于 {self.bound.cells} 个")
        if ref is None:
            at = (self.row, self.col)
        else:
            found = parse_ref(ref)
            if found is None:
                raise self.bound.damaged(f"单元格位置“{shown(ref)}”无效")
            at = found
        row, col = at
        if row >= self.bound.rows or col >= self.bound.cols:
            raise self.bound.refuse(f"在 {cell_name(row, col)} 处有单元格")
        self.col = col + 1
        self.scan.rows = max(self.scan.rows, row + 1)
        self.scan.cols = max(self.scan.cols, col + 1)
        if not closed:  # <c …/> has no value, and no formula
            self.cell = at

    def _row(self, ref: bytes | None, closed: bool) -> None:
        if self.cell is not None:
            raise self.bound.damaged("单元格未结束")
        self.rows += 1
        if self.rows > self.bound.rows:
            raise self.bound.refuse(f"的行多于 {self.bound.rows} 行")
        if ref is not None:
            if _ROW.fullmatch(ref) is None or not 0 < int(ref) <= 1_048_576:
                raise self.bound.damaged(f"行号“{shown(ref)}”无效")
            self.row = int(ref) - 1
        if self.row >= self.bound.rows:
            raise self.bound.refuse(f"有第 {self.row + 1} 行")
        if closed:
            self._row_end()

    def _row_end(self) -> None:
        if self.cell is not None:
            raise self.bound.damaged("单元格未结束")
        self.row += 1
        self.col = 0


def _one(attrs: list[tuple[bytes, bytes]], key: bytes, bound: Bound) -> bytes | None:
    values = [v for k, v in attrs if k == key]
    if len(values) > 1:
        raise bound.damaged("属性重复")
    return values[0] if values else None
