"""Every page on the demo data, in a real browser: nothing overflows the window, and each
page is photographed (the user guide docs/用户手册.md embeds these pictures; refresh them
with KAOPING_SCREENSHOTS_DIR=docs/screenshots)."""

from __future__ import annotations

import pytest

NANJING, PROVINCE = "320100", "320000"


def page_fits(page) -> bool:  # type: ignore[no-untyped-def]
    """No horizontal overflow of the page itself (wide grids scroll inside their box)."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.fixture
def demo_site(demo, live_server):  # type: ignore[no-untyped-def]
    return f"{live_server.url}/c/{demo.campaign.pk}"


def test_city_clerk_pages(new_page, log_in, live_server, demo_site, photo):
    page = new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    photo(page, "01-login")
    log_in(page, "nanjing_tianbao", "kaoping-demo-2015")
    assert "南京市" in page.locator("[data-testid=tasks]").inner_text()
    photo(page, "02-tasks")
    page.goto(f"{demo_site}/{NANJING}/")
    assert page.locator("[data-testid=overview] tbody tr").count() >= 9
    photo(page, "03-overview-city")
    for table, name in (("T09", "04-table9-city"), ("T07", "05-table7-city"), ("T10", "06-table10-city")):
        page.goto(f"{demo_site}/{NANJING}/{table}/")
        assert page_fits(page), table
        photo(page, f"{name}")
    page.goto(f"{demo_site}/{NANJING}/T09/history")
    photo(page, "07-history")
    page.goto(f"{live_server.url}/accounts/password_change/")
    photo(page, "08-password")


def test_province_sees_every_table_like_the_paper_form(new_page, log_in, demo_site, photo):
    # one demo for the 14 tables: building it is the slow part
    page = new_page()
    log_in(page, "sheng_admin", "kaoping-demo-2015")
    for number in range(1, 15):
        page.goto(f"{demo_site}/{PROVINCE}/T{number:02d}/")
        assert page.locator("h1").count() == 1, number
        assert page_fits(page), number
        photo(page, f"20-province-T{number:02d}")


def test_province_overview_and_english(new_page, log_in, demo_site, photo):
    page = new_page()
    log_in(page, "sheng_shenhe", "kaoping-demo-2015")
    page.goto(f"{demo_site}/{PROVINCE}/")
    assert page.locator("[data-testid=overview] tbody tr").count() == 14
    # 表3: seven of 13 cities have filled it, so it is 填报中, never 已完成 (docs/spec.md §8.2)
    assert page.locator("[data-testid=status-T03]").inner_text() == "填报中"
    units = page.locator("[data-testid=units-T03]")
    assert "已填 7/13" in units.inner_text()
    units.locator("summary").click()
    photo(page, "09-overview-province")
    units.locator("a", has_text="宿迁市").click()
    page.wait_for_url(f"{demo_site}/321300/T03/")
    page.goto(f"{demo_site}/{PROVINCE}/")
    page.select_option("select[name=language]", "en")
    page.click("form.lang button")
    page.wait_for_load_state()
    assert "Check" in page.content() or "Table" in page.content()
    photo(page, "10-overview-english")


def test_table1_prints_on_a4_landscape_without_the_screen_chrome(new_page, log_in, demo_site, photo):
    page = new_page(1123, 794)  # A4 landscape at 96 dpi
    log_in(page, "sheng_admin", "kaoping-demo-2015")
    page.goto(f"{demo_site}/{PROVINCE}/T01/")
    page.emulate_media(media="print")
    assert not page.locator(".topbar").is_visible()
    assert not page.locator(".savebar").is_visible()
    assert page.locator(".footer-block").is_visible()  # 填报单位（公章） block for the fax
    photo(page, "11-print-T01")


def test_province_sees_a_citys_hard_error_in_table9(new_page, log_in, demo_site, photo):
    page = new_page()
    log_in(page, "sheng_shenhe", "kaoping-demo-2015")
    page.goto(f"{demo_site}/{PROVINCE}/T09/")
    summary = page.locator("[data-testid=summary]")
    assert "强制性错误" in summary.inner_text()
    photo(page, "12-province-T09-errors")
