"""The one check every uploaded file passes, whatever it is for.

``receive`` reads at most ``max_bytes + 1`` bytes (neither the declared length nor the file
name is trusted), refuses an empty or over-limit file, tells the file's kind by its content
(magic bytes, and for zip archives the parts they hold), refuses a kind the use does not
accept, and refuses a file name whose ending says another kind. Every refusal is an
``UploadRefused`` whose text is a Chinese sentence naming the file.

``store`` writes the content under a random name (owner-only permissions) in a folder the
caller chooses outside the web root; the name shown to people is kept elsewhere, for
display only, so a stored file's path cannot be derived from anything a user sees.

Deeper checks of one kind stay with that kind (an .xlsx workbook's zip-bomb and structure
checks live in ``kaoping.core.workbook.safety``).
"""

from __future__ import annotations

import hashlib
import io
import os
import secrets
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from kaoping.core import texts

MB = 1024 * 1024

CONTENT_TYPES: dict[str, str] = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "ole": "application/octet-stream",  # legacy Office (.doc, .xls, .ppt) or an encrypted workbook
    "zip": "application/zip",
}

_MAGIC = (
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),
    (b"PK\x03\x04", "zip"),
)
_OOXML = (("word/", "docx"), ("xl/", "xlsx"), ("ppt/", "pptx"))  # where each Office format keeps its parts
_LABELS = {
    "ole": "旧版 Office 文档"
}  # what a refusal calls a kind (otherwise " PDF", " PNG"…: spaced from 是)


class Readable(Protocol):
    """An uploaded file, a BytesIO or an open file."""

    def read(self, size: int = -1, /) -> bytes: ...


@dataclass(frozen=True)
class Accept:
    """What one use accepts: kind → the file-name endings that may carry it, and how to say so."""

    kinds: Mapping[str, tuple[str, ...]]
    described: str  # "PDF、PNG 或 JPEG 文件", for the refusal


@dataclass(frozen=True)
class Received:
    """A file that passed: its display name (no folders), its kind by content, its bytes."""

    name: str
    kind: str
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


class UploadRefused(Exception):
    """A file the platform will not take; ``str(error)`` is the Chinese reason."""


def receive(name: str, stream: Readable, accept: Accept, max_bytes: int) -> Received:
    """The checked upload, or ``UploadRefused`` saying why."""
    shown = display_name(name)
    whole = len(display_name(name, cut=False))
    if whole > texts.FILE_NAME:
        raise UploadRefused(
            f"文件名过长：最多 {texts.FILE_NAME} 个字，此文件名有 {whole} 个字，请改短后重新上传"
        )
    data = stream.read(max_bytes + 1)
    if not data:
        raise UploadRefused(f"文件为空：“{shown}”没有内容")
    if len(data) > max_bytes:
        raise UploadRefused(f"文件过大：“{shown}”超过上限（{size_text(max_bytes)}）")
    kind = sniff(data)
    if kind is None or kind not in accept.kinds:
        raise UploadRefused(f"文件类型不允许：“{shown}”，只接受 {accept.described}（按文件内容判断）")
    endings = accept.kinds[kind]
    if not shown.lower().endswith(endings):
        raise UploadRefused(
            f"文件名后缀与内容不符：“{shown}”的内容是{_LABELS.get(kind, ' ' + kind.upper())}，"
            f"文件名应以 {'、'.join(endings)} 结尾"
        )
    return Received(shown, kind, data)


def sniff(data: bytes) -> str | None:
    """The kind of ``data`` by its content, or None when it is none the platform knows."""
    kind = next((kind for magic, kind in _MAGIC if data.startswith(magic)), None)
    return _zip_kind(data) if kind == "zip" else kind


def _zip_kind(data: bytes) -> str:
    """docx/xlsx/pptx by the parts the archive lists; any other or unreadable zip is "zip"."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return "zip"
    if "[Content_Types].xml" not in names:
        return "zip"
    return next((kind for prefix, kind in _OOXML if any(n.startswith(prefix) for n in names)), "zip")


def display_name(name: str, cut: bool = True) -> str:
    """The uploader's file name without folders or characters that could break a page or header
    (a lone surrogate among them), cut to ``texts.FILE_NAME`` unless ``cut`` is False."""
    base = Path(name.replace("\\", "/")).name.strip()
    shown = "".join(ch for ch in base if ch.isprintable() and ch not in '"<>' and not texts.unencodable(ch))
    return shown[: texts.FILE_NAME] if cut else shown


def store(data: bytes, folder: Path) -> str:
    """Write ``data`` under a new random name in ``folder`` (mode 600); the name is returned."""
    folder.mkdir(parents=True, exist_ok=True)
    stored = secrets.token_hex(20)
    descriptor = os.open(folder / stored, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        out.write(data)
    return stored


def size_text(size: int) -> str:
    """10485760 → "10 MB", 52000 → "51 KB", 20 → "20 字节": what people read in a file manager."""
    if size >= MB:
        return f"{size / MB:.1f}".removesuffix(".0") + " MB"
    if size >= 1024:
        return f"{round(size / 1024)} KB"
    return f"{size} 字节"
