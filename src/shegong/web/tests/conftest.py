"""Browser-test fixtures: the system Chromium, driven by Playwright, on a phone-sized page.

Use `phone_page` together with pytest-django's `live_server`:

    def test_it_shows_the_login_form(live_server: LiveServer, phone_page: Page) -> None:
        phone_page.goto(f"{live_server.url}/login/")

Tests that use `phone_page` (or `browser`) get the `browser` marker, so `-m "not browser"` leaves
them out; they run by default. When a test fails, its screenshot and Playwright trace are kept in
var/test-artifacts/<test id>/ (the trace opens with `playwright show-trace FILE` on a machine
that has Playwright's own browsers).
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Generator, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from shegong.lib.env import env_bool, env_str

# Playwright's sync API keeps an asyncio loop running in the test thread, so Django sees "async
# context" and raises SynchronousOnlyOperation on every ORM call made by a test or fixture
# afterwards. The loop only drives the browser and never touches the ORM, so the check is a false
# alarm here. Set at import because the session-scoped browser outlives any single test.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

DEFAULT_CHROMIUM = "/usr/bin/chromium"
# Playwright cannot download its own browser builds here, so it drives Debian's package
# (scripts/ensure-browser.sh installs it). Without the background-networking flags Chromium
# hangs on network connections that are closed to it.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 10_000
BROWSER_FIXTURES = {"browser", "phone_context", "phone_page"}
PHASE_REPORTS = pytest.StashKey[dict[str, pytest.TestReport]]()
_SHARED: list[Browser] = []  # the one browser of this test process


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    # Keep each phase's report on the item so `phone_page` can tell, at teardown, whether the
    # test failed and its screenshot and trace are worth keeping.
    report = yield
    item.stash.setdefault(PHASE_REPORTS, {})[report.when] = report
    return report


def chromium_path() -> str:
    return env_str("SHEGONG_CHROMIUM") or DEFAULT_CHROMIUM


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = chromium_path()
    if not Path(executable).is_file():
        message = f"Chromium not found at {executable}: run scripts/ensure-browser.sh"
        # On a developer machine a missing browser is a setup gap; in CI it would silently drop
        # every browser test, so there it must fail.
        if env_bool("CI"):
            pytest.fail(message)
        pytest.skip(message)
    if _SHARED:
        # Another app's test module imported these fixtures (pytest makes one session fixture per
        # module that defines it); a second sync_playwright in this thread would fail, so share.
        yield _SHARED[0]
        return
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        _SHARED.append(browser)
        try:
            yield browser
        finally:
            _SHARED.clear()
            browser.close()


@pytest.fixture
def phone_context(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh context (own cookies and storage) shaped like a mid-size phone in China."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=3,
        is_mobile=True,
        has_touch=True,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
    )
    context.set_default_timeout(TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def phone_page(request: pytest.FixtureRequest, phone_context: BrowserContext) -> Iterator[Page]:
    """A page in `phone_context`; on failure its screenshot and trace go to var/test-artifacts."""
    phone_context.tracing.start(screenshots=True, snapshots=True)
    page = phone_context.new_page()
    yield page
    reports = request.node.stash.get(PHASE_REPORTS, {})
    if not any(report.failed for report in reports.values()):
        phone_context.tracing.stop()
        return
    artifacts = artifact_dir(request)
    # Best effort: a crashed or closed page has nothing to show, and the trace still helps.
    with contextlib.suppress(PlaywrightError):
        page.screenshot(path=artifacts / "failure.png", full_page=True)
    phone_context.tracing.stop(path=artifacts / "trace.zip")


def artifact_dir(request: pytest.FixtureRequest) -> Path:
    # One folder per test id, made filesystem-safe, so parallel workers never share a path.
    name = re.sub(r"[^\w.-]+", "_", request.node.nodeid).strip("_")
    path = request.config.rootpath / "var" / "test-artifacts" / name
    path.mkdir(parents=True, exist_ok=True)
    return path
