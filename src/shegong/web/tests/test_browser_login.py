"""In the system Chromium on a phone viewport, a staff member logs in and sees the workbench."""

from __future__ import annotations

from typing import Any

from shegong.conftest import PASSWORD, Cast


def test_staff_log_in_on_a_phone_and_see_the_workbench(
    transactional_db: None, live_server: Any, cast: Cast, phone_page: Any
) -> None:
    page = phone_page
    page.goto(f"{live_server.url}/workbench/")
    assert "/login/" in page.url  # not logged in yet
    page.get_by_label("用户名").fill("dispatcher")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/workbench/")
    assert page.get_by_test_id("workbench-title").inner_text() == "工作台"
    assert "黄派单" in page.get_by_test_id("who").inner_text()
    # The navigation fits the phone: no horizontal scroll of the whole page.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390


def test_a_wrong_password_shows_the_chinese_error_on_the_phone(
    transactional_db: None, live_server: Any, cast: Cast, phone_page: Any
) -> None:
    page = phone_page
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("用户名").fill("dispatcher")
    page.get_by_label("密码").fill("wrong-password")
    page.get_by_role("button", name="登录").click()
    assert "用户名或密码错误" in page.get_by_role("alert").inner_text()
