"""The province submits to the ministry node with the scanned sealed 表1; its cities are then
locked as consolidated; the 部审核员 approves; attachments are checked by content."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from kaoping.workflow import services
from kaoping.workflow.attachments import add_attachment, attachment_path, upload_dir
from kaoping.workflow.models import APPROVED, LOCKED, SUBMITTED
from kaoping.workflow.services import CONSOLIDATED, WorkflowError

from .conftest import NJ, PROVINCE, approve_all_cities, status

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture(autouse=True)
def uploads(settings, tmp_path):
    settings.UPLOAD_DIR = tmp_path / "uploads"
    return settings.UPLOAD_DIR


def test_the_province_waits_for_its_cities_and_the_sealed_table1(demo, province_reviewer):
    with pytest.raises(WorkflowError) as refused:
        services.submit(province_reviewer, demo.campaign, PROVINCE)
    message = refused.value.message
    assert "以下地市尚未审核通过：南京市、无锡市" in message
    assert "须上传加盖公章的表1扫描件" in message


def test_province_submission_locks_the_cities_and_the_ministry_approves(
    demo, province_reviewer, province_admin, ministry_reviewer, uploads
):
    import io

    campaign = demo.campaign
    approve_all_cities(campaign)
    attachment = add_attachment(province_reviewer, campaign, PROVINCE, "表1盖章.pdf", io.BytesIO(PDF))
    assert (attachment.kind, attachment.size, attachment.name) == ("pdf", len(PDF), "表1盖章.pdf")
    stored = upload_dir() / attachment.stored
    assert stored.read_bytes() == PDF and stored.parent == uploads / "workflow"
    assert attachment.stored != "表1盖章.pdf" and oct(stored.stat().st_mode)[-3:] == "600"

    services.submit(province_reviewer, campaign, PROVINCE, note="全省数据已核")
    assert status(campaign, PROVINCE) == SUBMITTED
    assert status(campaign, NJ) == LOCKED
    from kaoping.workflow.states import edit_guard

    assert edit_guard(campaign, NJ) == "已锁定（已汇总上报），不能修改；可由省管理员解锁"
    assert CONSOLIDATED == "已汇总上报"
    with pytest.raises(WorkflowError, match="须先由部审核员退回或部管理员解锁全省"):
        services.unlock(province_admin, campaign, NJ, "改数")

    with pytest.raises(PermissionDenied, match="部审核员"):
        services.approve(province_reviewer, campaign, PROVINCE)  # the province does not approve itself
    services.approve(ministry_reviewer, campaign, PROVINCE)
    assert status(campaign, PROVINCE) == APPROVED


def test_attachments_are_typed_by_content_and_size_limited(demo, province_reviewer, settings):
    import io

    campaign = demo.campaign
    with pytest.raises(WorkflowError, match=r"文件类型不允许：“表1.pdf”，只接受 PDF、PNG 或 JPEG 文件"):
        add_attachment(province_reviewer, campaign, PROVINCE, "表1.pdf", io.BytesIO(b"MZ\x90\x00 not a pdf"))
    settings.KAOPING_ATTACHMENT_MAX_BYTES = 20
    with pytest.raises(WorkflowError, match=r"文件过大：“big.pdf”超过上限（20 字节）"):
        add_attachment(province_reviewer, campaign, PROVINCE, "big.pdf", io.BytesIO(PDF))
    settings.KAOPING_ATTACHMENT_MAX_BYTES = 10_000
    png = add_attachment(province_reviewer, campaign, PROVINCE, "../../etc/扫描.png", io.BytesIO(PNG))
    assert (png.kind, png.name) == ("png", "扫描.png")


def test_only_readers_of_the_organisation_reach_an_attachment(
    demo, province_reviewer, suzhou_reporter, ministry_admin
):
    import io

    attachment = add_attachment(province_reviewer, demo.campaign, PROVINCE, "表1.pdf", io.BytesIO(PDF))
    with pytest.raises(PermissionDenied):
        attachment_path(suzhou_reporter, attachment)
    assert attachment_path(ministry_admin, attachment).read_bytes() == PDF
    with pytest.raises(PermissionDenied):
        add_attachment(suzhou_reporter, demo.campaign, PROVINCE, "x.pdf", io.BytesIO(PDF))
