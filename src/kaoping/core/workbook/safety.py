"""Refuse hostile or wrong files before anything parses them.

Checked in this order, each with a Chinese reason: the size limit; an OLE compound file
(an encrypted workbook, or a legacy .xls); not a zip; too many entries; entries whose names
differ only in case or slashes (the reader looks names up that way: which one it would take
is not ours to guess); compression methods; declared uncompressed sizes and compression
ratios (zip bombs); the parts an .xlsx must have. Parts are then inflated only when read
(``Archive.chunks``), in pieces, each one held to its declared size and all of them to one
budget — a zip may lie about its sizes.

What a sheet may contain is the business of ``kaoping.core.workbook.bounded``.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from kaoping.core.uploads import MB, size_text
from kaoping.core.workbook import inflate

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
CHUNK = 256 * 1024  # inflated bytes looked at at a time
_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)  # what the reader (calamine) can inflate
# parts only the reader's other formats (.xlsb, .ods) read: it tries them when .xlsx fails
_FOREIGN = {
    "mimetype",
    "xl/workbook.bin",
    "xl/sharedstrings.bin",
    "xl/styles.bin",
    "xl/_rels/workbook.bin.rels",
}
_DECLARED = re.compile(rb"<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']*)[\"']")
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError)


@dataclass(frozen=True)
class Limits:
    """File-level limits. A real template is ~50 KB zipped and ~0.4 MB unzipped (a province
    workbook with every table filled, also as LibreOffice saves it again)."""

    max_bytes: int = 10 * MB  # the uploaded file
    max_entries: int = 500
    max_entry_bytes: int = 8 * MB  # one part, uncompressed
    max_total_bytes: int = 24 * MB  # all parts read, uncompressed
    max_ratio: int = 150  # uncompressed ÷ compressed, for parts over 1 MB


class Refused(Exception):
    """A file the platform will not read; ``str(error)`` is the Chinese reason."""


def normalized(name: str) -> str:
    """How the reader looks a part up: case-insensitive, backslashes as slashes."""
    return name.replace("\\", "/").lower()


class Archive:
    """A checked zip: its parts by normalized name, inflated on demand within the budget."""

    def __init__(self, content: bytes, infos: list[zipfile.ZipInfo], limits: Limits) -> None:
        self.content = memoryview(content)
        self.limits = limits
        self.entries = {normalized(i.filename): i for i in infos}
        self.budget = limits.max_total_bytes

    def has(self, path: str) -> bool:
        return normalized(path) in self.entries

    def chunks(self, path: str) -> Iterator[bytes]:
        """The part's inflated bytes, piece by piece; ``Refused`` when it is damaged or
        inflates beyond its declared size or the budget. The stream is read past its
        declared size (Python's zipfile would stop there, calamine's reader does not), with
        zipfile's checks (``inflate``)."""
        info = self.entries[normalized(path)]
        cap = min(info.file_size, self.limits.max_entry_bytes, self.budget)
        seen = 0
        try:
            for piece in inflate.pieces(self.content, info, cap, CHUNK):
                seen += len(piece)
                if seen > cap:
                    raise Refused(f"文件部件“{info.filename}”的实际大小与声明不符或超过上限，疑似压缩炸弹")
                yield piece
        except (*_ZIP_ERRORS, zlib.error) as error:
            raise Refused(f"文件部件“{info.filename}”已损坏，无法读取") from error
        finally:
            self.budget -= seen

    def read(self, path: str) -> bytes:
        """A small part whole (relationships, the workbook's sheet list), checked as text."""
        data = b"".join(self.chunks(path))
        if not text_ok(data, first=True):
            raise Refused(f"文件部件“{path}”的编码不是 UTF-8，疑似被改动过的异常文件")
        return data


def text_ok(piece: bytes, *, first: bool) -> bool:
    """Whether XML is read alike by the reader and by our scans of bytes: UTF-8 (as declared,
    if it says) and no NUL (UTF-16 would hide every tag from a scan)."""
    if b"\x00" in piece:
        return False
    declared = _DECLARED.search(piece, 0, 512) if first else None
    return declared is None or declared.group(1).lower() in (b"utf-8", b"utf8")


def check_file(content: bytes, limits: Limits = Limits()) -> Archive:
    """The archive, or ``Refused`` with the reason."""
    if len(content) > limits.max_bytes:
        raise Refused(f"文件大小 {size_text(len(content))} 超过上限 {size_text(limits.max_bytes)}")
    if content.startswith(OLE_MAGIC):
        if "EncryptionInfo".encode("utf-16-le") in content:
            raise Refused("文件已加密（设置了打开密码）：请在 Excel/WPS 中取消密码后另存为 .xlsx 再上传")
        raise Refused("文件是旧版 Excel（.xls）格式：请另存为 .xlsx 后再上传")
    if not content.startswith(ZIP_MAGIC):
        raise Refused("不是 Excel 工作簿（.xlsx）文件")
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        infos = archive.infolist()
    except _ZIP_ERRORS as error:
        raise Refused("文件已损坏，无法作为 .xlsx 打开") from error
    _check_declared(infos, limits)
    names = {normalized(i.filename) for i in infos}
    if len(names) < len(infos):
        raise Refused("文件中有重名的部件，疑似被改动过的异常文件")
    if names & _FOREIGN:
        raise Refused("文件含有其他表格格式（.xlsb/.ods）的部件，疑似被改动过的异常文件")
    if "[content_types].xml" not in names or "xl/workbook.xml" not in names:
        raise Refused("不是有效的 .xlsx 工作簿（缺少工作簿结构）")
    return Archive(content, infos, limits)


def _check_declared(infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    if len(infos) > limits.max_entries:
        raise Refused(f"文件包含 {len(infos)} 个部件，超过上限 {limits.max_entries}，疑似异常文件")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise Refused("文件已加密：请取消密码后另存为 .xlsx 再上传")
        if info.compress_type not in _METHODS:
            raise Refused(f"文件部件“{info.filename}”使用了不支持的压缩方式，请用 Excel/WPS 另存为 .xlsx")
        if info.file_size > limits.max_entry_bytes:
            raise Refused(
                f"文件部件“{info.filename}”解压后 {size_text(info.file_size)}，超过上限，疑似压缩炸弹"
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MB and ratio > limits.max_ratio:
            raise Refused(f"文件部件“{info.filename}”压缩比 {ratio:.0f}:1 异常，疑似压缩炸弹")
        total += info.file_size
    if total > limits.max_total_bytes:
        raise Refused(
            f"文件解压后共 {size_text(total)}，超过上限 {size_text(limits.max_total_bytes)}，疑似压缩炸弹"
        )
