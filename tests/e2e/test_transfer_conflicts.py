"""A stale template in a real browser: 南京's reporter downloads the template, the city's
leader then changes 表9's 来电总量 on the page, the reporter uploads the old file with his
own 来电总量 and a 备注. The preview lists the conflict first, in its own section (file
value, current value, who and when); confirming without ticking keeps the leader's value."""

from __future__ import annotations

from playwright.sync_api import expect

from kaoping.collection import services as collection
from kaoping.collection.models import Campaign, Value
from transfer.helpers import CALLS, NANJING, address, fill, where

PASSWORD = "persona-pass-2015"  # tests/conftest.py personas
REMARK = ("T09", NANJING, "remark")


def test_the_preview_lists_the_conflict_first_and_keeps_the_newer_value(
    new_page, log_in, live_server, demo, personas, photo, tmp_path
):
    base = live_server.url
    campaign = Campaign.objects.get(pk="demo-2015")
    page = new_page(1400, 900)
    log_in(page, "p_nanjing_tianbao", PASSWORD)
    page.goto(f"{base}/c/demo-2015/{NANJING}/")
    with page.expect_download() as info:
        page.click("[data-testid=transfer-links] [data-testid=download-template]")
    template = tmp_path / "template.xlsx"
    info.value.save_as(template)

    # After the download, 南京's leader changes 来电总量 on the page.
    downloaded = int(Value.objects.get(campaign=campaign, table="T09", row=NANJING, column="calls").text)
    leader_value = downloaded + 500
    version = collection.table_version(campaign, NANJING, "T09")
    collection.save_table(
        personas.nanjing_leader, campaign, NANJING, "T09", {(NANJING, "calls"): str(leader_value)}, version
    )

    # The reporter's old file changes 来电总量 too, and 备注.
    mine = downloaded + 1
    cells = {where(campaign, NANJING, CALLS): mine, where(campaign, NANJING, REMARK): "含转接电话"}
    page.goto(f"{base}/transfer/c/demo-2015/{NANJING}/upload/")
    filled = tmp_path / "南京-旧模板.xlsx"
    filled.write_bytes(fill(template.read_bytes(), cells))
    page.set_input_files("input[name=file]", str(filled))
    page.click("[data-testid=preview]")
    expect(page.locator("[data-testid=conflicts-title]")).to_have_text("下载模板后，他人已修改以下单元格")
    conflicts = page.locator("[data-testid=preview-conflicts]")
    row = conflicts.locator("tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(address(where(campaign, NANJING, CALLS)))
    expect(row).to_contain_text("来电总量（个）")
    expect(row).to_contain_text(str(mine))
    expect(row).to_contain_text(str(leader_value))
    expect(row).to_contain_text("南***人（p_nanjing_fuze）")  # a colleague: masked
    expect(row.locator("[data-testid=overwrite]")).not_to_be_checked()
    expect(page.locator("[data-testid=preview-summary]")).to_contain_text("1 处冲突")
    expect(page.locator("[data-testid=preview-changes]")).to_contain_text("备注")
    expect(page.locator("[data-testid=preview-changes]")).not_to_contain_text("来电总量")
    photo(page, "77-transfer-preview-conflicts")

    # Confirmed without ticking: the leader's value stays, the 备注 is saved.
    page.click("[data-testid=confirm]")
    expect(page.locator(".messages")).to_contain_text("保存 1 处修改")
    page.goto(f"{base}/c/demo-2015/{NANJING}/T09/")
    expect(page.locator(f"input[name='v:{NANJING}:calls']")).to_have_value(str(leader_value))
    expect(page.locator(f"[name='v:{NANJING}:remark']")).to_have_value("含转接电话")
