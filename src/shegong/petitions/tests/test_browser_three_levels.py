"""Acceptance: one petition in the system Chromium from registration at the county through the
处理意见书, a 复查 at the city and a 复核 at the province (R3–R5, R10–R14, R20).

Each clerk and handler works in their own browser context; the petitioner follows the matter on
the public tracking page with the number and code the county clerk gave them, reads each
document as PDF and evaluates the final answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page, expect

from shegong.cases.models import Case
from shegong.conftest import PASSWORD, Cast
from shegong.petitions.models import PetitionStatus
from shegong.petitions.tests.conftest import Offices
from shegong.web.testing import pdf_text

# The browser fixtures live with the web shell's browser tests; this module borrows them.
from shegong.web.tests.conftest import TIMEOUT_MS, browser  # noqa: F401

pytestmark = pytest.mark.browser


@pytest.fixture
def desks(browser: Browser) -> Iterator[list[BrowserContext]]:  # noqa: F811
    contexts: list[BrowserContext] = []
    yield contexts
    for context in contexts:
        context.close()


def desk(contexts: list[BrowserContext], browser: Browser, server: str, username: str) -> Page:  # noqa: F811
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai")
    context.set_default_timeout(TIMEOUT_MS)
    contexts.append(context)
    page = context.new_page()
    page.goto(f"{server}/login/?next=/petitions/")
    page.get_by_label("用户名", exact=True).fill(username)
    page.get_by_label("密码", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{server}/petitions/")
    return page


def register_letter(page: Page, server: str) -> tuple[str, str]:
    page.goto(f"{server}/petitions/new/")
    page.get_by_label("信访渠道", exact=True).select_option("letter")
    page.get_by_label("事项类别", exact=True).select_option("grievance")
    page.get_by_label("信访人姓名(名称)", exact=True).fill("陈信访")
    page.get_by_label("住址", exact=True).fill("揭阳市榕城区榕华街道进东社区 8 号")
    page.get_by_label("联系电话", exact=True).fill("13800138000")
    page.get_by_label("信访请求", exact=True).fill("请求督促开发商修复小区地下车库渗漏")
    page.get_by_label("事实", exact=True).fill(
        "榕华花园地下车库每逢下雨即大面积渗水，多次向物业反映无果"
    )
    page.get_by_label("理由", exact=True).fill("车库渗漏危及车辆和人身安全，开发商应承担保修责任")
    page.get_by_role("button", name="登记").click()
    message = page.get_by_text(re.compile("已登记，编号")).inner_text()
    found = re.search(r"编号 (XF\d{14})，查询码 ([A-Z0-9]{6})", message)
    assert found, message
    return found.group(1), found.group(2)


def act(
    page: Page, verb: str, fields: dict[str, str], selects: dict[str, str] | None = None
) -> None:
    box = page.get_by_test_id(f"action-{verb}")
    box.locator("summary").click()
    for label, value in (selects or {}).items():
        box.get_by_label(label).select_option(label=value)
    for label, value in fields.items():
        box.get_by_label(label, exact=True).fill(value)
    box.get_by_role("button").click()
    expect(page.get_by_role("alert").or_(page.locator(".messages"))).to_contain_text("已")


def open_case(page: Page, server: str, number: str) -> None:
    page.goto(f"{server}/petitions/{number}/")
    expect(page.get_by_test_id("case-number")).to_have_text(number)


OPINION = {
    "投诉请求": "修复车库渗漏",
    "事实和理由": "经现场核查，车库顶板防水层破损，属保修范围",
    "处理意见": "责成开发商于 30 日内完成防水修复",
    "法律法规依据": "《建设工程质量管理条例》第四十条",
}


def give_opinion(page: Page, verb: str) -> None:
    act(page, verb, OPINION, {"处理结果": "支持"})


def petitioner_reads(page: Page, server: str, number: str, code: str, title: str) -> None:
    """With the number and the code on the tracking form (posted: the code is never in a URL)."""
    page.goto(f"{server}/petitions/track/?number={number}")
    page.get_by_label("查询码").fill(code)
    page.get_by_role("button", name="查询").click()
    expect(page).to_have_url(f"{server}/petitions/track/{number}/")
    link = page.get_by_test_id("track-documents").get_by_role("link", name=title)
    response = page.request.get(server + (link.get_attribute("href") or ""))
    assert response.ok
    assert title in pdf_text(response.body())


def test_a_petition_runs_from_county_to_province_in_the_browser(
    live_server: object,
    browser: Browser,  # noqa: F811
    desks: list[BrowserContext],
    cast: Cast,
    offices: Offices,
) -> None:
    server = str(live_server)
    today = timezone.localdate().isoformat()

    county = desk(desks, browser, server, "xf_county")
    number, code = register_letter(county, server)
    act(county, "forward", {}, {"转送至": "榕城区住房和城乡建设局（政府部门）"})

    handler = desk(desks, browser, server, "handler")
    open_case(handler, server, number)
    act(handler, "accept", {})
    give_opinion(handler, "conclude")

    desks.append(browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai"))
    petitioner = desks[-1].new_page()  # no login: number and code only
    petitioner_reads(petitioner, server, number, code, "信访事项处理意见书")

    city = desk(desks, browser, server, "xf_city")
    open_case(city, server, number)
    act(
        city,
        "request_review",
        {"收到请求日期": today},
        {"复查/复核机关(上一级)": "揭阳市住房和城乡建设局"},
    )
    city_handler = desk(desks, browser, server, "city_handler")
    open_case(city_handler, server, number)
    give_opinion(city_handler, "conclude_review")
    petitioner_reads(petitioner, server, number, code, "信访事项复查意见书")

    province = desk(desks, browser, server, "xf_province")
    open_case(province, server, number)
    act(
        province,
        "request_re_review",
        {"收到请求日期": today},
        {"复查/复核机关(上一级)": "广东省住房和城乡建设厅"},
    )
    province_handler = desk(desks, browser, server, "province_handler")
    open_case(province_handler, server, number)
    give_opinion(province_handler, "conclude_re_review")
    expect(province_handler.get_by_test_id("case-status")).to_have_text("已复核终结")

    petitioner_reads(petitioner, server, number, code, "信访事项复核意见书")
    petitioner.get_by_label("满意", exact=True).check()
    petitioner.get_by_role("button", name="提交评价").click()
    expect(petitioner.get_by_test_id("track-rating")).to_have_text("满意")

    case = Case.objects.get(number=number)
    assert case.status == PetitionStatus.CLOSED
    assert case.rating == "satisfied"
