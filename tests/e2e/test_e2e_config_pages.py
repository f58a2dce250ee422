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


def test_the_security_policy_is_tightened_and_a_weaker_one_refused(
    new_page, log_in, live_server, demo, photo
):
    page = new_page(width=WIDTH)
    log_in(page, "bu_admin", "kaoping-demo-2015")
    page.goto(f"{live_server.url}/ops/security/")
    page.fill("#min_length", "8")
    page.click("[data-testid=policy-form] button[type=submit]")
    assert "密码最小长度不能低于部署规定的等保下限 10 位" in page.inner_text("[data-testid=policy-errors]")
    photo(page, "88-ops-policy-refused")
    page.fill("#min_length", "12")
    page.fill("#lockout_failures", "3")
    page.click("[data-testid=policy-form] button[type=submit]")
    assert "新的安全策略已生效" in page.inner_text("[data-testid=saved]")
    assert fits(page)
    photo(page, "89-ops-policy")


def test_the_province_adds_a_unit_on_the_organisation_page(new_page, log_in, live_server, demo, photo):
    page = new_page(width=WIDTH)
    log_in(page, "sheng_admin", "kaoping-demo-2015")
    page.goto(f"{live_server.url}/ops/orgs/")
    assert "南京市" in page.inner_text("[data-testid=org-children]")
    form = "[data-testid=add-form]"
    page.fill(f"{form} #add-code", "329001")
    page.fill(f"{form} #add-name", "江苏测试县级市")
    page.fill(f"{form} #add-kind", "县级市")
    page.fill(f"{form} #add-counties", "1")
    page.click(f"{form} button[type=submit]")
    assert "已新增 江苏测试县级市" in page.inner_text("[data-testid=org-message]")
    assert "江苏测试县级市" in page.inner_text("[data-testid=org-children]")
    assert fits(page)
    photo(page, "90-ops-orgs")
    page.goto(f"{live_server.url}/ops/orgs/320100/")
    assert fits(page)
    photo(page, "91-ops-org-unit")
