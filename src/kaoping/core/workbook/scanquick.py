"""The quick scan of a sheet's XML: a few searches over the bytes, no Python step per cell.

It vouches for a sheet (or raises ``Irregular`` so that the exact scan reads it) when
- every cell tag starts as every spreadsheet program writes it, ``<c r="F7"`` — so calamine
  places every cell by an ``r`` of its own, never by counting;
- no ``r`` attribute anywhere (a cell's, a row's, a repeated one) names a row or column
  beyond the bound: one search for a pattern built from the bound matches any such value,
  however quoted or spaced, with or without leading zeros;
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


class QuickScan:
    """Feed it the XML piece by piece, each ending before a tag (``feed``), then read ``scan``."""

    def __init__(self, bound: Bound) -> None:
        self.bound = bound
        self.scan = SheetScan()
        self.far = _far(bound.rows, bound.cols)
        self.cells = 0
        self.merges = 0
        self.last_cell: tuple[int, int] | None = None  # the last cell opened (for a formula)

    def feed(self, buf: bytes, end: int) -> None:
        """Look at ``buf[:end]``, which ends where a tag begins (or at the end of the XML)."""
        if _IRREGULAR.search(buf, 0, end) or _PREFIXED.search(buf, 0, end):
            raise Irregular
        far = self.far.search(buf, 0, end)
        if far is not None:
            raise self.bound.refuse(_where(far.group(2)))
        self.cells += buf.count(b"<c ", 0, end)
        if self.cells > self.bound.cells:
            raise self.bound.refuse(f"的单元格多于 {self.bound.cells} 个")
        for match in _DIMENSION.finditer(buf, 0, end):
            check_range(self.bound, match.group(1), "声明的范围")
        self.merges += buf.count(b"mergeCell", 0, end)  # each, and <mergeCells> twice
        if self.merges > self.bound.merges + 2:
            raise Irregular  # the exact scan counts them one by one
        self._formulas(buf, end)

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


def _where(value: bytes) -> str:
    text = shown(value.strip())
    return f"有第 {text.lstrip('0')} 行" if text.isdigit() else f"在 {text.upper()} 处有单元格"


@lru_cache(maxsize=256)
def _far(rows: int, cols: int) -> re.Pattern[bytes]:
    """Any ``r`` attribute whose row is beyond ``rows`` or whose column is beyond ``cols``."""
    row = _at_least(str(rows + 1), "0123456789")
    col = _at_least(_letters(cols + 1), "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    value = rf"(?:[A-Za-z]*+0*+{row}|(?i:{col})[0-9]++)"
    # the key is r: after a space or a closing quote (checked behind the r, which keeps the
    # search fast: it jumps from r to r)
    return re.compile(rf"r(?<=[\s\"']r)\s*+=\s*+([\"'])\s*+({value})\s*+\1".encode())


def _at_least(least: str, digits: str) -> str:
    """A pattern of the numerals ≥ ``least`` (no leading zeros) in the positional system of
    ``digits`` (decimal, or the letters of column names)."""
    first, rest = digits[1] if digits[0] == "0" else digits[0], digits
    options = [least]
    for i, ch in enumerate(least):
        higher = rest[rest.index(ch) + 1 :]
        if higher:
            options.append(
                f"{least[:i]}[{higher[0]}-{higher[-1]}][{rest[0]}-{rest[-1]}]{{{len(least) - i - 1}}}"
            )
    options.append(f"[{first}-{rest[-1]}][{rest[0]}-{rest[-1]}]{{{len(least)},}}")
    return "(?:" + "|".join(options) + ")"


def _letters(col: int) -> str:
    """27 → "AA"."""
    out = ""
    while col:
        col, rest = divmod(col - 1, 26)
        out = chr(65 + rest) + out
    return out
