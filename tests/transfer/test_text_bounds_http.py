"""Texts beyond their column's bound through the workbook ways in (docs/spec.md §5.3): a 表7
系统名称 of 201 characters (its column declares 200) and a 表9 备注 of 501 (500 by default) are
reported at their cells by the import API (dry run and save) and the upload page, with the
bound in the message; nothing of them is imported, and a draft never saves them."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kaoping.collection.models import Value
from kaoping.transfer.models import PendingUpload
from transfer.helpers import NANJING, address, fill, where


def system_row(campaign) -> str:  # type: ignore[no-untyped-def]
    """The key of one of 南京's 表7 rows in the demo."""
    return str(
        Value.objects.filter(campaign=campaign, table="T07", org_id=NANJING, column="name")
        .values_list("row", flat=True)
        .first()
    )


@pytest.fixture
def long_texts(survey, nj_template):  # type: ignore[no-untyped-def]
    """南京's template with an over-long system name and 备注: (file, {cell: what it says})."""
    name = where(survey, NANJING, ("T07", system_row(survey), "name"))
    remark = where(survey, NANJING, ("T09", NANJING, "remark"))
    content = fill(nj_template, {name: "系" * 201, remark: "备" * 501})
    said = {
        address(name): "文字过长：最多 200 个字，填写了 201 个字",
        address(remark): "文字过长：最多 500 个字，填写了 501 个字",
    }
    return content, said


def stored(survey):  # type: ignore[no-untyped-def]
    return sorted(Value.objects.filter(campaign=survey).values_list("id", "text"))


@pytest.mark.parametrize("dry_run", [True, False])
def test_the_import_api_reports_each_at_its_cell(survey, long_texts, client_for, nanjing_reporter, dry_run):
    content, said = long_texts
    before = stored(survey)
    url = f"/api/campaigns/demo-2015/orgs/{NANJING}/import" + ("?dry_run=true" if dry_run else "")
    response = client_for(nanjing_reporter).post(url, {"file": SimpleUploadedFile("南京.xlsx", content)})
    document = response.json()
    assert response.status_code == 200 and document["saved"] is False
    for cell, message in said.items():
        found = [f for f in document["findings"] if f["cell"] == cell and message in str(f["message"])]
        assert len(found) == 1, (cell, document["findings"])
        assert (found[0]["severity"], found[0]["rule"]) == ("error", "V-TYPE")
    assert stored(survey) == before


def test_the_upload_page_shows_each_and_a_draft_never_saves_them(
    survey, long_texts, client_for, nanjing_reporter
):
    content, said = long_texts
    client = client_for(nanjing_reporter)
    before = stored(survey)
    page = client.post(
        f"/transfer/c/demo-2015/{NANJING}/upload/", {"file": SimpleUploadedFile("南京.xlsx", content)}
    )
    body = page.content.decode()
    assert page.status_code == 200 and all(message in body for message in said.values())
    assert 'data-testid="confirm"' not in body
    pending = PendingUpload.objects.filter(user=nanjing_reporter).latest("pk")
    client.post(f"/transfer/c/demo-2015/{NANJING}/upload/{pending.pk}/confirm/", {"mode": "draft"})
    names = Value.objects.filter(campaign=survey, table="T07", org_id=NANJING, column="name")
    assert all(len(text) <= 200 for text in names.values_list("text", flat=True))
    assert not Value.objects.filter(campaign=survey, column="remark", text="备" * 501).exists()
    assert len(stored(survey)) >= len(before)
