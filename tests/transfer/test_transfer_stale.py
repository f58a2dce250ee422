"""A stale template never silently reverts a later edit (docs/spec.md §9.3).

The story: 南京's reporter (A) downloads the template; 南京's leader (B) then changes 表9's
来电总量 on the page; A fills the old file — also changing 来电总量, and 备注 which B did
not touch — and uploads it. B's 来电总量 is a conflict (kept unless A ticks it); A's 备注 is
an ordinary change; a cell A left as downloaded is no change at all.
"""

from __future__ import annotations

import io
import json
from datetime import datetime

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from tests.jobs.helpers import bulk_through_jobs

from kaoping.cli import main
from kaoping.collection import services as collection
from kaoping.collection.models import AuditEntry, ListRow, Value
from kaoping.core.workbook.meta import META_SHEET
from kaoping.transfer import services
from kaoping.transfer.models import PendingUpload
from transfer.helpers import CALLS, NANJING, address, fill, where

REMARK = ("T09", NANJING, "remark")
SEATS = ("T09", NANJING, "seats")
CONFLICTS_TITLE = "下载模板后，他人已修改以下单元格"


def stored(campaign, key=CALLS):  # type: ignore[no-untyped-def]
    table, row, column = key
    return (
        Value.objects.filter(campaign=campaign, table=table, row=row, column=column)
        .values_list("text", flat=True)
        .first()
    )


def edit_on_page(user, campaign, key, text):  # type: ignore[no-untyped-def]
    """B types into the 表9 page (a save at the table's current version)."""
    table, row, column = key
    base = collection.table_version(campaign, NANJING, table)
    saved = collection.save_table(user, campaign, NANJING, table, {(row, column): text}, base, channel="page")
    assert not saved.conflict and saved.changed == 1


def a_fills(campaign, template: bytes, calls: int) -> bytes:  # type: ignore[no-untyped-def]
    """A types a 来电总量 and a 备注 into the template downloaded before B's edit."""
    return fill(
        template, {where(campaign, NANJING, CALLS): calls, where(campaign, NANJING, REMARK): "含转接电话"}
    )


def story(survey, nj_template, nanjing_leader):  # type: ignore[no-untyped-def]
    """(B's 来电总量, A's 来电总量, A's workbook) after B's edit on the page."""
    downloaded = int(stored(survey))
    b_value, a_value = downloaded + 500, downloaded + 1
    edit_on_page(nanjing_leader, survey, CALLS, str(b_value))
    return str(b_value), str(a_value), a_fills(survey, nj_template, a_value)


def calls_token(campaign) -> str:  # type: ignore[no-untyped-def]
    """How the preview names the 来电总量 conflict: the cell and the version it was seen at."""
    return f"T09|{NANJING}|calls|{collection.table_version(campaign, NANJING, 'T09')}"


def upload(client, campaign, content):  # type: ignore[no-untyped-def]
    url = f"/transfer/c/{campaign.pk}/{NANJING}/upload/"
    return client.post(url, {"file": SimpleUploadedFile("南京.xlsx", content, content_type=services.XLSX)})


def confirm(client, user, data):  # type: ignore[no-untyped-def]
    pending = PendingUpload.objects.get(user=user, done=False)
    return client.post(f"/transfer/c/demo-2015/{NANJING}/upload/{pending.pk}/confirm/", data)


def without_versions(content: bytes) -> bytes:
    """A template as written before templates recorded their table versions."""
    book = openpyxl.load_workbook(io.BytesIO(content))
    meta = book[META_SHEET]
    for row in meta.iter_rows():
        if row[0].value in ("downloaded", "table_version"):
            for cell in row:
                cell.value = None
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_template_records_the_table_versions_and_the_download_time(survey, nj_template):
    rows = [
        [c.value for c in r] for r in openpyxl.load_workbook(io.BytesIO(nj_template))[META_SHEET].iter_rows()
    ]
    versions = {r[1]: r[2] for r in rows if r[0] == "table_version"}
    assert versions["T09"] == str(collection.table_version(survey, NANJING, "T09"))
    assert "T01" not in versions  # 表1 is the province's alone: not in 南京's template
    downloaded = datetime.fromisoformat(next(r[1] for r in rows if r[0] == "downloaded"))
    assert abs((timezone.now() - downloaded).total_seconds()) < 600


def test_service_a_conflict_keeps_the_newer_value_and_the_other_change_is_saved(
    survey, nj_template, nanjing_reporter, nanjing_leader
):
    b_value, a_value, content = story(survey, nj_template, nanjing_leader)
    preview = services.import_workbook(nanjing_reporter, survey, NANJING, content, "a.xlsx")
    [conflict] = preview.result.conflicts
    assert conflict.key == CALLS and conflict.cell == address(where(survey, NANJING, CALLS))
    assert (conflict.mine, conflict.current) == (a_value, b_value)
    assert conflict.edit.who == "南***人（p_nanjing_fuze）" and not conflict.overwritten
    assert preview.result.changes == {REMARK: "含转接电话"}  # the conflict is not a change
    saved = services.import_workbook(nanjing_reporter, survey, NANJING, content, "a.xlsx", services.Mode.SAVE)
    assert saved.saved
    assert stored(survey) == b_value and stored(survey, REMARK) == "含转接电话"


