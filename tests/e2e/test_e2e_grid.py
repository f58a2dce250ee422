"""The entry grid's behaviour in the browser: paste from Excel, live totals and coverage,
the several-codes picker with its （请说明） box, blank drawn unlike 0."""

from __future__ import annotations

from playwright.sync_api import expect

PASSWORD = "persona-pass-2015"
NANJING, PROVINCE = "320100", "320000"

PASTE = """([text, selector]) => {
  const data = new DataTransfer();
  data.setData("text/plain", text);
  const event = new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true});
  document.querySelector(selector).dispatchEvent(event);
}"""


def test_a_block_copied_from_excel_lands_from_the_focused_cell_and_totals_follow(
    new_page, log_in, live_server, campaign, province_admin
):
    page = new_page()
    log_in(page, "p_sheng_admin", PASSWORD)
    page.goto(f"{live_server.url}/c/{campaign.pk}/{PROVINCE}/T04/")
    first = "input[name='v:si_province:networked']"
    page.focus(first)
    # two rows × three columns as Excel copies them; the middle column is the computed coverage
    page.evaluate(PASTE, ["10\t83.33\t2\r\n20\t\t0\r\n", first])
    expect(page.locator(first)).to_have_value("10")
    expect(page.locator("input[name='v:si_province:unnetworked']")).to_have_value("2")
    expect(page.locator("input[name='v:si_city:networked']")).to_have_value("20")
    expect(page.locator("input[name='v:si_city:unnetworked']")).to_have_value("0")
    # the total is summed in the page at once; coverage comes back from the server
    expect(page.locator("#c__total__networked")).to_have_text("30")
    expect(page.locator("#c__si_province__coverage")).to_have_text("83.33")  # 10 ÷ 12 × 100
    expect(page.locator("#c__si_city__coverage")).to_have_text("100.00")
    expect(page.locator("#c__total__coverage")).to_have_text("93.75")  # 30 ÷ 32 × 100


def test_several_codes_picker_and_the_explanation_box(
    new_page, log_in, live_server, campaign, nanjing_reporter
):
    page = new_page()
    log_in(page, "p_nanjing_tianbao", PASSWORD)
    page.goto(f"{live_server.url}/c/{campaign.pk}/{NANJING}/T10/")
    cell = page.locator("td.cell[data-col=functions]")
    spec = cell.locator(".spec")
    expect(spec).to_be_hidden()
    cell.locator("summary").click()
    cell.locator("label", has_text="a. 政策查询").click()
    cell.locator("label", has_text="g. 其他（请说明）").click()
    expect(cell.locator("summary")).to_have_text("a,g")
    expect(spec).to_be_visible()  # g means 其他（请说明）: say what
    page.locator("h1").click()  # close the popover
    spec.locator("input").fill("社保卡激活")
    page.click("[data-testid=save]")
    expect(page.locator(".messages")).to_contain_text("已保存")
    expect(cell.locator("summary")).to_have_text("a,g")
    expect(spec.locator("input")).to_have_value("社保卡激活")


def test_blank_is_drawn_unlike_zero(new_page, log_in, live_server, campaign, nanjing_reporter):
    page = new_page()
    log_in(page, "p_nanjing_tianbao", PASSWORD)
    page.goto(f"{live_server.url}/c/{campaign.pk}/{NANJING}/T09/")
    seats = page.locator(f"input[name='v:{NANJING}:seats']")
    staff = page.locator(f"input[name='v:{NANJING}:staff']")
    seats.fill("0")

    def hatched(locator) -> bool:  # type: ignore[no-untyped-def]
        return "gradient" in locator.evaluate("e => getComputedStyle(e).backgroundImage")

    assert hatched(staff) and not hatched(seats)


def test_enter_moves_down_the_column_like_a_spreadsheet(
    new_page, log_in, live_server, campaign, province_admin
):
    page = new_page()
    log_in(page, "p_sheng_admin", PASSWORD)
    page.goto(f"{live_server.url}/c/{campaign.pk}/{PROVINCE}/T04/")
    page.focus("input[name='v:si_province:networked']")
    page.keyboard.type("5")
    page.keyboard.press("Enter")
    page.keyboard.type("7")
    expect(page.locator("input[name='v:si_city:networked']")).to_have_value("7")
    page.keyboard.press("Shift+Enter")
    expect(page.locator("input[name='v:si_province:networked']")).to_be_focused()
