"""Row heights for wrapped text: a spreadsheet (LibreOffice above all) does not grow a row to
fit the text an export wraps, so the writer sets each row's height from its longest text."""

from __future__ import annotations

import math
from collections.abc import Iterable

from kaoping.core.workbook.layoutbuild import text_units

LINE = 12.5  # points per line of 10-point text, as LibreOffice draws it
LOWEST = 15.0  # a one-line row
HIGHEST = 409.0  # Excel's ceiling


def lines(text: str, width: float) -> int:
    """Lines ``text`` takes wrapped in a column ``width`` units wide (its own breaks kept)."""
    usable = max(width - 0.6, 1.0)  # the cell's padding
    return sum(max(1, math.ceil(text_units(part) / usable)) for part in text.split("\n"))


def row_height(cells: Iterable[tuple[str, float]], line: float = LINE) -> float:
    """Height (points) of a row holding (text, column width) pairs, tall enough for each."""
    most = max((lines(text, width) for text, width in cells if text), default=1)
    return min(max(LOWEST, most * line + 3), HIGHEST)
