"""The 审计管理员's and the 安全管理员's pages in a real browser (strict: no console error), at the
1366-pixel width of an office screen: the configuration changes in words. Screenshots for the
user guide."""

from __future__ import annotations

from decimal import Decimal

from kaoping.collection.campaigns import set_base_figures
from kaoping.collection.models import Campaign
from kaoping.orgs.models import User

WIDTH = 1366


def fits(page) -> bool:  # type: ignore[no-untyped-def]
    return page.evaluate("document.documentElement.scrollWidth") <= WIDTH


def test_the_configuration_changes_read_in_words(new_page, log_in, live_server, demo, photo):
    admin = User.objects.get(username="sheng_admin")
    survey = Campaign.objects.get(pk="demo-2015")
    set_base_figures(admin, survey, {"320100": {"population": Decimal("851.2")}})
    page = new_page(width=WIDTH)
    log_in(page, "sheng_admin", "kaoping-demo-2015")
    page.goto(f"{live_server.url}/ops/config/")
    table = page.inner_text("[data-testid=config-changes]")
    assert "测算基数" in table and "南京市 常住人口（万人） 851.2" in table and "population" not in table
    assert fits(page)
    photo(page, "87-ops-config-changes")
