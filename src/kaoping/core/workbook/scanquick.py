"""The quick scan of a sheet's XML: a few searches over the bytes, no Python step per cell.

It vouches for a sheet (or raises ``Irregular`` so that the exact scan reads it) when
- every cell tag starts as every spreadsheet program writes it, ``<c r="F7"`` — so calamine
  places every cell by an ``r`` of its own, never by counting;
- no ``r`` attribute anywhere (a cell's, a row's, a repeated one) names a row or column
  beyond the bound: a search for a pattern built from the bound finds every value that may
  (as many digits as the bound's last row and a first digit as high, or more digits; the
  same for the column's letters), however quoted or spaced, with or without leading zeros
  and in either case, and each one it finds is then read exactly;
and then checks the declared range and the number of cells and merged ranges, and notes
the formulas (where merged ranges lie is checked on what calamine read of them). A match
of the search is refused at once, naming the sheet and the cell.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kaoping.core.workbook.sheetbound import Bound, Irregular, SheetScan, check_range, shown
from kaoping.core.workbook.sheetxml import parse_ref

_IRREGULAR = re.compile(rb'<c(?! r=")[\s/>]')  # a cell tag of another shape
_PREFIXED = re.compile(rb":c[\s/>]")  # <x:c …>: a cell tag with a namespace prefix
_DIMENSION = re.compile(rb"dimension\b[^>]*?\bref\s*=\s*[\"']([^\"'<>]*)")
_FORMULA = re.compile(rb"<f[\s>/]")
_PREFIXED_FORMULA = re.compile(rb":f[\s>/]")
_CELL = re.compile(rb'<c r="([A-Za-z]{1,3}[0-9]{1,7})"')
_VALUE = re.compile(rb"\s*+=\s*+([\"'])\s*+([A-Za-z]*+)0*+([0-9]*+)\s*+\1")  # after the r


class QuickScan:
    """Feed it the XML piece by piece, each ending before a tag (``feed``), then read ``scan``."""

    def __init__(self, bound: Bound) -> None:
        self.bound = bound
        self.scan = SheetScan()
        self.gate = _gate(bound.rows, bound.cols)
        self.cells = 0
        self.merges = 0
        self.last_cell: tuple[int, int] | None = None  # the last cell opened (for a formula)

    def feed(self, buf: bytes, end: int) -> None:
        """Look at ``buf[:end]``, which ends where a tag begins (or at the end of the XML)."""
        if _IRREGULAR.search(buf, 0, end) or _PREFIXED.search(buf, 0, end):
            raise Irregular
        self._far(buf, end)
        self.cells += buf.count(b"<c ", 0, end)
        if self.cells > self.bound.cells:
            raise self.bound.refuse(f"的单元格多于 {self.bound.cells} 个")
        for match in _DIMENSION.finditer(buf, 0, end):
            check_range(self.bound, match.group(1), "声明的范围")
        self.merges += buf.count(b"mergeCell", 0, end)  # each, and <mergeCells> twice
        if self.merges > self.bound.merges + 2:
            raise Irregular  # the exact scan counts them one by one
        self._formulas(buf, end)

    def _far(self, buf: bytes, end: int) -> None:
        """Refuse the first ``r`` value beyond the bound (the gate finds every one that may be)."""
        pos = 0
        while (found := self.gate.search(buf, pos, end)) is not None:
            pos = found.end()
            value = _VALUE.match(buf, found.start() + 1)
            if value is None:
                continue  # not a cell reference: calamine refuses the sheet itself
            letters, digits = value.group(2), value.group(3)
            row = int(digits) if 0 < len(digits) <= 7 else (0 if not digits else 10**7)
            col = _column(letters)
            if row > self.bound.rows or col > self.bound.cols:
                text = shown(letters).upper() + shown(digits)
                raise self.bound.refuse(f"在 {text} 处有单元格" if letters else f"有第 {text} 行")

    def _formulas(self, buf: bytes, end: int) -> None:
        if _PREFIXED_FORMULA.search(buf, 0, end):
            raise Irregular
        for match in _FORMULA.finditer(buf, 0, end):
            at = buf.rfind(b"<c ", 0, match.start())
            cell = _CELL.match(buf, at) if at >= 0 else None
            owner = parse_ref(cell.group(1)) if cell is not None else self.last_cell
            if owner is not None:
                self.scan.formulas.add(owner)
        at = buf.rfind(b"<c ", 0, end)
        cell = _CELL.match(buf, at) if at >= 0 else None
        if cell is not None:
            self.last_cell = parse_ref(cell.group(1))


def _column(letters: bytes) -> int:
    """b"AB" → 28 (1-based; 0 for none); longer than Excel's three letters counts as far."""
    if len(letters) > 3:
        return 10**7
    col = 0
    for ch in letters.upper():
        col = col * 26 + ch - 64
    return col


@lru_cache(maxsize=256)
def _gate(rows: int, cols: int) -> re.Pattern[bytes]:
    """Every ``r`` value whose row may be beyond ``rows`` or whose column beyond ``cols``:
    more digits (letters) than the first row (column) beyond, or as many and a first digit
    (letter) at least as high. Cheap to search for: each value found is read exactly."""
    row, col = str(rows + 1), _letters(cols + 1)
    digits = f"[1-9][0-9]{{{len(row)}}}|[{row[0]}-9][0-9]{{{len(row) - 1}}}"
    letters = f"[A-Za-z]{{{len(col) + 1}}}|[{col[0]}-Z{col[0].lower()}-z][A-Za-z]{{{len(col) - 1}}}"
    value = f"(?:[A-Za-z]*+0*+(?:{digits})|{letters})"
    # the key is r: after a space or a closing quote (looked at behind the r, which keeps the
    # search fast: it jumps from r to r)
    return re.compile(rf"r(?<=[\s\"']r)\s*+=\s*+[\"']\s*+{value}".encode())


def _letters(col: int) -> str:
    """27 → "AA"."""
    out = ""
    while col:
        col, rest = divmod(col - 1, 26)
        out = chr(65 + rest) + out
    return out
