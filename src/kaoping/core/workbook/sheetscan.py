"""One sheet's XML scanned piece by piece, before the reader (calamine) ever sees it.

calamine keeps the cells that hold a value and makes one grid from the first to the last of
them: a single value at XFD1048576 asks it for 17 billion cells (the process aborts), and a
``<dimension>`` says nothing it must believe. The scan refuses, naming the sheet, as soon as
a cell (even an empty formatted one), a row, a declared range or a merged range lies outside
the ``Bound``, or there are more cells or merged ranges than the bound holds; it notes the
formulas on the way (``<c r="F7"><f>…``). The quick scan (``scanquick``) vouches for the
sheets spreadsheet programs write; any other sheet is read again by the exact scan
(``scanexact``), which follows calamine's placing rules tag by tag. Regular expressions over
bytes: no XML parser, so no entity expansion.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from kaoping.core.workbook.safety import text_ok
from kaoping.core.workbook.scanexact import ExactScan
from kaoping.core.workbook.scanquick import QuickScan
from kaoping.core.workbook.sheetbound import Bound, Irregular, SheetScan

MAX_CARRY = 64 * 1024  # an unfinished tag carried from one piece to the next


def scan_sheet(pieces: Callable[[], Iterable[bytes]], bound: Bound) -> SheetScan:
    """The sheet's formulas (and extent); ``Refused`` naming the sheet when beyond ``bound``.
    ``pieces`` gives the XML piece by piece (called again if the exact scan must read it)."""
    try:
        return _quick(pieces(), bound)
    except Irregular:
        return _exact(pieces(), bound)


def _quick(pieces: Iterable[bytes], bound: Bound) -> SheetScan:
    scanner = QuickScan(bound)
    carry, held = b"", None  # a piece is looked at once the next one is known (most parts are one)
    for n, piece in enumerate(pieces):
        _check_text(piece, n == 0, bound)
        if held is not None:
            buf = carry + held
            cut = buf.rfind(b"<")  # a tag from there on may be cut in two
            cut = len(buf) if cut < 0 else cut
            scanner.feed(buf, cut)
            carry = buf[cut:]
            if len(carry) > MAX_CARRY:
                raise Irregular
        held = piece
    last = carry + (held or b"")
    scanner.feed(last, len(last))
    return scanner.scan


def _exact(pieces: Iterable[bytes], bound: Bound) -> SheetScan:
    scanner = ExactScan(bound)
    carry = b""
    for n, piece in enumerate(pieces):
        _check_text(piece, n == 0, bound)
        carry = scanner.feed(carry + piece, final=False)
        if len(carry) > MAX_CARRY:
            raise bound.damaged("标记过长")
    scanner.feed(carry, final=True)
    if scanner.cell is not None:
        raise bound.damaged("单元格未结束")
    return scanner.scan


def _check_text(piece: bytes, first: bool, bound: Bound) -> None:
    if not text_ok(piece, first=first):
        raise bound.damaged("编码不是 UTF-8")