def test_service_overwrite_saves_the_file_value_with_channel_upload(
    survey, nj_template, nanjing_reporter, nanjing_leader
):
    _, a_value, content = story(survey, nj_template, nanjing_leader)
    preview = services.import_workbook(nanjing_reporter, survey, NANJING, content, "a.xlsx")
    tokens = {c.token for c in preview.result.conflicts}
    outcome = services.import_workbook(
        nanjing_reporter,
        survey,
        NANJING,
        content,
        "a.xlsx",
        services.Mode.SAVE,
        overwrite=tokens,
        shown=tokens,
    )
    assert outcome.saved and outcome.result.conflicts[0].overwritten
    assert stored(survey) == a_value and stored(survey, REMARK) == "含转接电话"
    entry = AuditEntry.objects.filter(campaign=survey, table="T09", row=NANJING, column="calls").latest("id")
    assert entry.channel == "upload" and entry.actor == nanjing_reporter.username and entry.new == a_value


def test_a_cell_the_file_left_as_downloaded_keeps_the_newer_value(
    survey, nj_template, nanjing_reporter, nanjing_leader
):
    edit_on_page(nanjing_leader, survey, SEATS, "99")
    content = fill(nj_template, {where(survey, NANJING, REMARK): "含转接电话"})  # 座席数 left as downloaded
    outcome = services.import_workbook(
        nanjing_reporter, survey, NANJING, content, "a.xlsx", services.Mode.SAVE
    )
    assert outcome.saved and outcome.result.conflicts == [] and outcome.result.superseded == 1
    assert stored(survey, SEATS) == "99" and stored(survey, REMARK) == "含转接电话"


def test_a_template_without_versions_still_imports_as_before(
    survey, nj_template, nanjing_reporter, nanjing_leader, client_for
):
    downloaded = stored(survey)
    edit_on_page(nanjing_leader, survey, CALLS, str(int(downloaded) + 500))
    old = without_versions(fill(nj_template, {where(survey, NANJING, REMARK): "含转接电话"}))
    outcome = services.import_workbook(nanjing_reporter, survey, NANJING, old, "old.xlsx")
    assert outcome.result.refused is None and not outcome.result.versioned
    # no version: the old 来电总量 is an ordinary change back, as before this check existed
    assert outcome.result.changes == {CALLS: downloaded, REMARK: "含转接电话"}
    body = upload(client_for(nanjing_reporter), survey, old).content.decode()
    assert 'data-testid="unversioned"' in body and "此文件没有版本信息" in body


def test_page_conflict_section_then_an_unticked_confirm_keeps_b_value(
    survey, nj_template, client_for, nanjing_reporter, nanjing_leader
):
    b_value, a_value, content = story(survey, nj_template, nanjing_leader)
    client = client_for(nanjing_reporter)
    body = upload(client, survey, content).content.decode()
    assert CONFLICTS_TITLE in body and body.index(CONFLICTS_TITLE) < body.index(
        'data-testid="preview-changes"'
    )
    section = body[body.index('data-testid="preview-conflicts"') :].split("</table>")[0]
    assert address(where(survey, NANJING, CALLS)) in section and "来电总量（个）" in section
    assert a_value in section and b_value in section and nanjing_leader.username in section
    token = calls_token(survey)
    assert f'name="shown" value="{token}"' in body and f'name="overwrite" value="{token}"' in body
    response = confirm(client, nanjing_reporter, {"mode": "save", "shown": token})
    assert response.status_code == 302
    assert stored(survey) == b_value and stored(survey, REMARK) == "含转接电话"


@pytest.mark.parametrize("tick", ["overwrite", "overwrite_all"])
def test_page_a_ticked_conflict_saves_the_file_value(
    tick, survey, nj_template, client_for, nanjing_reporter, nanjing_leader
):
    _, a_value, content = story(survey, nj_template, nanjing_leader)
    client = client_for(nanjing_reporter)
    upload(client, survey, content)
    token = calls_token(survey)
    response = confirm(client, nanjing_reporter, {"mode": "save", "shown": token, tick: token})
    assert response.status_code == 302 and stored(survey) == a_value
    entry = AuditEntry.objects.filter(campaign=survey, table="T09", row=NANJING, column="calls").latest("id")
    assert entry.channel == "upload" and entry.get_channel_display() == "上传"


