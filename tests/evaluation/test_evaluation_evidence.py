"""Evidence files: checked by content, size-limited, stored outside the web root under a
random name, served only to those who read the city, never as HTML."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied
from tests.conftest import NANJING

from kaoping.demo.evaluation import pdf_bytes, png_bytes
from kaoping.evaluation.errors import EvaluationError
from kaoping.evaluation.evidence import add_evidence, remove_evidence
from kaoping.evaluation.models import Evidence


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def upload(evaluation, user, name: str, data: bytes):
    return add_evidence(user, evaluation, NANJING, "dr_centre", name, io.BytesIO(data))


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("机房照片.png", png_bytes(8, 8, (1, 2, 3)), "png"),
        ("说明.pdf", pdf_bytes("x"), "pdf"),
        ("照片.JPG", b"\xff\xd8\xff\xe0" + b"\0" * 64, "jpeg"),
        ("方案.docx", docx_bytes(), "docx"),
        ("旧版.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "ole"),
    ],
)
def test_allowed_kinds_are_recognised_by_content(evaluation, personas, evidence_dir, name, data, kind):
    evidence = upload(evaluation, personas.nanjing_reporter, name, data)
    assert evidence.kind == kind and evidence.size == len(data)
    stored = evidence_dir / evidence.stored
    assert stored.read_bytes() == data
    assert name not in evidence.stored and len(evidence.stored) == 40  # a random name, not the user's


@pytest.mark.parametrize(
    ("name", "data", "why"),
    [
        ("page.pdf", b"<html><script>alert(1)</script></html>", "类型不允许"),
        ("image.pdf", png_bytes(4, 4, (0, 0, 0)), "后缀与内容不符"),
        ("archive.docx", b"PK\x03\x04" + b"\0" * 30, "类型不允许"),
        ("empty.pdf", b"", "为空"),
    ],
)
def test_other_content_is_refused(evaluation, personas, evidence_dir, name, data, why):
    with pytest.raises(EvaluationError, match=why):
        upload(evaluation, personas.nanjing_reporter, name, data)
    assert not Evidence.objects.exists()
    assert not evidence_dir.exists() or not any(evidence_dir.iterdir())


def test_a_file_over_the_limit_is_refused(evaluation, personas, settings):
    settings.EVIDENCE_MAX_BYTES = 1000
    with pytest.raises(EvaluationError, match="文件过大"):
        upload(evaluation, personas.nanjing_reporter, "big.pdf", b"%PDF-" + b"0" * 1000)
    upload(evaluation, personas.nanjing_reporter, "small.pdf", b"%PDF-" + b"0" * 990)


def test_only_the_city_uploads_or_removes(evaluation, personas):
    for user in (personas.suzhou_reporter, personas.expert, personas.province_admin):
        with pytest.raises(PermissionDenied):
            upload(evaluation, user, "x.pdf", pdf_bytes("x"))
    evidence = upload(evaluation, personas.nanjing_reporter, "x.pdf", pdf_bytes("x"))
    with pytest.raises(PermissionDenied):
        remove_evidence(personas.suzhou_reporter, evidence)
    remove_evidence(personas.nanjing_leader, evidence)
    assert not Evidence.objects.exists()


def test_files_are_served_with_their_type_and_never_sniffed(evaluation, personas, client_for):
    pdf = upload(evaluation, personas.nanjing_reporter, "说明.pdf", pdf_bytes("x"))
    office = upload(evaluation, personas.nanjing_reporter, "方案.docx", docx_bytes())
    client = client_for(personas.province_admin)  # 审核专家 only once submitted (test_evaluation_drafts)
    shown = client.get(f"/evaluations/{evaluation.pk}/evidence/{pdf.pk}/")
    assert shown["Content-Type"] == "application/pdf" and shown["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in shown["Content-Security-Policy"]
    assert shown["Content-Disposition"].startswith("inline")
    downloaded = client.get(f"/evaluations/{evaluation.pk}/evidence/{office.pk}/")
    assert downloaded["Content-Disposition"].startswith("attachment")


def test_the_upload_page_refuses_a_disguised_file_and_says_why(evaluation, personas, client_for):
    client = client_for(personas.nanjing_reporter)
    url = f"/evaluations/{evaluation.pk}/orgs/{NANJING}/criteria/dr_centre/evidence/"
    fake = io.BytesIO(b"<html>x</html>")
    fake.name = "photo.png"
    response = client.post(url, {"file": fake}, follow=True)
    assert "文件类型不允许" in response.content.decode()
    real = io.BytesIO(png_bytes(8, 8, (200, 0, 0)))
    real.name = "photo.png"
    response = client.post(url, {"file": real}, follow=True)
    assert "photo.png" in response.content.decode()
    assert Evidence.objects.filter(org=NANJING, criterion="dr_centre", kind="png").count() == 1
