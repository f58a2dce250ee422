"""The report pages in a real browser on the demo data: the plan indicators, the dashboard
with its ECharts drawn and a table under a chart opened, and 表1 in the paper layout.
Photographed for the user guide (KAOPING_SCREENSHOTS_DIR=docs/screenshots)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from kaoping.collection.services import save_table, table_version
from kaoping.orgs.actors import CliActor

PROVINCE, NANJING = "320000", "320100"
# 表1 as the province reported it (the demo leaves 表1 empty): some agree with the derived
# values, some do not, so the page shows both flags.
REPORTED = {
    ("dc_province", "jun"): "100", ("dc_province", "dec"): "100", ("dc_city", "jun"): "84.62",
    ("dc_city", "dec"): "92.31", ("network_city", "jun"): "92.31", ("network_city", "dec"): "100",
    ("man_county", "dec"): "96", ("dr_province", "jun"): "100", ("dr_province", "dec"): "100",
    ("cert_usage", "jun"): "83.33", ("card_cities", "jun"): "84.62", ("card_cities", "dec"): "100",
    ("card_holders", "jun"): "0.45", ("card_holders", "dec"): "0.50", ("hotline_province", "jun"): "100",
    ("hotline_city", "jun"): "53.85", ("grassroots_platform", "dec"): "78.5",
}  # fmt: skip


@pytest.fixture
def reported(demo):  # type: ignore[no-untyped-def]
    campaign = demo.campaign
    version = table_version(campaign, PROVINCE, "T01")
    save_table(CliActor("cli:test"), campaign, PROVINCE, "T01", REPORTED, version, channel="cli")
    return campaign


def fits(page) -> bool:  # type: ignore[no-untyped-def]
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_report_pages(new_page, log_in, live_server, reported, photo):
    base = f"{live_server.url}/reports/c/{reported.pk}/{PROVINCE}"
    page = new_page()
    log_in(page, "sheng_admin", "kaoping-demo-2015")

    page.goto(f"{live_server.url}/c/{reported.pk}/{PROVINCE}/")
    page.click("[data-testid=report-links] >> text=规划指标测算")
    expect(page.locator("[data-testid=indicators] tbody tr")).to_have_count(19)
    assert "不可推算" in page.locator("[data-testid=derived-card_cities-2015-06]").inner_text()
    # the demo's 镇江 … 宿迁 have not filled 表5: 数据不全, never judged (docs/spec.md §6.4)
    assert "暂不判断" in page.locator("[data-testid=met-card_cities-2015-12]").inner_text()
    assert "数据不全" in page.locator("[data-testid=derived-card_cities-2015-12]").inner_text()
    assert "已填报 9/14 个单位" in page.locator("[data-testid=units-card_cities-2015-12]").inner_text()
    assert "未达标" in page.locator("[data-testid=met-dc_city-2015-12]").inner_text()  # entered, judged
    assert fits(page)
    photo(page, "40-indicators")
    page.click("[data-testid=derived-card_cities-2015-12] a")  # to its working
    page.locator("[data-testid=cities-w-card_cities-2015-12] summary").click()
    expect(page.locator("[data-testid=cities-w-card_cities-2015-12] table")).to_be_visible()
    page.locator("[data-testid=working-w-card_cities-2015-12] a", has_text="表14").first.click()
    expect(page).to_have_url(re.compile(r"/T14/#m__cities__qty$"))

    page.goto(f"{base}/dashboard/")
    page.wait_for_selector(".chart[data-ready='1']")
    expect(page.locator(".chart[data-ready='1']")).to_have_count(7)
    expect(page.locator(".chart svg")).to_have_count(7)
    page.locator("[data-testid=table-city_cards] summary").click()
    expect(page.locator("[data-testid=table-city_cards] table")).to_be_visible()
    assert fits(page)
    photo(page, "41-dashboard")

    page.goto(f"{base}/print/T01/")
    assert page.locator("[data-testid=seal]").is_visible()
    photo(page, "42-print-table1")
    page.emulate_media(media="print")
    assert not page.locator(".print-bar").is_visible()
    page.emulate_media(media="screen")


def test_city_prints_its_own_rows(new_page, log_in, live_server, demo, photo):
    page = new_page()
    log_in(page, "nanjing_tianbao", "kaoping-demo-2015")
    page.goto(f"{live_server.url}/reports/c/{demo.campaign.pk}/{NANJING}/print/T09/")
    assert page.locator("article.printed-table").count() == 1
    assert "苏州市" not in page.content()
    photo(page, "43-print-table9-city")
