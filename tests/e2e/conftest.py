"""Browser tests: Playwright for Python driving Debian's /usr/bin/chromium, headless."""

import os
import shutil
import time

import pytest

from tests.e2e.axe import SCREENSHOTS

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# When this run's browser tests began: screenshots written since are this run's.
STARTED = time.time()
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: run scripts/ensure-system-packages.sh")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread for as long as
    # the browser lives, while tests and their teardown use the database synchronously,
    # which Django otherwise refuses.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="nl-NL")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def pytest_terminal_summary(terminalreporter) -> None:
    """Name the folder of this run's screenshots (tests/e2e/axe.py), if it wrote any."""
    shots = [p for p in SCREENSHOTS.glob("*.png") if p.stat().st_mtime >= STARTED]
    if shots:
        terminalreporter.write_sep("-", "screenshots")
        terminalreporter.write_line(f"{len(shots)} screenshots in {SCREENSHOTS}")
