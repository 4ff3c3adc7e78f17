"""The browser stack works end to end: Chromium on a phone page reaches the live server."""

from __future__ import annotations

from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer


def test_a_phone_browser_reaches_the_health_check(
    live_server: LiveServer, phone_page: Page
) -> None:
    response = phone_page.goto(f"{live_server.url}/healthz")

    assert response is not None
    assert response.status == 200
    assert response.json()["ok"] is True
    # Chromium shows a JSON response as plain text; seeing it on the page proves it was rendered.
    assert '"ok"' in phone_page.locator("body").inner_text()
