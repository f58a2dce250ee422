"""The class, not the examples: generated sheet XML, damaged in the ways that fool a reader
(cells placed by counting, rows without numbers, quotes and spaces, lower case, leading
zeros, namespace prefixes, self-closing tags, lying dimensions, formulas), scanned in
pieces of every size, against an oracle that places cells as calamine does — parsed by a
real XML parser (expat), not by the scan's regular expressions.

Soundness: a cell the oracle places outside the bound is always refused. Exactness on
these well-formed sheets: the scan refuses exactly when a cell, a numbered row or the
declared range lies outside the bound, and finds the same formulas. No calamine runs here.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from xml.parsers import expat

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kaoping.core.workbook.safety import Refused
from kaoping.core.workbook.sheetbound import Bound
from kaoping.core.workbook.sheetscan import scan_sheet
from kaoping.core.workbook.sheetxml import cell_name

EXAMPLES = int(os.environ.get("KAOPING_HYPOTHESIS_EXAMPLES", "300"))
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


@dataclass
class Placed:
    """Where calamine puts things: every cell (even empty), numbered rows, formula cells."""

    cells: list[tuple[int, int]] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    formulas: set[tuple[int, int]] = field(default_factory=set)
    dimension: list[tuple[int, int]] = field(default_factory=list)


def _ref(text: str) -> tuple[int, int]:
    letters = "".join(ch for ch in text if ch.isalpha()).upper()
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return int(text[len(letters) :]) - 1, col - 1


def oracle(xml: bytes) -> Placed:
    """calamine's placing rules (xlsx/cells_reader.rs) over expat's events."""
    placed = Placed()
    at = {"row": 0, "col": 0}
    cell: list[tuple[int, int]] = []
    parser = expat.ParserCreate()
    parser.ordered_attributes = True

    def local(name: str) -> str:
        return name.split(":", 1)[1] if ":" in name else name

    def start(name: str, attrs: list[str]) -> None:
        pairs = list(zip(attrs[::2], attrs[1::2], strict=True))
        r = next((v for k, v in pairs if k == "r"), None)
        if local(name) == "row" and r is not None:
            at["row"] = int(r) - 1
            placed.rows.append(at["row"])
        elif local(name) == "c":
            pos = _ref(r) if r is not None else (at["row"], at["col"])
            at["col"] = pos[1]
            placed.cells.append(pos)
            cell.append(pos)
        elif local(name) == "f" and cell:
            placed.formulas.add(cell[-1])
        elif local(name) == "dimension":
            placed.dimension = [_ref(x) for x in dict(pairs)["ref"].split(":")]

    def end(name: str) -> None:
        if local(name) == "row":
            at["row"] += 1
            at["col"] = 0
        elif local(name) == "c":
            at["col"] += 1
            cell.pop()

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.Parse(xml, True)
    return placed


@st.composite
def attribute(draw: st.DrawFn, key: str, value: str, by_hand: bool) -> str:
    if not by_hand:
        return f' {key}="{value}"'
    quote = draw(st.sampled_from(['"', "'"]))
    space = draw(st.sampled_from(["", "", " ", "\n"]))
    return f" {key}{space}={space}{quote}{value}{quote}"


@st.composite
def ref(draw: st.DrawFn, row: int, col: int, by_hand: bool) -> str:
    name = cell_name(row, col)
    if not by_hand:
        return name
    letters = name.rstrip("0123456789")
    if draw(st.booleans()):
        letters = letters.lower()
    zeros = "0" * draw(st.sampled_from([0, 0, 0, 1, 3]))
    return f"{letters}{zeros}{name[len(letters) :]}"


def _place(limit: int, last: int) -> st.SearchStrategy[int]:
    """Mostly inside (often at the edge), sometimes just past it, now and then at Excel's end."""
    inside = st.integers(0, limit - 1) | st.sampled_from([max(0, limit - 2), limit - 1])
    return inside | st.integers(limit, limit + 2) | st.just(last)


@st.composite
def cell(draw: st.DrawFn, row_at: int, bound: Bound, by_hand: bool, prefix: str) -> str:
    """One cell: by a program, always with its r; by hand, perhaps without one."""
    col_at = draw(_place(bound.cols, 16383))
    cell_row = row_at if draw(st.integers(0, 3)) else draw(_place(bound.rows, 1048575))
    attrs = ""
    if not by_hand or draw(st.booleans()):
        attrs = draw(attribute("r", draw(ref(cell_row, col_at, by_hand)), by_hand))
    attrs += draw(st.sampled_from(["", ' s="3"', ' t="n"', ' s="1" t="s"']))
    body = draw(st.sampled_from(["", "<v>1</v>", "<f>SUM(A1:A2)</f><v>3</v>", "<is><t>甲</t></is>"]))
    body = body.replace("</", "\0").replace("<", f"<{prefix}").replace("\0", f"</{prefix}")
    return f"<{prefix}c{attrs}/>" if not body else f"<{prefix}c{attrs}>{body}</{prefix}c>"


@st.composite
def sheet(draw: st.DrawFn) -> tuple[bytes, Bound]:
    """A sheet as a program writes it, or as a person edits it by hand (two in three)."""
    bound = Bound("表9", draw(st.integers(1, 60)), draw(st.integers(1, 30)), 50)
    by_hand = draw(st.integers(0, 2)) > 0
    prefix = draw(st.sampled_from(["", "", "x:"])) if by_hand else ""
    rows_xml = []
    for _ in range(draw(st.integers(0, min(bound.rows, 8)))):
        row_at = draw(_place(bound.rows, 1048575))
        numbered = not by_hand or draw(st.booleans())
        head = f"<{prefix}row" + (draw(attribute("r", str(row_at + 1), by_hand)) if numbered else "")
        cells = [draw(cell(row_at, bound, by_hand, prefix)) for _ in range(draw(st.integers(0, 5)))]
        closed = not cells and draw(st.booleans())
        rows_xml.append(f"{head}/>" if closed else f"{head}>{''.join(cells)}</{prefix}row>")
    dimension = ""
    if draw(st.booleans()):
        last = cell_name(draw(_place(bound.rows, 1048575)), draw(_place(bound.cols, 16383)))
        dimension = f'<{prefix}dimension ref="A1:{last}"/>'
    xmlns = f'xmlns:x="{MAIN}"' if prefix else f'xmlns="{MAIN}"'
    tag = f"{prefix}worksheet"
    data = f"<{prefix}sheetData>{''.join(rows_xml)}</{prefix}sheetData>"
    xml = f'<?xml version="1.0" encoding="UTF-8"?>\n<{tag} {xmlns}>{dimension}{data}</{tag}>'
    return xml.encode(), bound


def _beyond(placed: Placed, bound: Bound) -> bool:
    def out(row: int, col: int) -> bool:
        return row >= bound.rows or col >= bound.cols

    return (
        len(placed.cells) > bound.cells
        or any(out(*at) for at in placed.cells)
        or any(row >= bound.rows for row in placed.rows)
        or any(out(*at) for at in placed.dimension)
    )


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sheet(), st.integers(1, 200))
def test_the_scan_refuses_exactly_what_calamine_would_place_outside_the_bound(
    case: tuple[bytes, Bound], piece: int
) -> None:
    xml, bound = case
    placed = oracle(xml)
    try:
        scan = scan_sheet(lambda: [xml[i : i + piece] for i in range(0, len(xml), piece)], bound)
    except Refused as refusal:
        assert _beyond(placed, bound), (str(refusal), xml)
        assert str(refusal).startswith("工作表“表9”")
        return
    assert not _beyond(placed, bound), xml
    assert scan.formulas == placed.formulas
