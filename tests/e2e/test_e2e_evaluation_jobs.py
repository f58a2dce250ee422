"""The evaluation's exports as background jobs in a real browser (docs/spec.md §14): 下载考评结果
(Excel) on the results page and 下载 PDF 报告 on a city's result open the job's page, whose bar
fills while a worker (a thread of the test process) builds the file, then offers it. The expert,
who may not see 苏州's unsubmitted draft, gets a job of their own. Photographed for the guide."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

PASSWORD = "kaoping-demo-2015"
RESULTS = "/evaluations/demo-eval-2015/results/"


def _built(page: Page, button: str) -> bytes:
    """Click a button that starts a job, wait on the job's page for its file, download it."""
    page.locator(f"[data-testid={button}]").first.click()  # a POST: it starts the job
    page.wait_for_url("**/jobs/*/")
    expect(page.locator("[data-testid=job-bar]")).to_be_visible()
    expect(page.locator("[data-testid=job-download]")).to_be_visible(timeout=300_000)
    assert page.locator("[data-testid=job-bar]").get_attribute("value") == "100"
    expect(page.locator("[data-testid=job-state]")).to_have_text("已完成")
    with page.expect_download() as download:
        page.locator("[data-testid=job-download] a").click()
    path = download.value.path()
    assert path is not None
    return Path(path).read_bytes()


def test_the_results_workbook_and_the_city_report_are_built_in_the_background(
    new_page, log_in, live_server, demo, worker, photo
):
    page = new_page(1366, 768)
    page.set_default_timeout(30_000)  # the shared machine is slow
    log_in(page, "sheng_admin", PASSWORD)
    page.goto(f"{live_server.url}{RESULTS}")
    photo(page, "eval-results-buttons")
    assert _built(page, "results-export-start")[:2] == b"PK"
    admin_job = page.url
    photo(page, "eval-job-done")
    page.goto(f"{live_server.url}/evaluations/demo-eval-2015/results/320500/")
    assert _built(page, "city-pdf-start")[:5] == b"%PDF-"
    page.goto(f"{live_server.url}{RESULTS}")
    page.locator("[data-testid=results-export-start]").first.click()
    page.wait_for_url("**/jobs/*/")
    assert page.url == admin_job  # the same data seen the same way: the job already built

    expert = new_page(1366, 768)
    expert.set_default_timeout(30_000)
    log_in(expert, "zhuanjia", PASSWORD)
    expert.goto(f"{live_server.url}{RESULTS}")
    assert _built(expert, "results-export-start")[:2] == b"PK"
    assert expert.url != admin_job  # 苏州's draft is not the expert's to see: another file
