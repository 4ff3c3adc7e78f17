"""Acceptance, in the system Chromium: on a phone a resident logs in by SMS, registers as a
volunteer, signs up for a shift, checks in and out by opening the shift's QR code; the organiser
confirms the hours on the organiser pages; the volunteer asks for a certificate, the organiser
issues it (R36), and the volunteer downloads the PDF, whose text shows the hours and the fields
of R37 but not the ID number (R39), and checks it on the public verification page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from playwright.sync_api import Browser, Page

from shegong.conftest import PASSWORD, VILLAGE, Cast
from shegong.lib import sms
from shegong.volunteers.queries import checkin_token
from shegong.volunteers.tests.steps import START, VALID_ID_2, Scene, scene
from shegong.web.testing import pdf_text

# The phone fixtures live with the web shell's browser tests; this module borrows them.
from shegong.web.tests.conftest import (  # noqa: F401
    TIMEOUT_MS,
    browser,
    phone_context,
    phone_page,
)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("media")]
PHONE = "13712345678"


def log_in_by_sms(page: Any) -> None:
    page.get_by_label("手机号").fill(PHONE)
    page.get_by_role("button", name="获取验证码").click()
    code = re.search(r"验证码是 (\d{6})", sms.outbox[-1][1])
    assert code is not None
    page.get_by_label("短信验证码").fill(code.group(1))
    page.get_by_role("button", name="登录").click()


@pytest.fixture
def desk(browser: Browser) -> Iterator[Page]:  # noqa: F811 - the borrowed fixture
    """The organiser's own browser (a desktop, its own cookies)."""
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai")
    context.set_default_timeout(TIMEOUT_MS)
    yield context.new_page()
    context.close()


def organiser_logs_in(desk: Page, server: str, s: Scene) -> None:
    desk.goto(f"{server}/login/?next=/volunteers/manage/org/{s.organisation.pk}/")
    desk.get_by_label("用户名").fill(s.manager.username)
    desk.get_by_label("密码").fill(PASSWORD)
    desk.get_by_role("button", name="登录").click()
    desk.wait_for_url(f"**/volunteers/manage/org/{s.organisation.pk}/")


def register_on_the_phone(page: Page, server: str) -> None:
    page.goto(f"{server}/volunteers/")
    page.get_by_role("link", name="手机号登录后注册").click()
    log_in_by_sms(page)
    page.wait_for_url("**/volunteers/register")
    page.get_by_label("姓名").fill("陈小红")
    page.get_by_label("证件号码").fill(VALID_ID_2)
    page.get_by_label("所在社区（村）区划代码").fill(VILLAGE)
    page.get_by_label("助老服务").check()
    page.get_by_label("周末上午").check()
    page.get_by_label("我已阅读并同意").check()
    page.get_by_role("button", name="提交注册").click()
    assert page.get_by_test_id("volunteer-number").inner_text().startswith("V445202")
    assert "注册成功" in page.content()


def test_a_volunteer_registers_serves_is_confirmed_and_downloads_a_certificate_with_the_hours(
    transactional_db: None,
    live_server: Any,
    cast: Cast,
    phone_page: Page,  # noqa: F811 - the borrowed fixture
    desk: Page,
) -> None:
    s = scene(cast, capacity=5)
    page, server = phone_page, live_server.url
    with time_machine.travel(START - timedelta(minutes=30)) as traveller:
        register_on_the_phone(page, server)
        page.goto(f"{server}/volunteers/activities")
        page.get_by_role("link", name="进东社区敬老院陪伴").click()
        page.get_by_role("button", name="报名").click()
        assert "已录用" in page.get_by_test_id("my-status").inner_text()

        # The QR code at the place holds this URL; the phone's camera opens it.
        checkin = f"{server}/volunteers/checkin/{checkin_token(s.shift)}"
        page.goto(checkin)
        page.get_by_role("button", name="签到").click()
        assert "签到成功" in page.content()
        traveller.move_to(START + timedelta(hours=2))
        page.goto(checkin)
        page.get_by_role("button", name="签退").click()
        assert "签退成功，本次服务 2.00 小时，待组织确认" in page.content()

        organiser_logs_in(desk, server, s)
        desk.get_by_test_id("pending-records").get_by_role("button", name="确认").click()
        assert "服务时长已确认" in desk.content()
        page.goto(f"{server}/volunteers/hours")
        assert page.get_by_test_id("confirmed-hours").inner_text() == "2.00"
        assert VALID_ID_2 not in page.content()

        page.goto(f"{server}/volunteers/")
        page.get_by_role("link", name="我的证明").click()
        page.get_by_role("button", name="申请出具证明").click()
        assert "已申请，等待组织出具" in page.content()

        desk.get_by_role("link", name="志愿服务记录证明").click()
        desk.get_by_label("经办人").fill("李经办")
        desk.get_by_role("button", name="出具证明").click()
        assert "已出具证明" in desk.content()

        page.reload()
        with page.expect_download() as download:
            page.get_by_role("link", name="下载 PDF").click()
        text = pdf_text(Path(download.value.path()).read_bytes()).replace("\n", "")
        assert "志愿服务记录证明" in text
        assert "服务时长(小时)2.00" in text.replace(" ", "")
        for shown in ("陈小红", "进东社区志愿服务站", "何队长", "李经办", "0663-8888888"):
            assert shown in text
        assert VALID_ID_2 not in text
        assert VALID_ID_2[-4:] in text  # the masked number keeps its last four characters

        page.get_by_role("link", name="在线核验").click()
        assert page.get_by_test_id("status").inner_text() == "本证明真实有效"
        assert VALID_ID_2 not in page.content()
        # The pages fit the phone: no horizontal scroll of the whole page.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