def test_an_edit_between_preview_and_confirm_is_a_new_conflict_and_nothing_is_saved(
    survey, nj_template, client_for, nanjing_reporter, nanjing_leader
):
    _, a_value, content = story(survey, nj_template, nanjing_leader)
    client = client_for(nanjing_reporter)
    upload(client, survey, content)
    seen = calls_token(survey)
    edit_on_page(nanjing_leader, survey, CALLS, "777")  # after A's preview
    response = confirm(client, nanjing_reporter, {"mode": "save", "shown": seen, "overwrite": seen})
    body = response.content.decode()
    assert (
        response.status_code == 200
        and 'data-testid="not-saved"' in body
        and "预览之后又有人修改了 1 个单元格" in body
    )
    assert stored(survey) == "777" and stored(survey, REMARK) != "含转接电话"  # nothing saved
    now = calls_token(survey)
    assert f'name="shown" value="{now}"' in body and "777" in body
    response = confirm(client, nanjing_reporter, {"mode": "save", "shown": now})
    assert response.status_code == 302
    assert stored(survey) == "777" and stored(survey, REMARK) == "含转接电话"
    assert a_value != "777"


def test_cli_keeps_b_value_reports_the_conflict_and_exits_4_unless_told_to_overwrite(
    survey, nj_template, nanjing_leader, capsys, tmp_path
):
    b_value, a_value, content = story(survey, nj_template, nanjing_leader)
    path = tmp_path / "a.xlsx"
    path.write_bytes(content)
    argv = ["import", str(path), "--campaign", "demo-2015", "--org", NANJING, "--format", "json"]
    code = main(argv)
    document = json.loads(capsys.readouterr().out)
    assert code == 4 and document["saved"] is True and document["changed"] == 1
    [finding] = [f for f in document["findings"] if f["rule"] == "X-CONFLICT"]
    assert finding["cell"] == address(where(survey, NANJING, CALLS)) and finding["severity"] == "warning"
    [conflict] = document["conflicts"]
    assert (conflict["file_value"], conflict["current_value"]) == (a_value, b_value)
    # the server's operator may see everyone's personal data (docs/spec.md §9.6)
    assert conflict["changed_by"] == "南京负责人（p_nanjing_fuze）" and conflict["overwritten"] is False
    assert stored(survey) == b_value and stored(survey, REMARK) == "含转接电话"
    code = main([*argv, "--overwrite-conflicts"])
    document = json.loads(capsys.readouterr().out)
    assert code == 0 and document["conflicts"][0]["overwritten"] is True and stored(survey) == a_value


def test_api_upload_keeps_b_value_unless_overwrite_conflicts(
    survey, nj_template, client_for, nanjing_reporter, nanjing_leader
):
    b_value, a_value, content = story(survey, nj_template, nanjing_leader)
    client = client_for(nanjing_reporter)
    url = f"/api/campaigns/demo-2015/orgs/{NANJING}/import"
    kept = client.post(url, {"file": SimpleUploadedFile("a.xlsx", content)}).json()
    assert (
        kept["saved"] is True and kept["conflicts"][0]["overwritten"] is False and stored(survey) == b_value
    )
    overwritten = client.post(
        url + "?overwrite_conflicts=true", {"file": SimpleUploadedFile("a.xlsx", content)}
    )
    assert overwritten.json()["conflicts"][0]["overwritten"] is True and stored(survey) == a_value


def test_bulk_page_keeps_b_value_and_says_so(survey, nj_template, client_for, ministry_admin, nanjing_leader):
    b_value, _, content = story(survey, nj_template, nanjing_leader)
    body = bulk_through_jobs(
        client_for(ministry_admin),
        "/transfer/c/demo-2015/320000/bulk/",
        {"mode": "save", "files": [SimpleUploadedFile("nj.xlsx", content)]},
    )
    assert "已保存" in body and "1 处冲突保留当前值" in body
    assert stored(survey) == b_value and stored(survey, REMARK) == "含转接电话"


def test_a_list_row_removed_after_the_download_is_not_brought_back(
    survey, nj_template, nanjing_reporter, nanjing_leader
):
    row = ListRow.objects.filter(campaign=survey, table="T07", org_id=NANJING).first()
    assert row is not None
    collection.remove_list_row(nanjing_leader, survey, NANJING, "T07", row.key)
    content = fill(nj_template, {where(survey, NANJING, REMARK): "含转接电话"})  # 表7 left as downloaded
    outcome = services.import_workbook(
        nanjing_reporter, survey, NANJING, content, "a.xlsx", services.Mode.SAVE
    )
    assert outcome.saved and outcome.result.new_rows == [] and outcome.result.conflicts == []
    assert not ListRow.objects.filter(campaign=survey, table="T07", key=row.key).exists()
    assert stored(survey, REMARK) == "含转接电话"


def test_who_may_see_the_person_reads_the_name_in_full(survey, nj_template, nanjing_leader, ministry_admin):
    """The colleague without an administrator's right reads 南***人 (above); the person who made
    the later edit, importing an older template, and an account administrator of 南京 read it."""
    content = story(survey, nj_template, nanjing_leader)[2]
    for user in (nanjing_leader, ministry_admin):
        [conflict] = services.import_workbook(user, survey, NANJING, content, "a.xlsx").result.conflicts
        assert conflict.edit.who == "南京负责人（p_nanjing_fuze）", user.username
