"""The shared upload check: kind by content, the name held to its word, a bounded read, and
stored files under names nobody can work out from what they see."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from weasyprint import HTML

from kaoping.core.uploads import Accept, UploadRefused, receive, sniff, store

SCANS = Accept({"pdf": (".pdf",), "png": (".png",), "jpeg": (".jpg", ".jpeg")}, "PDF、PNG 或 JPEG 文件")
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 17


def ooxml(part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<x/>")
    return buffer.getvalue()


def test_a_real_small_pdf_is_accepted_with_its_kind_digest_and_clean_name() -> None:
    pdf = HTML(string="<p>表1 盖章扫描件</p>").write_pdf()
    received = receive("C:\\扫描\\表1盖章.PDF", io.BytesIO(pdf), SCANS, max_bytes=len(pdf))
    assert (received.kind, received.name, received.size) == ("pdf", "表1盖章.PDF", len(pdf))
    assert received.data == pdf and received.sha256 == hashlib.sha256(pdf).hexdigest()


def test_a_png_renamed_pdf_is_refused_naming_the_file() -> None:
    with pytest.raises(UploadRefused) as refused:
        receive("表1.pdf", io.BytesIO(PNG), SCANS, max_bytes=1000)
    assert str(refused.value) == "文件名后缀与内容不符：“表1.pdf”的内容是 PNG，文件名应以 .png 结尾"


def test_content_of_a_kind_the_use_does_not_take_is_refused_whatever_its_name() -> None:
    with pytest.raises(UploadRefused) as refused:
        receive("../../report.pdf", io.BytesIO(b"<html><script>alert(1)</script>"), SCANS, max_bytes=1000)
    expected = "文件类型不允许：“report.pdf”，只接受 PDF、PNG 或 JPEG 文件（按文件内容判断）"
    assert str(refused.value) == expected


def test_an_empty_file_is_refused() -> None:
    with pytest.raises(UploadRefused) as refused:
        receive("空.pdf", io.BytesIO(b""), SCANS, max_bytes=1000)
    assert str(refused.value) == "文件为空：“空.pdf”没有内容"


def test_an_over_limit_file_is_refused_after_reading_one_byte_past_the_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.pdf"
    big.write_bytes(b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024))
    with big.open("rb") as stream:
        with pytest.raises(UploadRefused) as refused:
            receive("big.pdf", stream, SCANS, max_bytes=2048)
        assert stream.tell() == 2049  # not the 5 MB behind it
    assert str(refused.value) == "文件过大：“big.pdf”超过上限（2 KB）"
    exactly = receive("big.pdf", io.BytesIO(b"%PDF-" + b"0" * 2043), SCANS, max_bytes=2048)
    assert exactly.size == 2048


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\xff\xd8\xff\xe0" + b"\0" * 8, "jpeg"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 8, "ole"),
        (ooxml("word/document.xml"), "docx"),
        (ooxml("xl/workbook.xml"), "xlsx"),
        (ooxml("ppt/presentation.xml"), "pptx"),
        (b"PK\x03\x04" + b"\0" * 30, "zip"),  # unreadable: the workbook check says it is damaged
        (b"MZ\x90\x00", None),
    ],
)
def test_kinds_are_told_by_content(data: bytes, kind: str | None) -> None:
    assert sniff(data) == kind


def test_a_stored_file_path_is_not_derivable_from_its_name_or_content(tmp_path: Path) -> None:
    first, second = store(PNG, tmp_path), store(PNG, tmp_path)
    assert first != second and len(first) == 40 and int(first, 16) >= 0
    assert hashlib.sha256(PNG).hexdigest()[:40] not in (first, second)
    stored = tmp_path / first
    assert stored.read_bytes() == PNG and oct(stored.stat().st_mode)[-3:] == "600"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([first, second])


def test_a_legacy_office_file_named_docx_is_called_what_it_is() -> None:
    accept = Accept({"docx": (".docx",), "ole": (".doc", ".xls", ".ppt")}, "Office 文档")
    with pytest.raises(UploadRefused) as refused:
        receive(
            "方案.docx", io.BytesIO(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 8), accept, max_bytes=100
        )
    assert (
        str(refused.value)
        == "文件名后缀与内容不符：“方案.docx”的内容是旧版 Office 文档，文件名应以 .doc、.xls、.ppt 结尾"
    )
