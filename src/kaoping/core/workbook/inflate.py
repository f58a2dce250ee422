"""One part of a zip held in memory, inflated piece by piece with the checks Python's zipfile
makes when it opens a part — the local header's signature and name against the directory's,
the compressed data within the file, the CRC at the end — without the file objects it builds
for each part (a workbook's fifteen parts cost more to open that way than to inflate).

``pieces`` yields at most ``cap + 1`` bytes: its caller refuses a part that inflates beyond
``cap`` (``safety.Archive``). Damage raises ``zipfile.BadZipFile`` or ``zlib.error``.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Iterator

_HEADER = struct.Struct("<4s2B4HL2L2H")  # zipfile's local file header (structFileHeader)
_SIGNATURE = b"PK\x03\x04"
_UTF8_NAME = 0x800
_UNSUPPORTED = 0x20 | 0x40  # compressed patched data, strong encryption (zipfile refuses both)


def data_of(content: memoryview, info: zipfile.ZipInfo) -> memoryview:
    """The part's compressed bytes, after a local header that agrees with the directory."""
    start = info.header_offset
    header = bytes(content[start : start + _HEADER.size])
    if len(header) != _HEADER.size:
        raise zipfile.BadZipFile("Truncated file header")
    fields = _HEADER.unpack(header)
    if fields[0] != _SIGNATURE:
        raise zipfile.BadZipFile("Bad magic number for file header")
    if info.flag_bits & _UNSUPPORTED:
        raise zipfile.BadZipFile("unsupported flags")
    name_start = start + _HEADER.size
    raw_name = bytes(content[name_start : name_start + fields[10]])
    # ASCII reads alike in both encodings (and fast: an .xlsx names its parts in ASCII)
    name = raw_name.decode("ascii" if raw_name.isascii() else "utf-8" if fields[3] & _UTF8_NAME else "cp437")
    if name != info.orig_filename:
        raise zipfile.BadZipFile("File name in directory and header differ")
    begin = name_start + fields[10] + fields[11]
    data = content[begin : begin + info.compress_size]
    if len(data) != info.compress_size:
        raise zipfile.BadZipFile("Truncated compressed data")
    return data


def pieces(content: memoryview, info: zipfile.ZipInfo, cap: int, size: int) -> Iterator[bytes]:
    """The part's inflated bytes in pieces of at most ``size``, ``cap + 1`` at most in all;
    the CRC is checked once the whole part was read."""
    data = data_of(content, info)
    if info.compress_type == zipfile.ZIP_STORED:
        stream = _stored(data, cap, size)
    else:
        stream = _deflated(data, cap, size)
    crc, seen = 0, 0
    for piece in stream:
        crc, seen = zlib.crc32(piece, crc), seen + len(piece)
        yield piece
    if seen <= cap and crc != info.CRC:
        raise zipfile.BadZipFile(f"Bad CRC-32 for file {info.orig_filename!r}")


def _stored(data: memoryview, cap: int, size: int) -> Iterator[bytes]:
    end = min(len(data), cap + 1)
    for start in range(0, end, size):
        yield bytes(data[start : min(start + size, end)])


def _deflated(data: memoryview, cap: int, size: int) -> Iterator[bytes]:
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    left = cap + 1
    pending: bytes | memoryview = data
    while left > 0:
        before = len(pending)
        piece = inflater.decompress(pending, min(size, left))
        pending = inflater.unconsumed_tail
        if piece:
            left -= len(piece)
            yield piece
        elif inflater.eof or not pending or len(pending) == before:  # the end, or no progress
            break
    if left > 0 and not inflater.eof:
        raise zipfile.BadZipFile("Compressed file ended before the end-of-stream marker was reached")
