"""Browser tests: Playwright drives Debian's chromium (never a downloaded browser).

Skipped with a reason only when /usr/bin/chromium is missing outside CI; under CI=true a
missing browser fails the run. Screenshots go to test-artifacts/screenshots, or to
KAOPING_SCREENSHOTS_DIR (docs/screenshots when refreshing the user guide's pictures).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "src" / "kaoping" / "web" / "static" / "vendor" / "htmx.min.js"

# Playwright's sync API runs an event loop in the test thread; the ORM calls the fixtures
# make there are plain synchronous setup, not async code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing: CI must install Debian's chromium")
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium); browser tests need it")
    if not VENDOR.exists():
        pytest.fail(f"{VENDOR} is missing: run `make static` (npm ci + scripts/vendor_static.py)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


# The conflict view answers 409 and a refused save 400 on purpose: Chromium logs those too.
EXPECTED_STATUS = ("status of 400 ", "status of 409 ")


def _console_error(message, errors: list[str]) -> None:  # type: ignore[no-untyped-def]
    if message.type == "error" and not any(s in message.text for s in EXPECTED_STATUS):
        errors.append(message.text)


def snap(page, path: Path) -> None:  # type: ignore[no-untyped-def]
    """A whole-page picture: the window is made as tall as the page first, so the sticky
    save bar sits under the table as the reader expects, not over it."""
    size = page.viewport_size
    # A click that navigates may still be replacing the document: wait for the new one.
    page.wait_for_load_state("load")
    height = page.evaluate("document.documentElement ? document.documentElement.scrollHeight : 0")
    page.set_viewport_size({"width": size["width"], "height": max(height, size["height"])})
    page.screenshot(path=str(path))
    page.set_viewport_size(size)


@pytest.fixture
def shots() -> Path:
    directory = Path(os.environ.get("KAOPING_SCREENSHOTS_DIR") or ROOT / "test-artifacts" / "screenshots")
    directory.mkdir(parents=True, exist_ok=True)
    return directory


@pytest.fixture
def photo(shots):  # type: ignore[no-untyped-def]
    """photo(page, "name") saves the whole page as name.png in the screenshots folder."""
    return lambda page, name: snap(page, shots / f"{name}.png")


@pytest.fixture
def new_page(browser, live_server, request):  # type: ignore[no-untyped-def]
    """A page in a fresh browser context (its own cookies), Chinese like the users' browsers.

    A JavaScript error fails the test; so does any console error (a CSP violation, a failed
    load) on the survey pages' own tests (test_e2e_*.py)."""
    contexts = []
    errors: list[str] = []
    strict = Path(str(request.node.fspath)).name.startswith("test_e2e_")

    def make(width: int = 1400, height: int = 900):  # type: ignore[no-untyped-def]
        context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": height})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.on("pageerror", lambda error: errors.append(str(error)))
        # CSP violations and failed loads are console errors: the pages must have none
        if strict:
            page.on("console", lambda message: _console_error(message, errors))
        return page

    yield make
    for context in contexts:
        context.close()
    assert errors == [], "errors in the browser console"


@pytest.fixture
def log_in(live_server):  # type: ignore[no-untyped-def]
    """Log a page in through the login form; lands on the task list."""

    def act(page, username: str, password: str) -> None:  # type: ignore[no-untyped-def]
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("main button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")

    return act


@pytest.fixture
def worker(live_server) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """One background worker beside the live server, as ``make run`` starts one."""
    from kaoping.jobs.worker import JobWorker

    running = JobWorker(interval=0.5, worker_id="e2e")
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    yield running
    running.running = False
    thread.join(timeout=60)
