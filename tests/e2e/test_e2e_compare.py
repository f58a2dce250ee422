"""与基期对比 and the follow-up flag in a real browser on the demo (docs/spec.md §13.3, §13.4).

The 省审核员 opens 南通's 表5 of demo-2015 beside its baseline demo-2014: 持卡人数 went from
1205.05 to 627.63 万人, (627.63 − 1205.05) ÷ 1205.05 = −47.92 %, shown −47.9 % and marked
beyond the column's 30 % threshold; compare.xlsx says the same on the same line; the page fits
a 1366-pixel screen. Then the reviewer flags that value 需跟进 from the table page and finds it
in the workbench's follow-up list. Photographed for the user guide."""

from __future__ import annotations

import io

import openpyxl
from playwright.sync_api import expect

NANTONG = "320600"
DEMO_PASSWORD = "kaoping-demo-2015"
CHANGE = "−47.9 %"


def fits(page) -> bool:  # type: ignore[no-untyped-def]
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_the_reviewer_reads_the_change_on_the_page_and_in_the_workbook(
    new_page, log_in, live_server, demo, photo
):  # type: ignore[no-untyped-def]
    base = live_server.url
    page = new_page(1366, 900)
    page.goto(f"{base}/accounts/login/", timeout=60_000)  # the session's first page: a cold server
    log_in(page, "sheng_shenhe", DEMO_PASSWORD)
    page.goto(f"{base}/c/demo-2015/{NANTONG}/T05/")
    page.click("[data-testid=compare-link]")
    expect(page.locator("[data-testid=compare-campaigns]")).to_contain_text("2014 规划年度评估")
    flagged = page.locator("[data-testid=compare] tr[data-flagged='1']")
    expect(flagged).to_have_count(1)
    cells = flagged.locator("td")
    expect(cells.nth(1)).to_contain_text("持卡人数")
    expect(cells.nth(2)).to_have_text("627.63")
    expect(cells.nth(3)).to_have_text("1205.05")
    expect(cells.nth(4)).to_have_text(CHANGE)
    assert fits(page)
    photo(page, "16-compare-baseline")

    with page.expect_download() as download:
        page.click("[data-testid=compare-workbook]")
    sheet = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]
    marked = [r for r in rows if r[5] == "是"]
    assert len(marked) == 1 and "持卡人数" in marked[0][1]
    assert marked[0][2:5] == ["627.63", "1205.05", CHANGE]


def test_the_reviewer_flags_the_value_for_follow_up(new_page, log_in, live_server, demo, photo):  # type: ignore[no-untyped-def]
    base = live_server.url
    page = new_page(1366, 900)
    log_in(page, "sheng_shenhe", DEMO_PASSWORD)
    page.goto(f"{base}/c/demo-2015/{NANTONG}/T05/")
    form = page.locator("[data-testid=wf-follow-up-form]")
    form.locator("select[name=cell]").select_option(f"{NANTONG}:holders")
    form.locator("input[name=note]").fill("持卡人数较上期减少近半，请核实口径")
    form.locator("[data-testid=wf-follow-up-flag]").click()
    expect(page.locator(".messages")).to_contain_text("已标记跟进")
    cell = page.locator(f"tr[data-row='{NANTONG}'] td.cell.follow-up")
    expect(cell).to_have_count(1)
    expect(cell.locator(".follow-up-tag")).to_have_text("需跟进")
    expect(page.locator("[data-testid=wf-follow-ups]")).to_contain_text("持卡人数较上期减少近半，请核实口径")
    assert fits(page)
    photo(page, "97-follow-up-cell")

    page.goto(f"{base}/w/c/demo-2015/workbench/?follow_up=1")
    listed = page.locator("[data-testid=wb-follow-ups] tbody tr")
    expect(listed).to_have_count(1)
    expect(listed.first).to_contain_text("南通市")
    expect(listed.first).to_contain_text("持卡人数较上期减少近半，请核实口径")
    photo(page, "98-workbench-follow-ups")
