"""On a phone: a resident logs in by SMS, registers as a volunteer, signs up for a shift, checks
in and out by opening the shift's QR code, is confirmed by the organiser and sees the hours."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
import time_machine

from shegong.conftest import VILLAGE, Cast
from shegong.lib import sms
from shegong.volunteers.actions import do_confirm_record
from shegong.volunteers.models import ServiceRecord
from shegong.volunteers.queries import checkin_token
from shegong.volunteers.tests.steps import START, VALID_ID_2, scene

# The phone fixtures live with the web shell's browser tests; this module borrows them.
from shegong.web.tests.conftest import browser, phone_context, phone_page  # noqa: F401

pytestmark = pytest.mark.browser
PHONE = "13712345678"


def log_in_by_sms(page: Any) -> None:
    page.get_by_label("手机号").fill(PHONE)
    page.get_by_role("button", name="获取验证码").click()
    code = re.search(r"验证码是 (\d{6})", sms.outbox[-1][1])
    assert code is not None
    page.get_by_label("短信验证码").fill(code.group(1))
    page.get_by_role("button", name="登录").click()


def test_a_volunteer_registers_signs_up_checks_in_by_qr_and_sees_confirmed_hours(
    transactional_db: None,
    live_server: Any,
    cast: Cast,
    phone_page: Any,  # noqa: F811 - the borrowed fixture
) -> None:
    s = scene(cast, capacity=5)
    page = phone_page
    with time_machine.travel(START - timedelta(minutes=30)) as traveller:
        page.goto(f"{live_server.url}/volunteers/")
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
        number = page.get_by_test_id("volunteer-number").inner_text()
        assert number.startswith("V445202")
        assert "注册成功" in page.content()

        page.goto(f"{live_server.url}/volunteers/activities")
        page.get_by_role("link", name="进东社区敬老院陪伴").click()
        page.get_by_role("button", name="报名").click()
        assert "已录用" in page.get_by_test_id("my-status").inner_text()

        # The QR code at the place holds this URL; the phone's camera opens it.
        checkin = f"{live_server.url}/volunteers/checkin/{checkin_token(s.shift)}"
        page.goto(checkin)
        page.get_by_role("button", name="签到").click()
        assert "签到成功" in page.content()

        traveller.move_to(START + timedelta(hours=2))
        page.goto(checkin)
        page.get_by_role("button", name="签退").click()
        assert "签退成功，本次服务 2.00 小时，待组织确认" in page.content()

        do_confirm_record(ServiceRecord.objects.get(), actor=s.manager)
        page.goto(f"{live_server.url}/volunteers/hours")
        assert page.get_by_test_id("confirmed-hours").inner_text() == "2.00"
        assert "已确认" in page.get_by_test_id("records").inner_text()
        assert VALID_ID_2 not in page.content()
        # The page fits the phone: no horizontal scroll of the whole page.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
