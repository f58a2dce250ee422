"""A lightweight look at the sheets' XML: which sheet is which part, dimensions, formulas.

calamine gives cached values only; whether a cell holds a formula is read here from the
XML (``<c r="F7"><f>…</f>``), with regular expressions over bytes — no XML parser, so no
entity expansion, and fast. Nothing is ever evaluated.
"""

from __future__ import annotations

import html
import posixpath
import re

_SHEET = re.compile(rb"<(?:\w+:)?sheet\b([^>]*)/?>")
_REL = re.compile(rb"<(?:\w+:)?Relationship\b([^>]*)/?>")
_ATTR = re.compile(rb"([\w:]+)\s*=\s*\"([^\"]*)\"")
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b[^>]*\bref=\"([A-Z]+\d+(?::[A-Z]+\d+)?)\"")
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_CELL = re.compile(rb"<(?:\w+:)?c\s[^>]*?\br=\"([A-Z]{1,3}\d{1,7})\"")
_REF = re.compile(r"^([A-Z]+)(\d+)$")


def _attrs(raw: bytes) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, value in _ATTR.findall(raw):
        key = name.decode("ascii", "replace").split(":")[-1]
        out.setdefault(key, html.unescape(value.decode("utf-8", "replace")))
    return out


def sheet_parts(parts: dict[str, bytes]) -> dict[str, bytes]:
    """Sheet name → its XML, from xl/workbook.xml and its relationships."""
    book = parts.get("xl/workbook.xml", b"")
    rels = parts.get("xl/_rels/workbook.xml.rels", b"")
    targets: dict[str, str] = {}
    for raw in _REL.findall(rels):
        attrs = _attrs(raw)
        if "Id" in attrs and "Target" in attrs:
            target = attrs["Target"]
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
            targets[attrs["Id"]] = path
    out: dict[str, bytes] = {}
    for raw in _SHEET.findall(book):
        attrs = _attrs(raw)
        name, rid = attrs.get("name"), attrs.get("id")
        if name is None or rid is None:
            continue
        xml = parts.get(targets.get(rid, ""))
        if xml is not None:
            out[name] = xml
    return out


def split_ref(ref: str) -> tuple[int, int]:
    """ "F7" → (6, 5), 0-based (row, col)."""
    match = _REF.match(ref)
    if match is None:
        return (0, 0)
    letters, digits = match.groups()
    col = 0
    for ch in letters:
        col = col * 26 + (ord(ch) - 64)
    return int(digits) - 1, col - 1


def dimension_of(xml: bytes) -> tuple[int, int]:
    """(rows, columns) the sheet declares it spans; (0, 0) when it does not say."""
    match = _DIMENSION.search(xml, 0, 4096)
    if match is None:
        return (0, 0)
    last = match.group(1).decode("ascii").split(":")[-1]
    row, col = split_ref(last)
    return row + 1, col + 1


def formula_cells(xml: bytes) -> set[tuple[int, int]]:
    """(row, col) of every cell holding a formula."""
    found: set[tuple[int, int]] = set()
    for match in _FORMULA.finditer(xml):
        # the cell a formula belongs to is the last <c r="…"> opened before it
        window = xml[max(0, match.start() - 400) : match.start()]
        cells = _CELL.findall(window)
        if cells:
            found.add(split_ref(cells[-1].decode("ascii")))
    return found
