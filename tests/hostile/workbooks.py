"""Damaged workbooks, made from a unit's real template as a city user would damage it by hand
(tests/workbook_hostile.py): far cells in dimension-less sheets, lying dimensions and zip
sizes, oversized shared strings, broken and truncated zips, cells holding hostile values,
a meta sheet claiming another unit, and files that are no workbook at all.

Each drawn damage is a small recipe (drawn by the round's ``random.Random``); the bytes are
built when the upload is sent, once per recipe while it is kept (most draws repeat, and the
large ones are few), so a thousand uploads cost a few seconds of the harness's time."""

from __future__ import annotations

import functools
import io
import re
import zipfile
from dataclasses import dataclass
from random import Random

from tests import workbook_hostile as damage

from .values import NUMBERS

FAR = ["XFD1048576", "ZZ30000", "A1048576", "XFD1", "AAA5000", "B4000", "IV65536"]
DIMENSIONS: list[str | None] = [None, "", "A1:B2", "A1:XFD1048576", "A1", "Z9:A1", "A0:B-1"]
HOWS = (
    "far", "unnumbered", "repeated", "shared", "laughs", "padded", "value", "claims", "size", "truncated",
    "flipped", "dropped", "raw",
)  # fmt: skip
SHEETS = ["_meta", "表1", "表7", "表9", "表12", "nonexistent"]
CELL_VALUES = [*NUMBERS[:24], "=1/0", "#DIV/0!", "\ud800", "长" * 40_000, "320500", "<![CDATA[x]]>"]
FILENAMES = [
    "a.xlsx", "南京.xlsx", "../../etc/passwd.xlsx", "a.csv", "A.XLSX", "x" * 300 + ".xlsx", "", ".xlsx",
    "a.xlsx\x00.exe", "a.pdf", "a.zip", "con.xlsx", "a\r\nb.xlsx",
]  # fmt: skip
RAW_FILENAMES = [b"\xff\xfe.xlsx", b"\xc3(.xlsx", b"\xed\xa0\x80.xlsx"]  # not UTF-8
SHARED = [(1, 3_000_000), (1000, 1000), (200_000, 0), (50_000, 20)]  # entries × bytes: a few MB each
BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'
    b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&d;&d;&d;</t></si></sst>'
)


@dataclass(frozen=True)
class Recipe:
    """One damage to one template: ``how`` names the damage, ``args`` its parameters."""

    template: str  # the organisation whose template it starts from
    how: str
    args: tuple[object, ...]


class Templates:
    """Each unit's template (bytes) and its parts, fetched once from the running server."""

    def __init__(self, templates: dict[str, bytes]) -> None:
        self.bytes = templates
        self.parts = {org: damage.parts_of(content) for org, content in templates.items()}

    def build(self, recipe: Recipe) -> bytes:
        return _cached(self, recipe)


