"""Which part of the archive holds which sheet — found exactly as the reader (calamine)
finds it — and cell references.

The reader takes the workbook's folder from ``_rels/.rels``, each sheet's relationship id
from ``xl/workbook.xml`` and its target from ``xl/_rels/workbook.xml.rels``, joins the
target to the folder without normalizing it, and looks the part up case-insensitively. The
bounded reading scans the very part the reader will read; anything that could make the two
disagree (duplicates, another workbook folder, undecodable names) is refused. Regular
expressions over bytes, no XML parser: no entity expansion, and fast.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from types import MappingProxyType

from kaoping.core.workbook.safety import Archive, Refused

MAX_ROW = 1_048_576  # Excel's last row and column
MAX_COL = 16_384

_TAG = rb"<(?![!?/])(?:[^\s/>:]*:)?%s(?=[\s/>])((?:[^>\"']++|\"[^\"]*+\"|'[^']*+')*+)>"
_SHEET = re.compile(_TAG % rb"sheet")
_REL = re.compile(_TAG % rb"Relationship")
_ATTR = re.compile(rb"\s*+([^\s=/]++)\s*+=\s*+(?:\"([^\"]*+)\"|'([^']*+)')")
_ATTRS = re.compile(rb"(?:\s*+[^\s=/]++\s*+=\s*+(?:\"[^\"]*+\"|'[^']*+'))*+\s*+/?")
_REF = re.compile(rb"([A-Za-z]{1,3})([0-9]{1,7})")
_ENTITY = re.compile(r"&(#[0-9]{1,7}|#x[0-9A-Fa-f]{1,6}|lt|gt|amp|quot|apos);")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}
OFFICE_DOCUMENT = "/relationships/officeDocument"
SHEET_TYPES = ("worksheet", "chartsheet", "dialogsheet")


def attributes(raw: bytes) -> list[tuple[bytes, bytes]] | None:
    """The (key, raw value) pairs of a tag's attribute text, in order; None when the text
    is not a plain sequence of quoted attributes (the reader would fail on it, or read it
    otherwise than we do)."""
    if _ATTRS.fullmatch(raw) is None:
        return None
    return [(key, double or single) for key, double, single in _ATTR.findall(raw)]


def xml_text(raw: bytes) -> str:
    """An attribute's text with XML's entities decoded; ``Refused`` for anything else."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise Refused("文件中的名称编码无效，疑似被改动过的异常文件") from error
    if "&" not in text:
        return text

    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        if not name.startswith("#"):
            return _NAMED[name]
        code = int(name[2:], 16) if name.startswith("#x") else int(name[1:])
        if not 0 < code <= 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            raise Refused("文件中的名称含无效字符，疑似被改动过的异常文件")
        return chr(code)

    decoded = _ENTITY.sub(one, text)
    if "&" in _ENTITY.sub("", text):
        raise Refused("文件中的名称含无法识别的转义，疑似被改动过的异常文件")
    return decoded


def _tags(xml: bytes, pattern: re.Pattern[bytes]) -> list[dict[bytes, bytes]]:
    out = []
    for match in pattern.finditer(xml):
        pairs = attributes(match.group(1))
        if pairs is None or len({k for k, _ in pairs}) < len(pairs):
            raise Refused("工作簿的结构信息已损坏，无法读取")
        out.append(dict(pairs))
    return out


def _relationships(xml: bytes) -> Mapping[bytes, tuple[str, str]]:
    """Id → (target, type); a part of a template's size parsed once (``ONCE_BYTES``)."""
    return _parsed_relationships(xml) if len(xml) <= ONCE_BYTES else _parse_relationships(xml)


def _sheet_tags(xml: bytes) -> Sequence[Mapping[bytes, bytes]]:
    """The ``<sheet>`` tags' attributes of ``xl/workbook.xml``, in order (as ``_relationships``)."""
    return _parsed_sheet_tags(xml) if len(xml) <= ONCE_BYTES else _tags(xml, _SHEET)


