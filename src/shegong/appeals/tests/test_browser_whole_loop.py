"""Acceptance: the whole 接诉即办 loop in the system Chromium, every step on a phone viewport.

A resident submits at /m/appeals/new → the dispatcher dispatches from the case page → the
department signs and replies → the resident tracks the appeal with its number and code and rates
it → the department's three rates for the month change (read with `appeals.rates.rates_for`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page, expect

from shegong.appeals.rates import RateRow, rates_for
from shegong.conftest import COUNTY, PASSWORD, VILLAGE, Cast

# The phone fixtures live with the web shell's browser tests; this module borrows them.
from shegong.web.tests.conftest import TIMEOUT_MS, browser, phone_context, phone_page  # noqa: F401

pytestmark = pytest.mark.browser


@pytest.fixture
def staff_phones(browser: Browser) -> Iterator[list[BrowserContext]]:  # noqa: F811
    """Phone-sized contexts for the staff, each with its own cookies (one login each)."""
    contexts: list[BrowserContext] = []
    yield contexts
    for context in contexts:
        context.close()


def staff_phone(contexts: list[BrowserContext], browser: Browser) -> Page:  # noqa: F811
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
    )
    context.set_default_timeout(TIMEOUT_MS)
    contexts.append(context)
    return context.new_page()


def log_in(page: Page, server: str, username: str) -> None:
    page.goto(f"{server}/login/?next=/appeals/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{server}/appeals/")


def department_rates(cast: Cast) -> RateRow | None:
    month = timezone.localdate().replace(day=1)
    rows = rates_for(month=month, scope_code=COUNTY, group="unit")
    return next((r for r in rows if r.name == cast.department.name), None)


def submit_as_resident(page: Page, server: str) -> tuple[str, str]:
    page.goto(f"{server}/m/appeals/new")
    page.locator("label.m-choice", has_text="投诉").click()
    page.get_by_label("事项分类").select_option("urban.roads")
    page.get_by_label("标题").fill("小区路灯不亮")
    page.get_by_label("具体情况").fill("进东社区3号楼前的路灯坏了一个月，晚上很黑。")
    page.get_by_label("区划代码").fill(VILLAGE)
    page.get_by_label("联系电话（便于回访，可不填）").fill("13912345678")
    page.get_by_role("button", name="提交", exact=True).click()
    page.wait_for_url("**/receipt")
    number = page.get_by_test_id("receipt-number").inner_text().strip()
    code = page.get_by_test_id("receipt-code").inner_text().strip()
    return number, code


def dispatch_to_the_department(page: Page, server: str, number: str) -> None:
    log_in(page, server, "dispatcher")
    page.get_by_role("link", name=number).click()
    page.get_by_test_id("action-dispatch").locator("summary").click()
    page.get_by_label("主办单位", exact=True).select_option(label="榕城区住房和城乡建设局")
    page.get_by_role("button", name="确认派单").click()
    expect(page.get_by_test_id("case-status")).to_have_text("待签收")


def sign_and_reply(page: Page, server: str, number: str) -> None:
    log_in(page, server, "handler")
    page.get_by_role("link", name=number).click()
    page.get_by_test_id("action-accept").locator("summary").click()
    page.get_by_role("button", name="确认签收").click()
    expect(page.get_by_test_id("case-status")).to_have_text("办理中")
    page.get_by_test_id("action-reply").locator("summary").click()
    page.get_by_label("答复内容（诉求人可见）").fill("已更换路灯灯泡，经检查照明恢复正常。")
    page.get_by_role("button", name="提交答复").click()
    expect(page.get_by_test_id("case-status")).to_have_text("已答复待回访")


def track_and_rate(page: Page, server: str, number: str, code: str) -> None:
    page.goto(f"{server}/m/appeals/track")
    page.get_by_label("编号").fill(number)
    page.get_by_label("查询码").fill(code)
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_test_id("case-reply")).to_contain_text("已更换路灯灯泡")
    page.locator("label.m-choice", has_text="基本满意").click()
    page.locator("label.m-choice", has_text="已解决").click()
    page.get_by_role("button", name="提交评价").click()
    expect(page.get_by_test_id("case-rating")).to_have_text("基本满意，已解决")
    expect(page.get_by_test_id("case-status")).to_have_text("已办结")


def test_the_whole_loop_on_a_phone_changes_the_units_rates(
    transactional_db: None,
    live_server: Any,
    cast: Cast,
    phone_page: Page,  # noqa: F811 - the borrowed fixture
    browser: Browser,  # noqa: F811
    staff_phones: list[BrowserContext],
) -> None:
    server = live_server.url
    number, code = submit_as_resident(phone_page, server)
    dispatch_to_the_department(staff_phone(staff_phones, browser), server, number)
    sign_and_reply(staff_phone(staff_phones, browser), server, number)

    before = department_rates(cast)
    assert before is not None
    assert before.response_rate == 1.0  # signed within the response limit
    assert before.rated == 0  # nothing rated yet, so no score
    assert before.score is None

    track_and_rate(phone_page, server, number, code)

    after = department_rates(cast)
    assert after is not None
    assert after.rated == 1
    assert after.resolution_rate == 1.0
    assert after.satisfaction_rate == pytest.approx(0.9)  # 基本满意 counts ×0.9 (R30)
    assert after.score == pytest.approx(10 * 1.0 + 50 * 1.0 + 40 * 0.9)
