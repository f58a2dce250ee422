"""The whole-survey PDF as a background job in a real browser: 下载PDF on the province's
overview opens the job's page, whose progress bar moves table by table while a worker (here a
thread of the test process) draws it, then offers the file. Photographed for the user guide."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

PASSWORD = "kaoping-demo-2015"


def test_the_whole_survey_pdf_shows_its_progress_and_then_its_file(
    new_page, log_in, live_server, demo, worker, photo
):
    page = new_page(1366, 768)
    page.set_default_timeout(30_000)  # the shared machine is slow; PDFs take their time
    log_in(page, "sheng_admin", PASSWORD)
    page.goto(f"{live_server.url}/c/demo-2015/320000/")
    page.locator("[data-testid=pdf-start]").first.click()  # a button: the POST starts the job
    page.wait_for_url("**/jobs/*/")
    bar = page.locator("[data-testid=job-bar]")
    # part-way: some tables drawn, not all
    page.wait_for_function(
        "() => { const v = document.querySelector('[data-testid=job-bar]').value; return v > 0 && v < 100; }",
        timeout=60_000,
    )
    expect(page.locator("[data-testid=job-state]")).to_have_text("进行中")
    assert "已排版" in page.inner_text("[data-testid=job-message]")
    photo(page, "job-progress")
    expect(page.locator("[data-testid=job-download]")).to_be_visible(timeout=300_000)
    assert bar.get_attribute("value") == "100"
    expect(page.locator("[data-testid=job-state]")).to_have_text("已完成")
    photo(page, "job-done")
    with page.expect_download() as download:
        page.locator("[data-testid=job-download] a").click()
    path = download.value.path()
    assert path is not None and Path(path).read_bytes()[:5] == b"%PDF-"
