"""The province administrator's pages in a real browser (issue 12): evaluation targets set in
the form — only the chosen way's fields shown, a region group's values and one city's value
saved and shown again; the 测算基数 template downloaded as a workbook; API 令牌 reached from
the top bar. Screenshots for the user guide."""

from __future__ import annotations

import io
from pathlib import Path

from python_calamine import CalamineWorkbook

from kaoping.collection.models import Campaign
from kaoping.evaluation.models import Evaluation

DEMO_PASSWORD = "kaoping-demo-2015"
NANJING = "320100"


def test_province_admin_sets_targets_in_the_form(new_page, log_in, live_server, demo, photo):
    page = new_page(1366, 768)
    log_in(page, "sheng_admin", DEMO_PASSWORD)
    evaluation = Campaign.objects.get(kind="evaluation")
    page.goto(f"{live_server.url}/evaluations/{evaluation.pk}/settings/")
    target = page.locator("[data-testid=target-city_quota]")
    assert not target.locator(".way-region").is_visible()  # the rubric's default is chosen
    target.locator("input[value=region]").check()
    assert target.locator(".way-region").is_visible() and not target.locator(".way-formula").is_visible()
    target.locator("input[name=city_quota-region-0]").fill("12")
    target.locator("input[name=city_quota-region-1]").fill("9")
    target.locator("input[name=city_quota-region-2]").fill("7")
    cards = page.locator("[data-testid=target-card_holders]")
    cards.locator("summary").click()
    cards.locator(f"input[name=card_holders-city-{NANJING}]").fill("480")
    photo(page, "93-eval-targets-form")
    page.click("form[data-testid=settings] > button.btn")
    page.wait_for_url(f"{live_server.url}/evaluations/{evaluation.pk}/")
    assert "考评设置已保存" in page.locator(".messages").inner_text()
    targets = Evaluation.objects.get(campaign=evaluation).settings["targets"]
    assert targets["city_quota"] == {"by_region": {"苏南": "12", "苏中": "9", "苏北": "7"}}
    assert targets["card_holders"] == {"by_city": {NANJING: "480"}}
    page.goto(f"{live_server.url}/evaluations/{evaluation.pk}/settings/")
    assert page.locator("input[name=city_quota-mode][value=region]").is_checked()
    assert page.locator("[data-testid=target-card_holders] details").get_attribute("open") is not None


def test_base_figures_template_and_the_tokens_page(new_page, log_in, live_server, demo, photo):
    page = new_page(1366, 768)
    log_in(page, "sheng_admin", DEMO_PASSWORD)
    survey = demo.campaign
    page.goto(f"{live_server.url}/campaigns/{survey.pk}/base-figures/")
    with page.expect_download() as download:
        page.click("[data-testid=figures-template]")
    data = Path(download.value.path()).read_bytes()
    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name("测算基数").to_python()
    assert rows[0][:2] == ["组织代码", "单位"] and rows[1][:2] == [NANJING, "南京市"]
    page.click("[data-testid=tokens-link]")
    page.wait_for_url(f"{live_server.url}/accounts/tokens/")
    page.fill("#token-name", "批量导入脚本")
    page.click("main form.panel button.btn")
    assert page.locator("[data-testid=new-token]").inner_text().strip()
    assert "我的任务" in page.locator("[data-testid=crumbs]").inner_text()
    photo(page, "91-api-tokens")
