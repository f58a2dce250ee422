"""A zip part inflated from memory (``core.workbook.inflate``) gives what Python's zipfile
gives, and refuses what it refuses: a damaged part is never read differently from the reader."""

from __future__ import annotations

import io
import os
import struct
import zipfile
import zlib

import pytest

from kaoping.core.workbook import inflate
from kaoping.core.workbook.safety import Limits, Refused, check_file

TEXT = b"<worksheet>" + b"<row><c r='A1'><v>1</v></c></row>" * 2000 + b"</worksheet>"


def zipped(data: bytes, method: int = zipfile.ZIP_DEFLATED, name: str = "xl/part.xml") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as archive:
        archive.writestr(name, data)
    return out.getvalue()


def read_all(content: bytes, cap: int = 10**7, size: int = 4096) -> bytes:
    info = zipfile.ZipFile(io.BytesIO(content)).infolist()[0]
    return b"".join(inflate.pieces(memoryview(content), info, cap, size))


@pytest.mark.parametrize("method", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])
def test_a_part_reads_as_zipfile_reads_it_in_pieces_of_the_asked_size(method: int) -> None:
    content = zipped(TEXT, method)
    info = zipfile.ZipFile(io.BytesIO(content)).infolist()[0]
    pieces = list(inflate.pieces(memoryview(content), info, 10**7, 4096))
    assert b"".join(pieces) == TEXT == zipfile.ZipFile(io.BytesIO(content)).read("xl/part.xml")
    assert max(len(p) for p in pieces) <= 4096 and len(pieces) >= len(TEXT) // 4096


def test_random_bytes_deflated_round_trip() -> None:
    data = os.urandom(300_000)  # incompressible: deflate stores it in blocks
    assert read_all(zipped(data)) == data


@pytest.mark.parametrize("method", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])
def test_no_more_than_cap_plus_one_bytes_are_inflated(method: int) -> None:
    # the caller refuses at cap + 1: a bomb is never inflated further
    assert len(read_all(zipped(TEXT, method), cap=1000, size=300)) == 1001


def test_a_wrong_crc_is_damage() -> None:
    content = bytearray(zipped(TEXT))
    info = zipfile.ZipFile(io.BytesIO(bytes(content))).infolist()[0]
    info.CRC ^= 1
    with pytest.raises(zipfile.BadZipFile, match="CRC"):
        b"".join(inflate.pieces(memoryview(bytes(content)), info, 10**7, 4096))


def test_a_local_name_other_than_the_directorys_is_damage() -> None:
    content = zipped(TEXT, name="xl/part.xml")
    forged = content.replace(b"xl/part.xml", b"xl/PART.xml", 1)  # the local header's name only
    info = zipfile.ZipFile(io.BytesIO(forged)).infolist()[0]
    assert info.filename == "xl/part.xml"
    with pytest.raises(zipfile.BadZipFile, match="differ"):
        read_all(forged)
    with pytest.raises(zipfile.BadZipFile, match="differ"):
        zipfile.ZipFile(io.BytesIO(forged)).read("xl/part.xml")  # as zipfile refuses it


def test_a_bad_local_signature_is_damage() -> None:
    content = b"XX" + zipped(TEXT)[2:]
    info = zipfile.ZipFile(io.BytesIO(zipped(TEXT))).infolist()[0]
    with pytest.raises(zipfile.BadZipFile, match="magic"):
        b"".join(inflate.pieces(memoryview(content), info, 10**7, 4096))


def test_a_deflate_stream_cut_short_is_damage() -> None:
    content = zipped(TEXT)
    info = zipfile.ZipFile(io.BytesIO(content)).infolist()[0]
    info.compress_size //= 2  # the directory says less than the stream needs
    with pytest.raises(zipfile.BadZipFile, match="end-of-stream"):
        b"".join(inflate.pieces(memoryview(content), info, 10**7, 4096))


def test_compressed_data_beyond_the_file_is_damage() -> None:
    content = zipped(TEXT)
    info = zipfile.ZipFile(io.BytesIO(content)).infolist()[0]
    info.compress_size = len(content)  # runs past the end of the file
    with pytest.raises(zipfile.BadZipFile, match="Truncated"):
        b"".join(inflate.pieces(memoryview(content), info, 10**7, 4096))


def test_garbage_in_a_deflate_stream_is_damage() -> None:
    content = bytearray(zipped(TEXT))
    info = zipfile.ZipFile(io.BytesIO(bytes(content))).infolist()[0]
    start = info.header_offset + 30 + len(info.orig_filename)
    content[start] = 0xFF  # an invalid block type
    with pytest.raises((zipfile.BadZipFile, zlib.error)):
        b"".join(inflate.pieces(memoryview(bytes(content)), info, 10**7, 4096))


def test_the_archive_refuses_in_chinese_what_the_inflater_finds_damaged() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("xl/workbook.xml", TEXT)
    content = bytearray(out.getvalue())
    entry = content.rfind(b"PK\x01\x02")  # the directory's entry of xl/workbook.xml (the last)
    assert content[entry + 46 : entry + 46 + 15] == b"xl/workbook.xml"
    struct.pack_into("<L", content, entry + 16, 12345)  # its CRC, wrong
    archive = check_file(bytes(content), Limits())
    with pytest.raises(Refused, match=r"xl/workbook\.xml.*已损坏"):
        archive.read("xl/workbook.xml")
