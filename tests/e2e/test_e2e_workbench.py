"""The reviewer's workbench and 自定义汇总 in a real browser on the demo (docs/spec.md §13.4,
§13.5): the 省审核员 filters the workbench to the explanations waiting for review, rejects
徐州's 说明 with a comment, and 徐州 — returned — reads the comment at that cell of 表12; the
same reviewer's summary of 表10 per 万 residents. Photographed for the user guide."""

from __future__ import annotations

from playwright.sync_api import expect

from kaoping.workflow.models import SUBMITTED, Submission

XUZHOU = "320300"
DEMO_PASSWORD = "kaoping-demo-2015"
SUMMARY = (
    "table=T10&c=main.deployed&c=main.deployed/population&c=main.deployed/share&c=main.src_city"
    "&sort=main.deployed/population&desc=1"
)


def test_reviewer_rejects_an_explanation_and_the_city_reads_it_at_the_cell(
    new_page, log_in, live_server, demo, photo
):
    base = live_server.url
    Submission.objects.update_or_create(campaign=demo.campaign, org_id=XUZHOU, defaults={"status": SUBMITTED})
    reviewer, city = new_page(1366, 900), new_page()
    log_in(reviewer, "sheng_shenhe", DEMO_PASSWORD)
    log_in(city, "xuzhou_fuze", DEMO_PASSWORD)

    reviewer.goto(f"{base}/w/c/demo-2015/progress/")
    reviewer.click("[data-testid=wb-link]")
    expect(reviewer.locator("[data-testid=wb-list]")).to_contain_text("徐州市")
    photo(reviewer, "95-workbench")  # every warning: the rules', and the quality checks' beside them
    reviewer.select_option("[data-testid=wb-state]", "explained")
    reviewer.click("[data-testid=wb-apply]")
    rows = reviewer.locator("[data-testid=wb-list] tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("徐州市")
    expect(rows.first).to_contain_text("借调技术人员")
    expect(rows.first.locator("td.wb-state")).to_have_text("待审核")
    rows.first.locator("input[name=comment]").fill("借调人员不计入实有人数，请按在编人数填报")
    rows.first.locator("[data-testid=wb-reject]").click()
    expect(reviewer.locator(".messages")).to_contain_text("已驳回该说明")
    reviewer.select_option("[data-testid=wb-state]", "rejected")
    reviewer.click("[data-testid=wb-apply]")
    expect(rows.first.locator("td.wb-state")).to_have_text("已驳回")

    city.goto(f"{base}/w/c/demo-2015/{XUZHOU}/")
    expect(city.locator("[data-testid=wf-status]")).to_have_text("已退回")
    city.goto(f"{base}/c/demo-2015/{XUZHOU}/T12/")
    comments = city.locator("[data-testid=wf-comments]")
    expect(comments).to_contain_text("徐州市 · ")
    expect(comments).to_contain_text("实有人数")
    expect(comments).to_contain_text("借调人员不计入实有人数，请按在编人数填报")
    photo(city, "96-workbench-city-comment")

    reviewer.goto(f"{base}/reports/c/demo-2015/320000/summary/?{SUMMARY}")
    first = reviewer.locator("[data-testid=adhoc-grid] tbody tr").first
    expect(first).to_contain_text("常州市")
    expect(first).to_contain_text("0.45")
    photo(reviewer, "94-adhoc-summary")
