"""The administrator's account pages in a real browser (strict: no console error, so no CSP
violation): import 13 cities' accounts from a sheet, reset a password, the login log; a new
user's forced password change; the lock-out message. Screenshots for the user guide."""

from __future__ import annotations

import re

from tests.ops.conftest import csv_bytes, thirteen_cities


def test_province_admin_imports_accounts_and_reads_the_login_log(
    new_page, log_in, live_server, demo, photo, tmp_path
):
    page = new_page()
    log_in(page, "sheng_admin", "kaoping-demo-2015")
    page.click("text=账号管理")
    sheet = tmp_path / "江苏地市账号.csv"
    sheet.write_bytes(csv_bytes(thirteen_cities()))
    page.click("text=批量导入账号")
    page.set_input_files("#sheet", str(sheet))
    page.click("main button[type=submit]")
    page.wait_for_selector("[data-testid=created]")
    assert page.locator("[data-testid=created] tbody tr").count() == 26
    first_password = page.locator("[data-testid=created] tbody tr >> nth=0 >> code").inner_text()
    photo(page, "80-ops-import")

    # A bad sheet: nothing created, every line named.
    bad = tmp_path / "bad.csv"
    bad.write_bytes(
        csv_bytes([["320100", "部长", "某人", "12", ""], ["999999", "市填报员", "某人", "13800000000", ""]])
    )
    page.goto(f"{live_server.url}/ops/accounts/import/")
    page.set_input_files("#sheet", str(bad))
    page.click("main button[type=submit]")
    page.wait_for_selector("[data-testid=import-errors]")
    photo(page, "81-ops-import-errors")

    page.goto(f"{live_server.url}/ops/accounts/?q=负责人1")
    photo(page, "82-ops-accounts")
    page.locator("[data-testid=accounts] tbody tr >> nth=0 >> button").click()
    page.wait_for_selector("[data-testid=one-time-password]")
    assert re.fullmatch(r"[A-Za-z0-9]{12}", page.inner_text("[data-testid=one-time-password]"))
    photo(page, "83-ops-reset")

    # The new 南京 填报员 must change the one-time password first.
    user = new_page()
    user.goto(f"{live_server.url}/accounts/login/")
    user.fill("#id_username", "13900000001")
    user.fill("#id_password", first_password)
    user.click("main button[type=submit]")
    user.wait_for_url(f"{live_server.url}/accounts/password_change/")
    photo(user, "84-ops-forced-change")
    user.fill("#id_old_password", first_password)
    user.fill("#id_new_password1", "Nanjing-2015-Ok")
    user.fill("#id_new_password2", "Nanjing-2015-Ok")
    user.click("main button[type=submit]")
    user.goto(f"{live_server.url}/")
    assert user.url == f"{live_server.url}/"

    # Five wrong passwords lock the account from this address.
    locked = new_page()
    for _ in range(6):
        locked.goto(f"{live_server.url}/accounts/login/")
        locked.fill("#id_username", "nanjing_fuze")
        locked.fill("#id_password", "wrong-password")
        locked.click("main button[type=submit]")
    assert "登录失败次数过多" in locked.inner_text("main")
    photo(locked, "85-ops-locked")

    page.goto(f"{live_server.url}/ops/logins/")
    assert "nanjing_fuze" in page.inner_text("[data-testid=logins]")
    photo(page, "86-ops-logins")
