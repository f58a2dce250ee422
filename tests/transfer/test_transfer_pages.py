"""The pages and the API: template download, upload → preview → confirm, exports, refusals."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.jobs.helpers import bulk_through_jobs, file_through_job

from kaoping.collection import services as collection
from kaoping.collection.models import AuditEntry, Value
from kaoping.collection.services import writing
from kaoping.transfer import services
from kaoping.transfer.models import PendingUpload
from transfer.helpers import CALLS, NANJING, SUZHOU, address, fill, where

XLSX = services.XLSX


def stored(campaign, key=CALLS):  # type: ignore[no-untyped-def]
    table, row, column = key
    return Value.objects.get(campaign=campaign, table=table, row=row, column=column).text


def upload(client, campaign, content, name="南京.xlsx", org=NANJING):  # type: ignore[no-untyped-def]
    url = f"/transfer/c/{campaign.pk}/{org}/upload/"
    return client.post(url, {"file": SimpleUploadedFile(name, content, content_type=XLSX)})


def test_the_overview_offers_the_template_and_the_upload(survey, client_for, nanjing_reporter):
    body = client_for(nanjing_reporter).get(f"/c/demo-2015/{NANJING}/").content.decode()
    assert f"/transfer/c/demo-2015/{NANJING}/template/" in body
    assert f"/transfer/c/demo-2015/{NANJING}/upload/" in body


def test_template_download_is_the_city_workbook(survey, client_for, nanjing_reporter):
    response = client_for(nanjing_reporter).get(f"/transfer/c/demo-2015/{NANJING}/template/")
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert "filename*=UTF-8''demo-2015-320100-" in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet, r, c = where(survey, NANJING, CALLS)
    assert book[sheet].cell(row=r + 1, column=c + 1).value == int(stored(survey))


def test_preview_shows_old_to_new_and_the_located_error_then_nothing_is_saved(
    survey, nj_template, client_for, nanjing_reporter
):
    before = stored(survey)
    place = where(survey, NANJING, CALLS)
    client = client_for(nanjing_reporter)
    response = upload(client, survey, fill(nj_template, {place: "abc"}))
    body = response.content.decode()
    assert response.status_code == 200
    assert address(place) in body and "V-TYPE" in body  # 表9!H7, the cell typed into
    assert 'data-testid="confirm"' not in body  # errors block a normal save
    assert 'data-testid="save-draft"' in body
    assert stored(survey) == before


def test_confirm_saves_with_channel_upload_and_the_file_digest(
    survey, nj_template, client_for, nanjing_reporter
):
    before = stored(survey)
    new = str(int(before) + 1)
    content = fill(nj_template, {where(survey, NANJING, CALLS): int(new)})
    client = client_for(nanjing_reporter)
    body = upload(client, survey, content).content.decode()
    assert "来电总量（个）" in body and before in body and new in body  # 表9 南京市 来电总量 old → new
    assert stored(survey) == before  # the preview saved nothing
    pending = PendingUpload.objects.get(user=nanjing_reporter)
    response = client.post(f"/transfer/c/demo-2015/{NANJING}/upload/{pending.pk}/confirm/", {"mode": "save"})
    assert response.status_code == 302
    assert stored(survey) == new
    entry = AuditEntry.objects.filter(campaign=survey, row=NANJING, column="calls").latest("id")
    assert entry.channel == "upload" and entry.actor == nanjing_reporter.username
    assert entry.note == f"南京.xlsx sha256:{services.sha256(content)}"
    # the same confirmation cannot be replayed
    again = client.post(f"/transfer/c/demo-2015/{NANJING}/upload/{pending.pk}/confirm/", {"mode": "save"})
    assert again.status_code == 404


def test_a_locked_form_is_not_saved_and_the_preview_says_why(
    survey, nj_template, client_for, nanjing_reporter, monkeypatch
):
    monkeypatch.setattr(
        writing, "WRITE_GUARDS", [lambda c, org: "已上报，等待审核" if org == NANJING else None]
    )
    before = stored(survey)
    content = fill(nj_template, {where(survey, NANJING, CALLS): int(before) + 1})
    outcome = services.import_workbook(
        nanjing_reporter, survey, NANJING, content, "nj.xlsx", services.Mode.SAVE
    )
    assert not outcome.saved and outcome.not_saved_because == "已上报，等待审核"
    body = upload(client_for(nanjing_reporter), survey, content).content.decode()
    assert "已上报，等待审核" in body and 'data-testid="confirm"' not in body
    assert stored(survey) == before


def test_a_value_saved_since_the_download_is_not_reverted_by_the_stale_template(
    survey, nj_template, nanjing_reporter
):
    """The import applies onto the values as they are now; a cell the file left as downloaded
    that was changed since is no change (the newer value stays)."""
    base = collection.table_version(survey, NANJING, "T09")
    collection.save_table(nanjing_reporter, survey, NANJING, "T09", {(NANJING, "calls"): "300000"}, base)
    content = fill(nj_template, {where(survey, NANJING, ("T09", NANJING, "remark")): "按模板修改"})
    outcome = services.import_workbook(
        nanjing_reporter, survey, NANJING, content, "nj.xlsx", services.Mode.DRY_RUN
    )
    # the stale template still carries the old 来电总量: not a change back from 300000
    assert outcome.result.changes == {("T09", NANJING, "remark"): "按模板修改"}
    assert outcome.result.superseded == 1 and outcome.result.conflicts == []


def test_the_outsider_cannot_download_or_upload_nanjing(survey, nj_template, client_for, suzhou_reporter):
    client = client_for(suzhou_reporter)
    before = stored(survey)
    for url in (f"/transfer/c/demo-2015/{NANJING}/template/", f"/transfer/c/demo-2015/{NANJING}/upload/"):
        response = client.get(url)
        assert response.status_code == 403 and "需要" in response.content.decode()
    assert upload(client, survey, nj_template).status_code == 403
    assert stored(survey) == before
    with pytest.raises(Exception, match="需要"):
        services.template(suzhou_reporter, survey, NANJING)


def test_a_suzhou_workbook_carrying_nanjing_code_is_refused(survey, client_for, suzhou_reporter):
    """苏州 edits its own template's _meta to say 南京 and uploads it as its own: refused."""
    content, _ = services.template(suzhou_reporter, survey, SUZHOU)
    book = openpyxl.load_workbook(io.BytesIO(content))
    meta = book["_meta"]
    for row in meta.iter_rows():
        if row[0].value == "org":
            row[1].value = NANJING
    out = io.BytesIO()
    book.save(out)
    before = list(Value.objects.filter(campaign=survey).values_list("id", "text"))
    response = upload(client_for(suzhou_reporter), survey, out.getvalue(), org=SUZHOU)
    assert response.status_code == 200 and 'data-testid="refused"' in response.content.decode()
    assert list(Value.objects.filter(campaign=survey).values_list("id", "text")) == before


