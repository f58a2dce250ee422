"""Refuse hostile or wrong files before anything parses them.

Checked in this order, each with a Chinese reason: the size limit; an OLE compound file
(an encrypted workbook, or a legacy .xls); not a zip; too many entries; declared
uncompressed sizes and compression ratios (zip bombs); the parts an .xlsx must have. Then
every entry is inflated with a hard cap — a zip may lie about its sizes — and the sheets'
XML is kept for the formula scan (``sheetxml``); a sheet whose declared dimension is beyond
what a template can hold is refused.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass, field

from kaoping.core.uploads import MB, size_text
from kaoping.core.workbook.sheetxml import dimension_of, sheet_parts

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 10 * MB  # the uploaded file
    max_entries: int = 500
    max_entry_bytes: int = 40 * MB  # one part, uncompressed
    max_total_bytes: int = 120 * MB  # all parts, uncompressed
    max_ratio: int = 150  # uncompressed ÷ compressed, for parts over 1 MB
    max_rows: int = 5000  # a sheet's dimension
    max_cols: int = 200


@dataclass
class Archive:
    """The checked parts: sheet name → its XML (bytes), for the formula scan."""

    sheets: dict[str, bytes] = field(default_factory=dict)


class Refused(Exception):
    """A file the platform will not read; ``str(error)`` is the Chinese reason."""


def check_file(content: bytes, limits: Limits = Limits()) -> Archive:
    """The archive's sheets, or ``Refused`` with the reason."""
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
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        raise Refused("文件已损坏，无法作为 .xlsx 打开") from error
    _check_declared(infos, limits)
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise Refused("不是有效的 .xlsx 工作簿（缺少工作簿结构）")
    parts = _inflate_all(archive, infos, limits)
    sheets = sheet_parts(parts)
    for name, xml in sheets.items():
        rows, cols = dimension_of(xml)
        if rows > limits.max_rows or cols > limits.max_cols:
            raise Refused(
                f"工作表“{name}”的范围（{rows} 行 × {cols} 列）超出模板允许的大小"
                f"（最多 {limits.max_rows} 行、{limits.max_cols} 列）"
            )
    return Archive(sheets)


def _check_declared(infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    if len(infos) > limits.max_entries:
        raise Refused(f"文件包含 {len(infos)} 个部件，超过上限 {limits.max_entries}，疑似异常文件")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise Refused("文件已加密：请取消密码后另存为 .xlsx 再上传")
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


def _inflate_all(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], limits: Limits) -> dict[str, bytes]:
    """Every XML part, read with a cap: a part may not exceed its declared size."""
    parts: dict[str, bytes] = {}
    budget = limits.max_total_bytes
    for info in infos:
        if not info.filename.endswith((".xml", ".rels")):
            continue
        cap = min(info.file_size, limits.max_entry_bytes, budget)
        try:
            with archive.open(info) as stream:
                data = stream.read(cap + 1)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, zlib.error) as error:
            raise Refused(f"文件部件“{info.filename}”已损坏，无法读取") from error
        if len(data) > cap:
            raise Refused(f"文件部件“{info.filename}”的实际大小与声明不符，疑似压缩炸弹")
        budget -= len(data)
        parts[info.filename] = data
    return parts
