"""The Excel round trip in a real browser: 南京 downloads its template, types a wrong value
with openpyxl, uploads it and sees the error at its sheet and cell, fixes it, uploads again,
confirms, and finds the value on the entry page with its history entry (channel 上传)."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
from playwright.sync_api import expect

from kaoping.collection.models import Campaign
from kaoping.orgs.actors import CliActor
from kaoping.transfer import services
from transfer.helpers import CALLS, NANJING, address, where

PASSWORD = "persona-pass-2015"  # tests/conftest.py personas


def typed(template: Path, place: tuple[str, int, int], value: object, out: Path) -> Path:
    book = openpyxl.load_workbook(template)
    sheet, r, c = place
    book[sheet].cell(row=r + 1, column=c + 1).value = value
    book.save(out)
    return out


def test_download_fill_upload_fix_confirm_and_see_the_value(
    new_page, log_in, live_server, demo, personas, photo, tmp_path
):
    base = live_server.url
    campaign = Campaign.objects.get(pk="demo-2015")
    place = where(campaign, NANJING, CALLS)
    page = new_page(1400, 900)
    log_in(page, "p_nanjing_tianbao", PASSWORD)

    # The overview offers the template; the download is 南京's workbook.
    page.goto(f"{base}/c/demo-2015/{NANJING}/")
    photo(page, "69-transfer-overview-buttons")
    with page.expect_download() as info:
        page.click("[data-testid=transfer-links] [data-testid=download-template]")
    template = tmp_path / "template.xlsx"
    info.value.save_as(template)
    assert info.value.suggested_filename.endswith(".xlsx")
    sheet, r, c = place
    current = (
        openpyxl.load_workbook(io.BytesIO(template.read_bytes()))[sheet].cell(row=r + 1, column=c + 1).value
    )

    # A wrong value: the preview names the cell, and a normal save is not offered.
    page.click("[data-testid=transfer-links] [data-testid=upload-workbook]")
    expect(page.locator("input[name=file]")).to_be_attached()
    photo(page, "70-transfer-upload")
    page.set_input_files(
        "input[name=file]", str(typed(template, place, "约二十六万", tmp_path / "wrong.xlsx"))
    )
    page.click("[data-testid=preview]")
    findings = page.locator("[data-testid=preview-findings]")
    expect(findings).to_contain_text(address(place))
    expect(findings).to_contain_text("应填写整数")
    expect(page.locator("[data-testid=confirm]")).to_have_count(0)
    photo(page, "71-transfer-preview-error")

    # Fixed: the preview shows 当前值 → 新值, then the confirmation saves it.
    new = int(current) + 1
    page.click("[data-testid=upload-again]")
    page.set_input_files("input[name=file]", str(typed(template, place, new, tmp_path / "fixed.xlsx")))
    page.click("[data-testid=preview]")
    changes = page.locator("[data-testid=preview-changes]")
    expect(changes).to_contain_text("来电总量（个）")
    expect(page.locator("[data-testid=preview-summary]")).to_contain_text("将修改 1 个单元格")
    photo(page, "72-transfer-preview")
    page.click("[data-testid=confirm]")
    expect(page.locator(".messages")).to_contain_text("保存 1 处修改")

    # The entry page shows the value; its history says 上传 with the file name.
    page.goto(f"{base}/c/demo-2015/{NANJING}/T09/")
    expect(page.locator(f"input[name='v:{NANJING}:calls']")).to_have_value(str(new))
    expect(page.locator(".savebar [data-testid=download-template]")).to_be_visible()
    photo(page, "76-transfer-table-buttons")
    page.goto(f"{base}/c/demo-2015/{NANJING}/T09/history")
    history = page.locator("main")
    expect(history).to_contain_text("上传")
    expect(history).to_contain_text("fixed.xlsx")

    page.goto(f"{base}/transfer/c/demo-2015/{NANJING}/exports/")
    photo(page, "73-transfer-exports")


def test_bulk_import_checks_each_file_and_reports_it(
    new_page, log_in, live_server, demo, personas, photo, tmp_path, worker
):
    page = new_page(1400, 900)
    log_in(page, "p_sheng_admin", PASSWORD)
    page.goto(f"{live_server.url}/c/demo-2015/320000/")
    expect(page.locator("[data-testid=transfer-links]")).to_contain_text("批量导入")
    page.goto(f"{live_server.url}/transfer/c/demo-2015/320000/bulk/")
    expect(page.locator("[data-testid=bulk-form]")).to_be_visible()
    photo(page, "74-transfer-bulk")

    # 部管理员 (who may fill every city) checks three files: two cities' templates and junk.
    campaign = Campaign.objects.get(pk="demo-2015")
    files = []
    for code in (NANJING, "320500"):
        content, name = services.template(CliActor("cli:test"), campaign, code)
        files.append(tmp_path / name)
        files[-1].write_bytes(content)
    files.append(tmp_path / "扫描件.xlsx")
    files[-1].write_bytes(b"not a workbook")
    admin = new_page(1400, 900)
    log_in(admin, "p_bu_admin", PASSWORD)
    admin.goto(f"{live_server.url}/transfer/c/demo-2015/320000/bulk/")
    admin.set_input_files("input[name=files]", [str(f) for f in files])
    admin.click("[data-testid=bulk-start]")
    admin.wait_for_url("**/bulk/*/")  # the upload's page: its bar, then the report
    done = admin.locator("[data-testid=bulk-done]")
    expect(done).to_contain_text("0/3", timeout=60_000)  # check only: nothing saved
    lines = admin.locator(".bulk-line")
    expect(lines).to_have_count(3)
    expect(lines.nth(0)).to_contain_text("检查通过")
    expect(lines.nth(2)).to_contain_text("文件类型不允许：“扫描件.xlsx”")
    photo(admin, "75-transfer-bulk-report")
