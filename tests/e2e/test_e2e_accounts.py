"""One account at a time in a real browser at 1366×768 (strict: no console error): the 省管理员
creates a 南京 account, changes its roles, its name and phone, disables it, and reads the account changes; the
person then cannot sign in. Screenshots for the user guide (docs/用户手册.md, 账号管理)."""

from __future__ import annotations

import re


def test_province_admin_creates_changes_and_disables_an_account(new_page, log_in, live_server, demo, photo):
    page = new_page(1366, 768)
    page.set_default_timeout(30_000)  # the shared machine may be busy; nothing here is timed
    log_in(page, "sheng_admin", "kaoping-demo-2015")
    page.click("text=账号管理")
    page.click("[data-testid=new-account]")
    page.select_option("#org", "320100")
    page.check("input[name=roles][value=city_reporter]")
    page.fill("#name", "王小明")
    page.fill("#username", "wangxm")
    page.fill("#phone", "13912345678")
    page.fill("#email", "wangxm@example.cn")
    photo(page, "ops-account-create")
    page.click("[data-testid=create-account] button[type=submit]")
    password = page.inner_text("[data-testid=one-time-password]")
    assert re.fullmatch(r"[A-Za-z0-9]{12}", password)
    photo(page, "ops-account-created")

    # A role of another level is refused, in words, and nothing is created.
    page.goto(f"{live_server.url}/ops/accounts/new/?org=320100")
    page.check("input[name=roles][value=province_reviewer]")
    page.fill("#name", "李四")
    page.fill("#username", "lisi")
    page.fill("#phone", "13912345679")
    page.click("[data-testid=create-account] button[type=submit]")
    assert "省审核员只能设在省级组织，“南京市”不是" in page.inner_text("[data-testid=errors]")

    page.goto(f"{live_server.url}/ops/accounts/?q=南京")
    photo(page, "ops-accounts-list")
    page.click("text=wangxm")
    page.check("input[name=roles][value=city_leader]")
    page.click("[data-testid=edit-roles] button[type=submit]")
    assert "角色已修改" in page.inner_text("main")
    photo(page, "ops-account-roles")
    page.click("[data-testid=edit-details] summary")
    page.fill("[data-testid=edit-details] #phone", "12ab")
    page.click("[data-testid=edit-details] button[type=submit]")
    assert "手机号“12ab”格式不对" in page.inner_text("[data-testid=details-errors]")
    page.fill("[data-testid=edit-details] #name", "王晓明")
    page.fill("[data-testid=edit-details] #phone", "025-84201234")
    page.click("[data-testid=edit-details] button[type=submit]")
    assert "个人信息已修改" in page.inner_text("[data-testid=details-saved]")
    assert "姓名 王小明；手机号 13912345678" in page.inner_text("main")  # the history, old → new
    page.click("[data-testid=edit-details] summary")
    photo(page, "ops-account-details")
    page.click("[data-testid=disable]")
    page.wait_for_selector("[data-testid=enable]")
    assert "已停用" in page.inner_text("h1")

    page.goto(f"{live_server.url}/ops/accounts/changes/")
    rows = page.inner_text("[data-testid=account-changes]")
    assert "创建账号" in rows and "修改角色" in rows and "停用" in rows
    photo(page, "ops-account-changes")

    person = new_page(1366, 768)
    person.set_default_timeout(30_000)
    person.goto(f"{live_server.url}/accounts/login/")
    person.fill("#id_username", "wangxm")
    person.fill("#id_password", password)
    person.click("main button[type=submit]")
    assert person.url.startswith(f"{live_server.url}/accounts/login/")  # disabled: no way in
