"""A city clerk fills 表9 in a real browser; a second browser saving the same table meets
the conflict view."""

from __future__ import annotations

import re

from playwright.sync_api import expect

NANJING = "320100"
PASSWORD = "persona-pass-2015"  # tests/conftest.py personas


def test_fill_table9_see_the_warning_explain_it_save_and_find_it_in_history(
    new_page, log_in, live_server, campaign, nanjing_reporter, photo
):
    page = new_page()
    log_in(page, "p_nanjing_tianbao", PASSWORD)
    page.goto(f"{live_server.url}/c/{campaign.pk}/{NANJING}/T09/")
    expect(page.locator("h1")).to_have_text("12333电话咨询服务情况表")

    page.select_option(f"select[name='v:{NANJING}:opened']", "true")
    page.select_option(f"select[name='v:{NANJING}:uses_system']", "true")
    typed = {"staff": "20", "consultants": "16", "seats": "12"}
    typed |= {"calls": "263851", "answered": "85582", "voice": "154917", "abandoned": "20000"}
    for column, value in typed.items():
        page.fill(f"input[name='v:{NANJING}:{column}']", value)
    page.press(f"input[name='v:{NANJING}:abandoned']", "Tab")

    # 85582 + 154917 + 20000 = 260499 ≠ 263851: the server's message appears at the cell
    message = page.locator(f"#m__{NANJING}__calls .msg.warning")
    expect(message).to_have_attribute("data-rule", "V09-BAL")  # the id for the helpdesk, not shown
    expect(message).to_contain_text("260499")
    expect(message).to_contain_text("请在说明中写明原因")  # as the 说明 box below asks
    expect(message).to_be_visible()
    expect(page.locator("#summary")).to_contain_text("错误 0 · 提示 1")
    photo(page, "e2e-table9-warning")

    # the 备注 is an ordinary remark; the warning is answered in its 说明 box (one way)
    remark = "3352个来电转接省级平台，未计入放弃量"
    page.fill(f"input[name='v:{NANJING}:remark']", remark)
    with page.expect_response(re.compile(r"/check$")):  # the results, redrawn after the 备注
        page.press(f"input[name='v:{NANJING}:remark']", "Tab")
    expect(page.locator("#summary")).to_contain_text("错误 0 · 提示 1")
    expect(page.locator("#summary")).not_to_contain_text("已说明")
    box = page.locator("#summary li[data-rule=V09-BAL] form.explain")
    box.locator("textarea[name=text]").fill(remark)
    box.locator("button[type=submit]").click()
    expect(page.locator("#summary")).to_contain_text("已说明")

    page.click("[data-testid=save]")
    expect(page.locator(".messages")).to_contain_text("已保存")
    page.reload()
    expect(page.locator(f"input[name='v:{NANJING}:calls']")).to_have_value("263851")
    expect(page.locator(f"input[name='v:{NANJING}:abandoned']")).to_have_value("20000")
    expect(page.locator(f"input[name='v:{NANJING}:remark']")).to_have_value(remark)

    page.click("text=修改记录")
    history = page.locator("[data-testid=history]")
    expect(history).to_contain_text("来电总量（个）")
    expect(history).to_contain_text("263851")
    expect(history).to_contain_text(remark)
    expect(history).to_contain_text("南京填报员（南京市 市填报员）")


def test_a_second_browser_saving_the_same_table_gets_the_conflict_view(
    new_page, log_in, live_server, campaign, nanjing_reporter, nanjing_leader, photo
):
    table = f"{live_server.url}/c/{campaign.pk}/{NANJING}/T09/"
    first, second = new_page(), new_page()
    log_in(first, "p_nanjing_tianbao", PASSWORD)
    log_in(second, "p_nanjing_fuze", PASSWORD)
    first.goto(table)
    second.goto(table)  # both read version 0

    first.fill(f"input[name='v:{NANJING}:seats']", "12")
    first.click("[data-testid=save]")
    expect(first.locator(".messages")).to_contain_text("已保存")

    second.fill(f"input[name='v:{NANJING}:seats']", "15")
    second.fill(f"input[name='v:{NANJING}:staff']", "20")
    second.click("[data-testid=save]")
    conflict = second.locator("[data-testid=conflict]")
    expect(conflict).to_contain_text("未保存")
    expect(conflict).to_contain_text("座席数")
    expect(conflict).to_contain_text("南***员（南京市 市填报员）")  # a colleague's name is masked
    row = conflict.locator("tr", has_text="座席数")
    expect(row.locator("td.theirs")).to_have_text("12")
    expect(row.locator("td.yours")).to_have_text("15")
    photo(second, "e2e-conflict")

    second.click("[data-testid=reapply]")
    expect(second.locator(".messages")).to_contain_text("已保存")
    expect(second.locator(f"input[name='v:{NANJING}:seats']")).to_have_value("15")
    expect(second.locator(f"input[name='v:{NANJING}:staff']")).to_have_value("20")
    assert re.search(r"版本\s*2", second.locator("[data-save-state]").inner_text())
