"""The full recomputation of a national campaign in a real browser (docs/spec.md §14): the
部管理员's 重新计算各省汇总 on the national dashboard opens the job's page, whose bar goes province
by province while a worker (a thread of the test process) rebuilds each stored summary.
Photographed for the user guide."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from tests.conftest import PASSWORD
from tests.national.national_data import NATIONAL, national_with

from kaoping.demo import ensure_user
from kaoping.orgs.roles import Role

JS, BJ, HB = "320000", "110000", "420000"


@pytest.fixture
def nation(org_tree):  # type: ignore[no-untyped-def]
    ensure_user("p_bu_admin", "部管理员丁", Role.MINISTRY_ADMIN, "000000", password=PASSWORD)
    return national_with([BJ, JS, HB], submitted=[BJ, JS, HB])


def test_the_ministry_recomputes_every_province_in_the_background(
    new_page, log_in, live_server, nation, worker, photo
):
    page = new_page(1366, 768)
    page.set_default_timeout(60_000)  # the shared machine is slow
    page.set_default_navigation_timeout(60_000)
    log_in(page, "p_bu_admin", PASSWORD)
    page.goto(f"{live_server.url}/reports/c/{NATIONAL}/000000/national/")
    expect(page.locator("[data-testid=recompute]")).to_contain_text("重新计算各省汇总")
    page.locator("[data-testid=recompute-start]").click()
    page.wait_for_url("**/jobs/*/")
    expect(page.locator("[data-testid=job-state]")).to_have_text("已完成", timeout=120_000)
    assert page.locator("[data-testid=job-bar]").get_attribute("value") == "100"
    expect(page.locator("[data-testid=job-message]")).to_have_text("已完成")
    expect(page.locator("[data-testid=job-count]")).to_have_text("3 / 3")  # a step per province
    expect(page.locator("h1")).to_contain_text("重新计算各省汇总")
    photo(page, "recompute-done")
