"""The ministry's pages of a national campaign in a real browser at 1366×768, as a 部审核员:
the national dashboard with its charts drawn, the national 表1, the province comparison with
its bar chart, a table by province and the national 表1 in the paper layout. Photographed for
the user guide (KAOPING_SCREENSHOTS_DIR=docs/screenshots)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from tests.conftest import PASSWORD
from tests.national.national_data import NATIONAL, national_with

from kaoping.demo import ensure_user
from kaoping.orgs.roles import Role

JS, BJ, HB, NX, XJ = "320000", "110000", "420000", "640000", "650000"


@pytest.fixture
def nation(org_tree):  # type: ignore[no-untyped-def]
    ensure_user("p_bu_shenhe", "部审核员戊", Role.MINISTRY_REVIEWER, "000000", password=PASSWORD)
    return national_with([BJ, JS, HB, NX, XJ], submitted=[BJ, JS, HB, NX])  # 新疆 not yet


def fits(page) -> bool:  # type: ignore[no-untyped-def]
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_ministry_pages(new_page, log_in, live_server, nation, photo):
    base = f"{live_server.url}/reports/c/{NATIONAL}/000000/national"
    page = new_page(1366, 768)
    page.set_default_timeout(60_000)  # the first pages compute what a bulk load left out
    page.set_default_navigation_timeout(60_000)
    log_in(page, "p_bu_shenhe", PASSWORD)

    page.goto(f"{base}/")
    page.wait_for_selector(".chart[data-ready='1']")
    expect(page.locator(".chart svg")).to_have_count(3)
    missing = "未纳入 1 个（尚未上报）：新疆维吾尔自治区"
    expect(page.locator("[data-testid=coverage]")).to_contain_text(missing)
    assert fits(page)
    photo(page, "45-national-dashboard")

    page.goto(f"{base}/indicators/")
    expect(page.locator("[data-testid=national-indicators] tbody tr")).to_have_count(19)
    assert "不可推算" in page.locator("[data-testid=derived-card_cities-2015-06]").inner_text()
    assert "暂不判断" in page.locator("[data-testid=met-card_holders-2015-12]").inner_text()  # 新疆 missing
    photo(page, "46-national-table1")

    page.locator("[data-testid=derived-card_holders-2015-12] a").click()
    page.wait_for_selector(".chart[data-ready='1']")
    expect(page.locator("[data-testid=ranked] tbody tr")).to_have_count(4)
    expect(page.locator("[data-testid=ranked]")).to_contain_text("占全国目标")
    assert fits(page)
    photo(page, "47-national-compare")
    first = page.locator("[data-testid=ranked] tbody tr").first
    code = first.get_attribute("data-org")
    first.locator("a").click()
    expect(page).to_have_url(f"{live_server.url}/c/{NATIONAL}-{code}/{code}/")  # its own survey

    page.goto(f"{base}/tables/T05/")
    expect(page.locator("[data-testid=national-table] tbody tr")).to_have_count(4)
    expect(page.locator("[data-testid=national-table] tfoot")).to_contain_text("全国合计")
    photo(page, "48-national-table5")

    page.goto(f"{base}/indicators/print/")
    assert page.locator("[data-testid=seal]").is_visible()
    photo(page, "49-national-print")