def test_api_template_import_and_export(survey, nj_template, client_for, nanjing_reporter, suzhou_reporter):
    client = client_for(nanjing_reporter)
    response = client.get(f"/api/campaigns/demo-2015/orgs/{NANJING}/template")
    assert response.status_code == 200 and response.content[:2] == b"PK"
    before = stored(survey)
    content = fill(nj_template, {where(survey, NANJING, CALLS): int(before) + 1})
    url = f"/api/campaigns/demo-2015/orgs/{NANJING}/import"
    dry = client.post(url + "?dry_run=true", {"file": SimpleUploadedFile("nj.xlsx", content)})
    assert dry.status_code == 200
    assert dry.json()["saved"] is False and dry.json()["changed"] == 1 and stored(survey) == before
    saved = client.post(url, {"file": SimpleUploadedFile("nj.xlsx", content)})
    assert saved.json()["saved"] is True and stored(survey) == str(int(before) + 1)
    refused = client.post(url, {"file": SimpleUploadedFile("nj.xlsx", b"not a workbook")})
    assert refused.status_code == 422 and refused.json() == {
        "refused": "文件类型不允许：“nj.xlsx”，只接受 Excel 工作簿（.xlsx）（按文件内容判断）"
    }
    csv = client.get(f"/api/campaigns/demo-2015/orgs/{NANJING}/export/csv")
    rows = csv.content.decode("utf-8-sig").splitlines()
    assert rows[0].startswith("任务,组织代码") and all(
        f",{NANJING}," in r for r in rows[1:]
    )  # 南京's own only
    outsider = client_for(suzhou_reporter)
    assert outsider.post(url, {"file": SimpleUploadedFile("nj.xlsx", content)}).status_code == 403
    assert outsider.get(f"/api/campaigns/demo-2015/orgs/{NANJING}/export/csv").status_code == 403


