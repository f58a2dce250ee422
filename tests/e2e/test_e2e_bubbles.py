"""The entry grid's floating boxes at a common office screen (1366×768): rule messages never
cover each other, the sticky save bar or the window's edge, and the several-codes picker opens
inside the window and above the save bar, its long meanings wrapped, never cut
(issue 12 "Entry grid"; docs/用户手册.md §4.4)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

PROVINCE = "320000"
PASSWORD = "kaoping-demo-2015"
WIDTH, HEIGHT = 1366, 768

# every shown message box and the save bar, as [left, top, right, bottom] in the window
BOXES = """() => {
  const rect = (e) => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const msgs = [...document.querySelectorAll('.cell-msg')]
    .filter((m) => getComputedStyle(m).display !== 'none' && m.getBoundingClientRect().width > 0)
    .map((m) => ({id: m.id, box: rect(m)}));
  return {msgs, bar: rect(document.querySelector('.savebar'))};
}"""


def overlap(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def inside_window(box: list[float]) -> bool:
    return box[0] >= 0 and box[1] >= 0 and box[2] <= WIDTH and box[3] <= HEIGHT


def assert_tidy(page) -> int:  # type: ignore[no-untyped-def]
    """No two shown messages overlap, none covers the save bar or leaves the window."""
    seen = page.evaluate(BOXES)
    msgs = seen["msgs"]
    for i, first in enumerate(msgs):
        assert not overlap(first["box"], seen["bar"]), f"{first['id']} covers the save bar"
        assert inside_window(first["box"]), f"{first['id']} leaves the window: {first['box']}"
        for second in msgs[i + 1 :]:
            assert not overlap(first["box"], second["box"]), f"{first['id']} covers {second['id']}"
    return len(msgs)


def scroll_above_the_bar(page, selector: str, gap: int = 6) -> None:  # type: ignore[no-untyped-def]
    """Scroll so the element's bottom sits just above the sticky save bar."""
    page.evaluate(
        """([selector, gap]) => {
          const target = document.querySelector(selector).getBoundingClientRect();
          const bar = document.querySelector('.savebar').getBoundingClientRect();
          window.scrollBy(0, target.bottom - (bar.top - gap));
        }""",
        [selector, gap],
    )


def test_messages_never_cover_each_other_the_save_bar_or_the_edge(new_page, log_in, demo, live_server, shots):
    page = new_page(WIDTH, HEIGHT)
    log_in(page, "sheng_admin", PASSWORD)
    page.goto(f"{live_server.url}/c/{demo.campaign.pk}/{PROVINCE}/T09/")
    flagged = page.locator("td.cell:has(.cell-msg .msg)")
    assert flagged.count() >= 7  # the cities' findings of the demo (7 errors)
    # a cell in focus and another under the mouse: one box at a time, never two on top
    page.locator("input[name='v:province:calls']").focus()
    for i in range(flagged.count()):
        flagged.nth(i).scroll_into_view_if_needed()
        flagged.nth(i).hover()
        assert assert_tidy(page) == 1, i
    # the last city's row sits just above the save bar: its message opens upwards
    last = "tr[data-row='321300'] td.cell.readonly"
    scroll_above_the_bar(page, last)
    page.locator(last).first.hover()
    assert assert_tidy(page) == 1
    page.screenshot(path=str(shots / "bubbles-T09-bottom.png"))
    # the province's own row: a balance that does not add up is checked when the cell is left
    # and a second finding in the same row (咨询员 500 > 总人数 120): still one box at a time,
    # where opening the whole row's messages put one over the other
    page.mouse.move(5, 5)
    page.locator("input[name='v:province:consultants']").fill("500")
    page.locator("input[name='v:province:answered']").fill("1")
    page.locator("input[name='v:province:voice']").focus()
    expect(page.locator("#m__province__calls .msg.warning")).to_have_count(1)
    expect(page.locator("#m__province__consultants .msg.error")).to_have_count(1)
    expect(page.locator("tr[data-row=province] .cell-msg.open")).to_have_count(1)
    assert assert_tidy(page) == 1
    page.locator("input[name='v:province:calls']").hover()
    expect(page.locator("#m__province__calls")).to_be_visible()
    assert assert_tidy(page) == 1
    page.mouse.move(5, 5)
    # a cell without messages under the mouse leaves the verdict open
    page.locator("tr[data-row=province] td.cell[data-col=remark]").hover()
    expect(page.locator("tr[data-row=province] .cell-msg.open")).to_have_count(1)
    assert assert_tidy(page) == 1


@pytest.mark.parametrize(
    ("table", "column", "name"),
    [
        ("T10", "auth", "picker-T10-right"),  # the last column: the box opens to the left
        ("T08", "mobile_services", "picker-T08-bottom"),  # just above the save bar: it opens upwards
    ],
)
def test_the_several_codes_picker_opens_inside_the_window_above_the_save_bar(
    new_page, log_in, demo, live_server, shots, table, column, name
):
    page = new_page(WIDTH, HEIGHT)
    log_in(page, "sheng_admin", PASSWORD)
    page.goto(f"{live_server.url}/c/{demo.campaign.pk}/{PROVINCE}/{table}/")
    page.locator("[data-testid=instructions] summary").click()  # the table moves down the page
    where = f"tr[data-row=province] td.cell[data-col={column}]"
    cell = page.locator(where)
    scroll_above_the_bar(page, where)
    cell.locator("summary").click()
    pop = cell.locator(".pop")
    expect(pop).to_be_visible()
    box = pop.bounding_box()
    bar = page.locator(".savebar").bounding_box()
    assert box is not None and bar is not None
    assert box["x"] >= 0 and box["y"] >= 0, box
    assert box["x"] + box["width"] <= WIDTH, box  # inside the window on the right
    assert box["y"] + box["height"] <= bar["y"], (box, bar)  # above the sticky save bar
    # every meaning is there in full: long ones wrap inside the box, none is cut
    for label in pop.locator("label").all():
        assert label.evaluate("e => e.scrollWidth <= e.clientWidth + 1"), label.inner_text()
    page.screenshot(path=str(shots / f"{name}.png"))
    last = pop.locator("label").last
    last.scroll_into_view_if_needed()
    last.click()
    assert "其他" in (cell.locator("summary").get_attribute("title") or "")


def test_a_code_drop_down_gives_its_whole_meaning(new_page, log_in, demo, live_server):
    page = new_page(WIDTH, HEIGHT)
    log_in(page, "sheng_admin", PASSWORD)
    page.goto(f"{live_server.url}/c/{demo.campaign.pk}/{PROVINCE}/T02/")
    select = page.locator("select[name$=':location']").first
    select.select_option("c")
    assert select.get_attribute("title") == "c. 其他（包括外包第三方机房情况，请说明）"
