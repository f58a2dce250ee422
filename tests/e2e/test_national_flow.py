"""The national campaign in a real browser (docs/spec.md §11.8), at 1366×768, on a reduced
national demo (北京 approved, 江苏 filling, 河南 returned, 海南's cities late, 西藏 not
started, 青海 submitted): 部审核员 finds the national campaign on the task list with a province
waiting, opens the national 报送进度 (the provinces not yet reported first), reminds 海南 (a job),
opens 青海, comments on a cell of its 表9 and returns it; 青海's 省管理员 sees 已退回, the
reason and the comment at the cell."""

from __future__ import annotations

from playwright.sync_api import expect

from kaoping.demo.build import DEMO_PASSWORD, demo_password_hash
from kaoping.demo.national.build import NATIONAL_DEMO, build_national_demo

QINGHAI, HAINAN, XIZANG, BEIJING = "630000", "460000", "540000", "110000"
REDUCED = [BEIJING, "320000", "410000", HAINAN, XIZANG, QINGHAI]
CHILD = f"{NATIONAL_DEMO}-{QINGHAI}"
SIZE = (1366, 768)
PATIENCE = 30_000  # ms: the first page after building the national demo, on a loaded machine


def page_for(new_page):  # type: ignore[no-untyped-def]
    page = new_page(*SIZE)
    page.set_default_timeout(PATIENCE)
    return page


def test_the_ministry_reviewer_returns_a_province_with_a_cell_comment(
    new_page, log_in, live_server, demo, photo, settings, tmp_path, worker
):
    settings.UPLOAD_DIR = tmp_path / "uploads"
    build_national_demo(demo_password_hash(), provinces=REDUCED)
    base = live_server.url

    ministry = page_for(new_page)
    log_in(ministry, "bu_shenhe", DEMO_PASSWORD)
    expect(ministry.locator("[data-testid=national-status]")).to_contain_text("待审核 1 个省级单位")
    photo(ministry, "national-tasks")
    ministry.click("[data-testid=national-progress]")
    rows = ministry.locator("[data-testid=progress] tbody tr")
    expect(rows).to_have_count(6)
    expect(rows.first).to_have_attribute("data-org", XIZANG)  # nothing yet: first
    expect(rows.last).to_have_attribute("data-org", BEIJING)  # approved: last
    photo(ministry, "national-progress")
    ministry.click(f"[data-testid=remind-{HAINAN}]")  # a background job: its page, then the result
    ministry.wait_for_url("**/jobs/*/")
    expect(ministry.locator("[data-testid=job-result]")).to_contain_text("已催报 1 个单位", timeout=60_000)
    ministry.goto(f"{base}/w/c/{NATIONAL_DEMO}/progress/")

    ministry.click(f"tr[data-org='{QINGHAI}'] td:first-child a")
    expect(ministry.locator("[data-testid=wf-status]")).to_have_text("已上报")
    ministry.goto(f"{base}/c/{CHILD}/{QINGHAI}/T09/")
    ministry.select_option("[data-testid=wf-comment-form] select[name=cell]", "province:staff")
    ministry.fill("[data-testid=wf-comment-form] input[name=text]", "省本级12333人数与座席数不符，请核实")
    ministry.click("[data-testid=wf-comment-form] button")
    expect(ministry.locator("[data-testid=wf-comments]")).to_contain_text("草稿，随退回发送")
    photo(ministry, "national-comment")
    ministry.goto(f"{base}/w/c/{CHILD}/{QINGHAI}/")
    ministry.fill("[data-testid=wf-review] textarea[name=reason]", "表9省本级数据需核实后重报")
    photo(ministry, "national-review")
    ministry.click("[data-testid=wf-return]")
    expect(ministry.locator("[data-testid=wf-status]")).to_have_text("已退回")
    ministry.goto(f"{base}/w/c/{NATIONAL_DEMO}/progress/")
    expect(ministry.locator(f"tr[data-org='{QINGHAI}'] td:nth-child(2)")).to_contain_text("已退回")

    province = page_for(new_page)
    log_in(province, "qinghai_admin", DEMO_PASSWORD)
    task = province.locator("[data-testid=tasks] tbody tr", has_text="青海省")
    expect(task.locator("[data-testid=wf-task-status]")).to_have_text("已退回")
    expect(task.locator("[data-testid=wf-task-reason]")).to_have_text("退回原因：表9省本级数据需核实后重报")
    photo(province, "national-province-tasks")
    province.goto(f"{base}/c/{CHILD}/{QINGHAI}/T09/")
    comments = province.locator("[data-testid=wf-comments]")
    expect(comments).to_contain_text("表9 · 省本级 · 总人数")
    expect(comments).to_contain_text("省本级12333人数与座席数不符，请核实")
    photo(province, "national-province-returned")


def test_the_ministry_admin_opens_a_national_campaign_for_chosen_provinces(
    new_page, log_in, live_server, demo, photo
):
    base = live_server.url
    admin = page_for(new_page)
    log_in(admin, "bu_admin", DEMO_PASSWORD)
    admin.goto(f"{base}/campaigns/new/")
    admin.fill("#id_id", "nat-2016")
    admin.fill("#id_title", "2016 全国规划实施情况调查")
    admin.select_option("#id_org", "000000")
    admin.fill("#id_opens", "2016-07-01")
    admin.fill("#id_closes", "2016-09-30")
    for code in ("320000", "330000", "630000"):
        admin.check(f"input[name=provinces][value='{code}']")
    photo(admin, "national-open")
    admin.click("[data-testid=open-campaign] button[type=submit]")
    expect(admin.locator(".messages")).to_contain_text(
        "《2016 全国规划实施情况调查》已开启"
    )  # named by title, not id
    admin.goto(f"{base}/w/c/nat-2016/progress/")
    expect(admin.locator("[data-testid=progress] tbody tr")).to_have_count(3)