def test_formula_looking_text_is_escaped_in_the_csv_every_time(survey, client_for, nanjing_reporter):
    base = collection.table_version(survey, NANJING, "T09")
    collection.save_table(
        nanjing_reporter, survey, NANJING, "T09", {(NANJING, "remark"): "=HYPERLINK(1)"}, base
    )
    body = file_through_job(client_for(nanjing_reporter), f"/transfer/c/demo-2015/{NANJING}/exports/csv/")
    line = next(r for r in body.decode("utf-8-sig").splitlines() if f",T09,{NANJING},remark," in r)
    assert ",'=HYPERLINK(1)," in line


def test_findings_export_lists_each_finding_with_its_explanation(survey, client_for, nanjing_reporter):
    base = collection.table_version(survey, NANJING, "T09")
    calls = int(stored(survey))
    collection.save_table(
        nanjing_reporter, survey, NANJING, "T09", {(NANJING, "calls"): str(calls + 1)}, base
    )
    collection.save_explanation(
        nanjing_reporter, survey, NANJING, "V09-BAL", "T09", NANJING, "calls", "含转接电话"
    )
    response = client_for(nanjing_reporter).get(f"/transfer/c/demo-2015/{NANJING}/exports/findings/")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["审核结果"]
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=2)]
    # named as printed: the table's title, the column under its header group (docs/spec.md §10.5)
    table, total = "表9 12333电话咨询服务情况表", "来电情况 › 来电总量（个）"
    assert rows[0][:8] == [NANJING, "南京市", table, "南京市", total, "提示", "审核规则", "V09-BAL"]
    assert rows[0][9] == "含转接电话" and len(rows) == 1
    assert rows[0][10] == total  # the cell changed last: the one to check first
    # LibreOffice does not grow rows for wrapped text: the table's title, 23.3 units in the
    # 16-unit column, takes two lines of the 11-point font (16 pt each) + 3 → at least 35 pt
    assert sheet.row_dimensions[2].height >= 35


def test_bulk_import_reports_each_file(
    survey, nj_template, client_for, personas, ministry_admin, suzhou_reporter
):
    sz, _ = services.template(suzhou_reporter, survey, SUZHOU)
    before = stored(survey)
    nj = fill(nj_template, {where(survey, NANJING, CALLS): int(before) + 1})
    client = client_for(ministry_admin)
    body = bulk_through_jobs(
        client,
        "/transfer/c/demo-2015/320000/bulk/",
        {"mode": "save", "files": [SimpleUploadedFile("nj.xlsx", nj), SimpleUploadedFile("sz.xlsx", sz),
                                   SimpleUploadedFile("bad.xlsx", b"junk")]},
    )  # fmt: skip
    assert body.count('class="bulk-line') == 3
    assert "1/3" in body and "3/3" in body
    assert 'data-file="bad.xlsx"' in body and "文件类型不允许：“bad.xlsx”" in body
    assert "已保存" in body and stored(survey) == str(int(before) + 1)


def test_api_json_document_has_sheet_and_cell(survey, nj_template, client_for, nanjing_reporter):
    place = where(survey, NANJING, CALLS)
    content = fill(nj_template, {place: "abc"})
    response = client_for(nanjing_reporter).post(
        f"/api/campaigns/demo-2015/orgs/{NANJING}/import", {"file": SimpleUploadedFile("nj.xlsx", content)}
    )
    document = json.loads(response.content)
    assert document["saved"] is False and "错误" in document["reason"]
    assert {"sheet": "表9", "cell": address(place), "rule": "V-TYPE"}.items() <= next(
        f for f in document["findings"] if f["rule"] == "V-TYPE"
    ).items()
