"""Fair shares and safe answers in a real browser (a JavaScript error fails; the 429 and
403 these pages answer on purpose are console errors, so not the strict set): a second PDF
while one is being drawn shows 请稍后再试 and leaves the table pages working; the expert's
evaluation home shows — for a city that has not submitted. Screenshots for the user guide."""

from __future__ import annotations

from kaoping.limits import limiter
from kaoping.orgs.models import User

PASSWORD = "kaoping-demo-2015"


def test_a_second_pdf_says_try_again_shortly_and_the_pages_stay_open(
    new_page, log_in, live_server, demo, photo
):
    page = new_page(1200, 700)
    log_in(page, "nanjing_tianbao", PASSWORD)
    limiter.acquire(limiter.holder_of(User.objects.get(username="nanjing_tianbao")), "pdf")  # one running
    answer = page.goto(f"{live_server.url}/reports/c/demo-2015/320100/pdf/T09/")
    assert answer is not None and answer.status == 429
    assert answer.headers["retry-after"] == "10"
    assert "请稍后再试" in page.inner_text("[data-testid=busy]")
    photo(page, "87-busy")
    page.goto(f"{live_server.url}/c/demo-2015/320100/T09/")
    assert page.locator("table").count() > 0  # the entry page is served as usual


def test_the_expert_sees_no_draft_progress(new_page, log_in, live_server, demo, photo):
    page = new_page(1200, 800)
    log_in(page, "zhuanjia", PASSWORD)
    page.goto(f"{live_server.url}/evaluations/demo-eval-2015/")
    suzhou = page.locator("tr", has_text="苏州市").first
    assert "—" in suzhou.inner_text() and "未上报" in suzhou.inner_text()
    assert suzhou.locator("a", has_text="自评").count() == 0  # its draft is not the expert's to open
    nanjing = page.locator("tr", has_text="南京市").first
    assert nanjing.locator("a", has_text="自评").count() == 1  # submitted: the expert reads it
    photo(page, "88-eval-home-expert")
    refused = page.goto(f"{live_server.url}/evaluations/demo-eval-2015/orgs/320500/")
    assert refused is not None and refused.status == 403
