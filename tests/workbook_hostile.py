"""Hostile workbooks made from a real template: each damage a city user could make by hand
(unzip, edit the XML, zip again), as the bytes an upload would carry.

Used by the bounded-reading tests of every entry point (core reader, CLI, API, pages,
accounts import) and by their subprocess probe (``workbook_probe``).
"""

from __future__ import annotations

import io
import re
import struct
import zipfile

_SHEET = re.compile(rb'<sheet\b[^>]*\bname="([^"]*)"[^>]*\br:id="([^"]*)"')
_REL = re.compile(rb'<Relationship\b[^>]*\bId="([^"]*)"[^>]*\bTarget="([^"]*)"')
_DIMENSION = re.compile(rb"<dimension\b[^>]*/>")


def parts_of(content: bytes) -> dict[str, bytes]:
    """The archive's parts, in their order."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {i.filename: archive.read(i) for i in archive.infolist()}


def zipped(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def sheet_path(parts: dict[str, bytes], name: str) -> str:
    """The part holding sheet ``name`` ("表9", "_meta")."""
    rels = {rid: target for rid, target in _REL.findall(parts["xl/_rels/workbook.xml.rels"])}
    for found, rid in _SHEET.findall(parts["xl/workbook.xml"]):
        if found.decode() == name:
            target = rels[rid].decode()
            return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    raise KeyError(name)


def edit_sheet(content: bytes, name: str, cells: bytes, dimension: str | None = None) -> bytes:
    """``cells`` (``<row>`` elements) appended to sheet ``name``'s data.

    ``dimension``: None drops the ``<dimension>`` element, "" keeps it as written, any other
    text replaces its range (a lie, such as "A1:B2")."""
    parts = parts_of(content)
    path = sheet_path(parts, name)
    xml = parts[path]
    if dimension is None:
        xml = _DIMENSION.sub(b"", xml)
    elif dimension:
        xml = _DIMENSION.sub(f'<dimension ref="{dimension}"/>'.encode(), xml)
    if b"<sheetData/>" in xml:
        xml = xml.replace(b"<sheetData/>", b"<sheetData>" + cells + b"</sheetData>")
    else:
        xml = xml.replace(b"</sheetData>", cells + b"</sheetData>", 1)
    parts[path] = xml
    return zipped(parts)


def replace_in_sheet(content: bytes, name: str, old: bytes, new: bytes) -> bytes:
    """Sheet ``name``'s XML with ``old`` replaced by ``new`` (once)."""
    parts = parts_of(content)
    path = sheet_path(parts, name)
    assert old in parts[path], old
    parts[path] = parts[path].replace(old, new, 1)
    return zipped(parts)


def far_cell(content: bytes, name: str, ref: str = "XFD1048576", dimension: str | None = None) -> bytes:
    """One number at ``ref`` in sheet ``name`` (by default with no ``<dimension>``)."""
    row = re.sub(r"^[A-Z]+", "", ref)
    cells = f'<row r="{row}"><c r="{ref}"><v>1</v></c></row>'.encode()
    return edit_sheet(content, name, cells, dimension)


def far_cells_without_refs(content: bytes, name: str, row: int, count: int) -> bytes:
    """A row numbered ``row`` whose ``count`` cells carry no ``r`` (placed one after another)."""
    cells = f'<row r="{row}">'.encode() + b"<c><v>1</v></c>" * count + b"</row>"
    return edit_sheet(content, name, cells)


def repeated_cells(content: bytes, name: str, count: int) -> bytes:
    """``count`` cells all at A1 (inside the range, but each one held by a reader)."""
    return edit_sheet(content, name, b'<row r="1">' + b'<c r="A1"><v>1</v></c>' * count + b"</row>")


def huge_shared_strings(content: bytes, count: int, text: bytes = b"") -> bytes:
    """A shared-strings table of ``count`` entries (the sheets use none of the new ones)."""
    parts = parts_of(content)
    head = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    head += b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    old = parts.get("xl/sharedStrings.xml", b"")
    kept = b"".join(re.findall(rb"<si>.*?</si>", old, re.S))
    parts["xl/sharedStrings.xml"] = head + kept + (b"<si><t>" + text + b"</t></si>") * count + b"</sst>"
    return zipped(parts)


def declared_size(content: bytes, part: str, size: int) -> bytes:
    """The zip's headers claim ``size`` bytes for ``part`` (local header and directory)."""
    data = bytearray(content)
    name = part.encode()
    for signature, offset, name_len_at, name_at in ((b"PK\x03\x04", 22, 26, 30), (b"PK\x01\x02", 24, 28, 46)):
        start = 0
        while (at := data.find(signature, start)) >= 0:
            length = struct.unpack_from("<H", data, at + name_len_at)[0]
            if data[at + name_at : at + name_at + length] == name:
                struct.pack_into("<I", data, at + offset, size)
            start = at + 4
    return bytes(data)


def truncated(content: bytes, keep: int) -> bytes:
    return content[:keep]