def _parse_relationships(xml: bytes) -> Mapping[bytes, tuple[str, str]]:
    out: dict[bytes, tuple[str, str]] = {}
    for attrs in _tags(xml, _REL):
        rid = attrs.get(b"Id")
        if rid is None:
            continue
        if rid in out:
            raise Refused("工作簿的结构信息中有重复的编号，疑似被改动过的异常文件")
        out[rid] = (xml_text(attrs.get(b"Target", b"")), xml_text(attrs.get(b"Type", b"")))
    return MappingProxyType(out)


# The sheet list and relationships of every template of one survey are the same bytes: parsed
# once, what they say kept read-only (a part refused is parsed again: nothing kept of it). Only
# parts of a template's size are kept, so that hostile files cannot fill the memory.
ONCE_BYTES = 64 * 1024
_parsed_relationships = lru_cache(maxsize=64)(_parse_relationships)


@lru_cache(maxsize=64)
def _parsed_sheet_tags(xml: bytes) -> tuple[Mapping[bytes, bytes], ...]:
    return tuple(MappingProxyType(tag) for tag in _tags(xml, _SHEET))


def _check_folder(archive: Archive) -> None:
    """The workbook must sit where every Office program puts it: ``xl/workbook.xml``."""
    if not archive.has("_rels/.rels"):
        raise Refused("不是有效的 .xlsx 工作簿（缺少工作簿结构）")
    documents = [
        t
        for t, kind in _relationships(archive.read("_rels/.rels")).values()
        if kind.endswith(OFFICE_DOCUMENT)
    ]
    if len(documents) != 1 or documents[0].lstrip("/").lower() != "xl/workbook.xml":
        raise Refused("工作簿的结构与 Excel/WPS 保存的文件不同，疑似被改动过的异常文件")


def sheet_parts(archive: Archive) -> dict[str, str]:
    """Sheet name → the part holding it, in the workbook's order (only parts that exist)."""
    _check_folder(archive)
    rels_path = "xl/_rels/workbook.xml.rels"
    rels = _relationships(archive.read(rels_path)) if archive.has(rels_path) else {}
    out: dict[str, str] = {}
    for attrs in _sheet_tags(archive.read("xl/workbook.xml")):
        ids = [v for k, v in attrs.items() if k == b"id" or k.endswith(b":id")]
        if len(ids) != 1 or b"name" not in attrs:
            raise Refused("工作簿的工作表列表已损坏，无法读取")
        name = xml_text(attrs[b"name"])
        if name in out:
            raise Refused(f"工作簿中有两个名为“{name}”的工作表，疑似被改动过的异常文件")
        target, kind = rels.get(ids[0], ("", ""))
        path = target[1:] if target.startswith("/") else f"xl/{target}"
        if target and kind.rsplit("/", 1)[-1] in SHEET_TYPES and archive.has(path):
            out[name] = path
        else:
            out[name] = ""  # listed, but not a sheet the reader can open
    return out


def parse_ref(raw: bytes) -> tuple[int, int] | None:
    """b"F7" → (6, 5), 0-based (row, col); None unless a cell of an Excel sheet."""
    match = _REF.fullmatch(raw)
    if match is None:
        return None
    letters, digits = match.groups()
    col = 0
    for ch in letters.upper():
        col = col * 26 + (ch - 64)
    row = int(digits)
    if not 1 <= row <= MAX_ROW or col > MAX_COL:
        return None
    return row - 1, col - 1


def cell_name(row: int, col: int) -> str:
    """(6, 5) → "F7"."""
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row + 1}"


def split_ref(ref: str) -> tuple[int, int]:
    """ "F7" → (6, 5), 0-based (row, col); (0, 0) when it is no cell."""
    return parse_ref(ref.encode("ascii", "replace")) or (0, 0)
