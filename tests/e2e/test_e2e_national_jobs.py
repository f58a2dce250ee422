"""The national 表1 PDF in a real browser (docs/spec.md §14): 下载 PDF on the national 表1 offers
开始生成, whose job page shows the bar and then the file, kept for a day. Photographed for the
user guide."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from tests.conftest import PASSWORD
from tests.national.national_data import NATIONAL, national_with

from kaoping.demo import ensure_user
from kaoping.orgs.roles import Role

JS, BJ = "320000", "110000"


@pytest.fixture
def nation(org_tree):  # type: ignore[no-untyped-def]
    ensure_user("p_bu_shenhe", "部审核员戊", Role.MINISTRY_REVIEWER, "000000", password=PASSWORD)
    return national_with([BJ, JS], submitted=[BJ, JS])


def test_the_ministry_gets_the_national_pdf_from_a_job(new_page, log_in, live_server, nation, worker, photo):
    page = new_page(1366, 768)
    page.set_default_timeout(60_000)  # the shared machine is slow
    page.set_default_navigation_timeout(60_000)
    log_in(page, "p_bu_shenhe", PASSWORD)
    page.goto(f"{live_server.url}/reports/c/{NATIONAL}/000000/national/indicators/")
    page.get_by_role("link", name="下载 PDF").click()
    expect(page.locator("[data-testid=job-offer] h1")).to_have_text("2015 全国规划中期评估调查 · 全国表1 PDF")
    photo(page, "national-pdf-offer")
    page.locator("[data-testid=job-start]").click()
    page.wait_for_url("**/jobs/*/")
    expect(page.locator("[data-testid=job-state]")).to_have_text("已完成", timeout=120_000)
    expect(page.locator("[data-testid=job-download]")).to_contain_text("全国表1.pdf")
    expect(page.locator("[data-testid=job-kept]")).to_be_visible()
    photo(page, "national-pdf-done")
