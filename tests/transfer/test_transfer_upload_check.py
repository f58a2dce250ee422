"""Workbook uploads pass the shared upload check first; what only a workbook check can tell
(an encrypted or legacy file, a damaged archive) is still said by the workbook check."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kaoping.collection.models import AuditEntry
from kaoping.jobs.worker import drain
from kaoping.transfer.models import PendingUpload
from transfer.helpers import NANJING

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def problem_of(client, name: str, content: bytes) -> str:  # type: ignore[no-untyped-def]
    """The upload page's answer to ``content`` uploaded as ``name``."""
    url = f"/transfer/c/demo-2015/{NANJING}/upload/"
    return client.post(url, {"file": SimpleUploadedFile(name, content)}).content.decode()


def zipped(**parts: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        ("南京.xlsx", PNG, "文件类型不允许：“南京.xlsx”，只接受 Excel 工作簿（.xlsx）（按文件内容判断）"),
        ("南京.xlsx", b"", "文件为空：“南京.xlsx”没有内容"),
        ("南京.zip", zipped(a="x"), "文件名后缀与内容不符：“南京.zip”的内容是 ZIP，文件名应以 .xlsx 结尾"),
    ],
)
def test_the_upload_check_refuses_and_keeps_nothing(
    survey, client_for, nanjing_reporter, name, content, said
):
    assert said in problem_of(client_for(nanjing_reporter), name, content)
    assert not PendingUpload.objects.exists()


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (OLE, "文件是旧版 Excel（.xls）格式：请另存为 .xlsx 后再上传"),
        (zipped(a="x"), "不是有效的 .xlsx 工作簿（缺少工作簿结构）"),
        (b"PK\x03\x04" + b"\0" * 30, "文件已损坏，无法作为 .xlsx 打开"),
    ],
)
def test_what_only_the_workbook_check_knows_is_still_said_by_it(
    survey, client_for, nanjing_reporter, content, said
):
    before = AuditEntry.objects.count()
    assert said in problem_of(client_for(nanjing_reporter), "南京.xlsx", content)
    assert AuditEntry.objects.count() == before


def test_an_over_limit_workbook_is_refused_before_it_is_read(
    survey, nj_template, client_for, nanjing_reporter, settings
):
    settings.KAOPING_IMPORT_MAX_BYTES = len(nj_template) - 1
    body = problem_of(client_for(nanjing_reporter), "南京.xlsx", nj_template)
    assert "文件过大：“南京.xlsx”超过上限" in body
    assert not PendingUpload.objects.exists()


def test_bulk_import_opens_a_zip_and_holds_it_to_its_own_limit(
    survey, nj_template, client_for, ministry_admin, settings
):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("各市/南京.xlsx", nj_template)
    content = archive.getvalue()

    def bulk() -> str:
        files = [SimpleUploadedFile("全省.zip", content), SimpleUploadedFile("图.xlsx", PNG)]
        response = client_for(ministry_admin).post(
            "/transfer/c/demo-2015/320000/bulk/", {"mode": "dry_run", "files": files}
        )
        if response.status_code != 302:  # refused as a whole: the form again, saying why
            return response.content.decode()
        drain()
        return client_for(ministry_admin).get(response["Location"]).content.decode()

    body = bulk()
    assert body.count('class="bulk-line') == 2
    assert 'data-file="南京.xlsx"' in body and "检查通过" in body
    assert "文件类型不允许：“图.xlsx”" in body
    settings.KAOPING_BULK_MAX_BYTES = len(content) - 1
    assert "文件过大：“全省.zip”超过上限" in bulk()
