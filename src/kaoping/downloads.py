"""The one builder of file responses: every download (templates, exports, printed tables, result
reports, evidence, attachments) gets its ``Content-Disposition`` here.

A name travels twice: as ``filename*=UTF-8''…`` (RFC 6266/5987, the real name, Chinese
included) and as a plain ``filename="…"`` fallback for old clients, cut down to printable
ASCII without quotes or backslashes, so no name a user uploaded can break the header.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import IO, overload
from urllib.parse import quote

from django.http import FileResponse, HttpResponse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"


def _ascii(text: str) -> str:
    return "".join(ch for ch in text if " " <= ch <= "~" and ch not in '"\\')


def disposition(filename: str, inline: bool = False) -> str:
    """The ``Content-Disposition`` value: shown in the browser when ``inline``, else downloaded."""
    fallback = _ascii(filename)
    if not any(ch.isalnum() for ch in _ascii(PurePath(filename).stem)):
        fallback = "kaoping" + _ascii(PurePath(filename).suffix)
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


@overload
def file_response(
    content: bytes, filename: str, content_type: str, *, inline: bool = False, uploaded: bool = False
) -> HttpResponse: ...


@overload
def file_response(
    content: IO[bytes], filename: str, content_type: str, *, inline: bool = False, uploaded: bool = False
) -> FileResponse: ...


def file_response(
    content: bytes | IO[bytes],
    filename: str,
    content_type: str,
    *,
    inline: bool = False,
    uploaded: bool = False,
) -> HttpResponse | FileResponse:
    """``content`` (bytes, or an open file streamed) as a download named ``filename``.

    ``uploaded``: a file a user sent (evidence, attachments) — never sniffed as another type,
    and sandboxed should a browser open it."""
    response: HttpResponse | FileResponse
    if isinstance(content, bytes):
        response = HttpResponse(content, content_type=content_type)
    else:
        response = FileResponse(content, content_type=content_type)
    response["Content-Disposition"] = disposition(filename, inline)
    if uploaded:
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response
