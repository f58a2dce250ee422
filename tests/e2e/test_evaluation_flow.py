"""The evaluation in a real browser, on the demo: 苏州's reporter self-assesses with an
evidence upload, its leader submits, the expert scores (a departure needs a reason), the
province publishes, and 苏州 sees its result and an explanation page. Every screen is
photographed (docs/用户手册.md, 考评 section)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kaoping.demo.evaluation import png_bytes
from kaoping.evaluation.models import Evidence, ReviewScore, Submission
from kaoping.evaluation.scoring import evaluate

SUZHOU = "320500"
PASSWORD = "kaoping-demo-2015"


def page_fits(page) -> bool:  # type: ignore[no-untyped-def]
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.fixture
def site(demo, live_server, settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.EVIDENCE_DIR = tmp_path / "evidence"
    return f"{live_server.url}/evaluations/{demo.evaluation.pk}"


def test_self_assessment_review_publication_and_result(new_page, log_in, site, demo, photo, tmp_path):
    campaign = demo.evaluation
    city = evaluate(campaign).city(SUZHOU)
    page = new_page(1500, 900)
    page.on("dialog", lambda dialog: dialog.accept())

    # 苏州's reporter: no result before publication; self-assess every criterion
    log_in(page, "suzhou_tianbao", PASSWORD)
    assert page.request.get(f"{site}/results/").status == 403  # no console error from a 403 page
    page.goto(f"{site}/orgs/{SUZHOU}/")
    assert page_fits(page)
    page.fill("[data-testid=metric-website_score]", "86")
    page.fill("[data-testid=metric-hotline_score]", "90")
    for criterion in city.criteria:
        value = criterion.auto if criterion.auto is not None else criterion.points
        page.fill(f"[data-testid=score-{criterion.key}]", f"{value}")
    page.fill("textarea[name='explanation:dr_centre']", "市级灾备中心 2014 年建成，见机房照片")
    page.click("[data-testid=save]")
    assert "自评已保存" in page.locator(".messages").inner_text()
    picture = tmp_path / "灾备机房.png"
    picture.write_bytes(png_bytes(120, 80, (30, 120, 60)))
    with page.expect_navigation():
        page.set_input_files("[data-testid=file-dr_centre]", str(picture))  # uploads at once
    assert "佐证材料已上传" in page.locator(".messages").inner_text()
    assert "灾备机房.png" in page.locator("#c-dr_centre").inner_text()
    photo(page, "60-eval-self-assessment")

    # the reporter cannot submit; the leader does
    assert page.locator("[data-testid=submit]").count() == 0
    leader = new_page(1500, 900)
    leader.on("dialog", lambda dialog: dialog.accept())
    log_in(leader, "suzhou_fuze", PASSWORD)
    leader.goto(f"{site}/orgs/{SUZHOU}/")
    leader.click("[data-testid=submit] button")
    assert "已上报" in leader.locator(".messages").inner_text()
    assert "上报" in leader.locator("[data-testid=closed]").inner_text()
    assert Submission.objects.filter(campaign=campaign, org=SUZHOU).exists()

    # the expert scores; a departure without a reason is refused at its row
    expert = new_page(1500, 900)
    log_in(expert, "zhuanjia", PASSWORD)
    expert.goto(f"{site}/orgs/{SUZHOU}/review/")
    scored = evaluate(campaign).city(SUZHOU)
    for criterion in scored.criteria:
        basis = criterion.auto if criterion.auto is not None else criterion.self_score
        expert.fill(f"[data-testid=review-{criterion.key}]", f"{basis}")
    expert.fill("[data-testid=review-city_business]", "6")
    expert.click("[data-testid=save-review]")
    assert "须说明理由" in expert.locator("#c-city_business").inner_text()
    expert.fill("[data-testid=reason-city_business]", "县级业务尚未全部纳入市级数据中心")
    expert.click("[data-testid=save-review]")
    assert "评分已保存" in expert.locator(".messages").inner_text()
    assert ReviewScore.objects.filter(campaign=campaign, org=SUZHOU).count() == 34
    photo(expert, "61-eval-review")

    # the province looks at the provisional ranking and publishes
    province = new_page(1500, 900)
    province.on("dialog", lambda dialog: dialog.accept())
    log_in(province, "sheng_admin", PASSWORD)
    province.goto(f"{site}/")
    assert page_fits(province)
    photo(province, "62-eval-home-province")
    province.goto(f"{site}/results/")
    assert "尚未发布" in province.locator("[data-testid=unpublished]").inner_text()
    province.wait_for_selector("[data-chart=radar] svg")
    province.click("[data-testid=publish-button]")
    assert "结果已发布" in province.locator(".messages").inner_text()
    province.wait_for_selector("[data-chart=distribution] svg")
    assert page_fits(province)
    photo(province, "63-eval-results")
    province.goto(f"{site}/settings/")
    photo(province, "64-eval-settings")

    # 苏州 sees the ranking, its own result and the explanation of a criterion
    page.goto(f"{site}/results/")
    row = page.locator(f"[data-testid=ranking] tr[data-org='{SUZHOU}']")
    final = evaluate(campaign).city(SUZHOU)
    assert str(final.display_total) in row.inner_text()
    page.goto(f"{site}/results/{SUZHOU}/")
    page.wait_for_selector("[data-chart=radar] svg")
    assert f"{final.display_total}" in page.locator("[data-testid=city-total]").inner_text()
    assert page_fits(page)
    photo(page, "65-eval-city-result")
    page.click("#c-city_business a")
    text = page.locator("[data-testid=explanation]").inner_text()
    assert (
        "县级业务尚未全部纳入市级数据中心" in text and "6" in page.locator("[data-testid=final]").inner_text()
    )
    photo(page, "66-eval-explanation")
    page.goto(f"{site}/results/{SUZHOU}/network_coverage/")
    assert "提升空间" in page.locator("[data-testid=explanation]").inner_text()
    photo(page, "67-eval-explanation-what-it-takes")
    # the evidence the city uploaded opens from the explanation page of its criterion
    page.goto(f"{site}/results/{SUZHOU}/dr_centre/")
    evidence = Evidence.objects.get(campaign=campaign, org=SUZHOU, name="灾备机房.png")
    assert page.locator(f"a[href$='/evidence/{evidence.pk}/']").count() == 1
    # but never 南京's pages
    assert page.request.get(f"{site}/results/320100/").status == 403
    Path(tmp_path).exists()