def _zipped(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def _sheet(parts: dict[str, bytes], name: str) -> str:
    try:
        return damage.sheet_path(parts, name)
    except KeyError:
        return damage.sheet_path(parts, "_meta")


def _edit(parts: dict[str, bytes], sheet: str, change) -> bytes:  # type: ignore[no-untyped-def]
    path = _sheet(parts, sheet)
    return _zipped({**parts, path: change(parts[path])})


def _rows(xml: bytes, cells: bytes, dimension: str | None) -> bytes:
    if dimension is None:
        xml = re.sub(rb"<dimension\b[^>]*/>", b"", xml)
    elif dimension:
        xml = re.sub(rb"<dimension\b[^>]*/>", f'<dimension ref="{dimension}"/>'.encode(), xml)
    if b"<sheetData/>" in xml:
        return xml.replace(b"<sheetData/>", b"<sheetData>" + cells + b"</sheetData>")
    return xml.replace(b"</sheetData>", cells + b"</sheetData>", 1)


def _escaped(text: str) -> bytes:
    plain = text.encode("utf-8", "surrogatepass")
    return plain.replace(b"&", b"&amp;").replace(b"<", b"&lt;")


@functools.lru_cache(maxsize=128)
def _cached(templates: Templates, recipe: Recipe) -> bytes:
    parts, content, args = templates.parts[recipe.template], templates.bytes[recipe.template], recipe.args
    how = recipe.how
    if how == "far":
        sheet, ref, dimension = args
        row = re.sub(r"^[A-Z]+", "", str(ref))
        cells = f'<row r="{row}"><c r="{ref}"><v>1</v></c></row>'.encode()
        return _edit(parts, str(sheet), lambda x: _rows(x, cells, dimension))  # type: ignore[arg-type]
    if how == "unnumbered":
        sheet, row, count = args
        cells = f'<row r="{row}">'.encode() + b"<c><v>1</v></c>" * int(count) + b"</row>"  # type: ignore[call-overload]
        return _edit(parts, str(sheet), lambda x: _rows(x, cells, None))
    if how == "repeated":
        sheet, count = args
        cells = b'<row r="1">' + b'<c r="A1"><v>1</v></c>' * int(count) + b"</row>"  # type: ignore[call-overload]
        return _edit(parts, str(sheet), lambda x: _rows(x, cells, ""))
    if how == "shared":
        ((count, size),) = args
        return damage.huge_shared_strings(content, int(count), b"x" * int(size))  # type: ignore[call-overload]
    if how == "laughs":
        return _zipped({**parts, "xl/sharedStrings.xml": BILLION_LAUGHS})
    if how == "padded":  # a zip bomb in miniature: megabytes of blanks inside one sheet
        sheet, megabytes = args
        pad = b" " * (int(megabytes) << 20)  # type: ignore[call-overload]
        return _edit(parts, str(sheet), lambda x: x.replace(b"<sheetData", pad + b"<sheetData", 1))
    return _cached_more(templates, recipe)


def _cached_more(templates: Templates, recipe: Recipe) -> bytes:
    parts, content, args = templates.parts[recipe.template], templates.bytes[recipe.template], recipe.args
    how = recipe.how
    if how == "value":  # a value typed into a cell the template offers
        sheet, text, nth = args
        new = b"<v>" + _escaped(str(text)) + b"</v>"

        def change(xml: bytes) -> bytes:
            found = list(re.finditer(rb"<v>[^<]*</v>", xml))
            if not found:
                return _rows(
                    xml,
                    b'<row r="5"><c r="C5" t="inlineStr"><is><t>' + new[3:-4] + b"</t></is></c></row>",
                    "",
                )
            at = found[int(nth) % len(found)]  # type: ignore[call-overload]
            return xml[: at.start()] + new + xml[at.end() :]

        return _edit(parts, str(sheet), change)
    if how == "claims":  # the meta sheet names another unit or campaign
        old, new = args
        return _edit(parts, "_meta", lambda x: x.replace(str(old).encode(), str(new).encode()))
    if how == "size":
        part, size = args
        return damage.declared_size(content, str(part), int(size))  # type: ignore[call-overload]
    if how == "truncated":
        (keep,) = args
        return content[: int(keep) % max(len(content), 1)]  # type: ignore[call-overload]
    if how == "flipped":
        at, byte = args
        data = bytearray(content)
        data[int(at) % len(data)] = int(byte)  # type: ignore[call-overload]
        return bytes(data)
    if how == "dropped":  # a part missing
        (part,) = args
        return _zipped({k: v for k, v in parts.items() if k != part})
    return bytes(args[0])  # type: ignore[arg-type]  # "raw": not a workbook at all


RAW = [b"", b"PK", b"PK\x03\x04" + b"\x00" * 26, b"a,b\n1,2\n", b"%PDF-1.4\n", b"\xff" * 64]


def recipe(rng: Random, org: str, parts: list[str]) -> Recipe:
    """A damage to ``org``'s template (``parts``: the names of its zip parts)."""
    how = rng.choice(HOWS)
    args: tuple[object, ...]
    if how == "far":
        args = (rng.choice(SHEETS), rng.choice(FAR), rng.choice(DIMENSIONS))
    elif how == "unnumbered":
        args = (rng.choice(SHEETS), rng.choice((1, 3000, 1048576)), rng.choice((1, 300, 20_000)))
    elif how == "repeated":
        args = (rng.choice(SHEETS), rng.choice((2, 1000, 50_000)))
    elif how == "shared":
        args = (rng.choice(SHARED),)
    elif how == "padded":
        args = (rng.choice(SHEETS), rng.choice((1, 30)))
    elif how == "value":
        args = (rng.choice(SHEETS), rng.choice(CELL_VALUES), rng.randint(0, 50))
    elif how == "claims":
        args = (rng.choice((org, "demo-2015")), rng.choice(("320500", "320200", "000000", "x")))
    elif how == "size":
        args = (rng.choice(parts), rng.choice((0, 1, 2**31, 2**32 - 1)))
    elif how in ("truncated", "flipped"):
        args = (
            (rng.randint(0, 30_000),) if how == "truncated" else (rng.randint(0, 30_000), rng.randint(0, 255))
        )
    elif how == "dropped":
        args = (rng.choice(parts),)
    else:  # "laughs" takes none; "raw": not a workbook at all
        args = () if how == "laughs" else (rng.choice(RAW),)
    return Recipe(org, how, args)


def filename(rng: Random) -> bytes:
    return rng.choice(FILENAMES).encode("utf-8") if rng.randrange(2) else rng.choice(RAW_FILENAMES)
