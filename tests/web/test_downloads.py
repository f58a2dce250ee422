"""The one builder of file responses (kaoping.downloads): names worked out by hand."""

from __future__ import annotations

import io

from django.http import FileResponse, HttpResponse

from kaoping.downloads import PDF, XLSX, disposition, file_response


def test_a_chinese_name_travels_whole_and_as_an_ascii_fallback():
    # 南 = E5 8D 97, 京 = E4 BA AC in UTF-8
    assert disposition("demo-2015-南京.xlsx") == (
        "attachment; filename=\"demo-2015-.xlsx\"; filename*=UTF-8''demo-2015-%E5%8D%97%E4%BA%AC.xlsx"
    )


def test_a_name_with_no_ascii_letter_falls_back_to_kaoping():
    assert disposition("南京市.pdf", inline=True) == (
        "inline; filename=\"kaoping.pdf\"; filename*=UTF-8''%E5%8D%97%E4%BA%AC%E5%B8%82.pdf"
    )


def test_a_hostile_name_cannot_break_the_header():
    value = disposition('a"b\\c\r\nSet-Cookie: x=1;/.pdf')
    assert "\r" not in value and "\n" not in value
    fallback = value.split("; filename*=")[0]
    assert fallback == 'attachment; filename="abcSet-Cookie: x=1;/.pdf"'
    assert value.endswith("filename*=UTF-8''a%22b%5Cc%0D%0ASet-Cookie%3A%20x%3D1%3B%2F.pdf")


def test_bytes_and_files_become_the_right_response():
    sheet = file_response(b"PK", "r.xlsx", XLSX)
    assert isinstance(sheet, HttpResponse) and sheet.content == b"PK"
    assert sheet["Content-Type"] == XLSX and "X-Content-Type-Options" not in sheet
    upload = file_response(io.BytesIO(b"%PDF"), "r.pdf", PDF, inline=True, uploaded=True)
    assert isinstance(upload, FileResponse)
    assert upload["Content-Disposition"].startswith("inline;")
    assert upload["X-Content-Type-Options"] == "nosniff"
    assert upload["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert b"".join(upload.streaming_content) == b"%PDF"
