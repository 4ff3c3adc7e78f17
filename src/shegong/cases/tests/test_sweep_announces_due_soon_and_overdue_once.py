"""The sweep tells the unit holding a clock, and the supervisors of the case's region, when the
clock enters "due soon" and again when it is overdue (then also by SMS) — each once."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from shegong.accounts.models import RoleCode, User
from shegong.appeals.actions import do_accept, do_extend
from shegong.cases.models import Notice
from shegong.cases.sweep import do_sweep_clocks
from shegong.cases.tests.steps import clock, dispatched, empty_outbox, submitted, texts_to
from shegong.conftest import Cast, make_user

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY = datetime(2026, 3, 2, 10, 0, tzinfo=SHANGHAI)
HANDLER_PHONE = "13500001234"
Capture = Callable[..., AbstractContextManager[Any]]


def notices(user: User) -> list[str]:
    return list(Notice.objects.filter(user=user).order_by("id").values_list("text", flat=True))


@pytest.fixture
def handler(cast: Cast) -> User:
    cast.handler.phone = HANDLER_PHONE
    cast.handler.save()
    return cast.handler


def test_the_unit_and_the_supervisor_hear_when_the_response_limit_is_near(
    cast: Cast, handler: User
) -> None:
    with time_machine.travel(MONDAY, tick=False):
        case = dispatched(cast)  # 一般: sign for it within 24 hours
    Notice.objects.all().delete()
    # The last quarter of the 24 hours (6 hours) counts as due soon.
    report = do_sweep_clocks(MONDAY + timedelta(hours=19))
    assert report.due_soon == 1
    (text,) = notices(handler)
    assert "签收响应时限即将到期" in text
    assert case.number in text
    assert "03月03日 10:00" in text
    assert notices(cast.supervisor) == [text]
    # Running it again (or a minute later) tells nobody anything new.
    assert do_sweep_clocks(MONDAY + timedelta(hours=19, minutes=1)).notices == 0
    assert len(notices(handler)) == 1


def test_an_overdue_limit_is_announced_again_and_texted_to_the_unit(
    cast: Cast, handler: User, django_capture_on_commit_callbacks: Capture
) -> None:
    with time_machine.travel(MONDAY, tick=False):
        dispatched(cast)
    do_sweep_clocks(MONDAY + timedelta(hours=19))
    empty_outbox()
    with django_capture_on_commit_callbacks(execute=True):
        report = do_sweep_clocks(MONDAY + timedelta(hours=25))
    assert report.overdue == 1
    assert "签收响应时限已超期" in notices(handler)[-1]
    assert "签收响应时限已超期" in notices(cast.supervisor)[-1]
    (sms,) = texts_to(HANDLER_PHONE)
    assert "已超期" in sms
    assert do_sweep_clocks(MONDAY + timedelta(hours=30)).notices == 0


def test_the_centre_hears_of_its_own_dispatch_limit(cast: Cast) -> None:
    with time_machine.travel(MONDAY, tick=False):
        case = submitted(cast)  # not dispatched within 24 hours
    do_sweep_clocks(MONDAY + timedelta(hours=25))
    (text,) = notices(cast.dispatcher)
    assert "派单时限已超期" in text
    assert case.number in text
    assert notices(cast.handler) == []  # the department has nothing to do with it yet


def test_a_supervisor_of_another_county_hears_nothing(cast: Cast) -> None:
    elsewhere = make_user("other_supervisor", cast.other_county_unit, RoleCode.SUPERVISOR)
    with time_machine.travel(MONDAY, tick=False):
        dispatched(cast)
    do_sweep_clocks(MONDAY + timedelta(hours=25))
    assert notices(elsewhere) == []
    assert notices(cast.supervisor) != []


def test_a_limit_met_in_time_is_never_announced(cast: Cast) -> None:
    with time_machine.travel(MONDAY, tick=False):
        case = dispatched(cast)
    with time_machine.travel(MONDAY + timedelta(hours=1), tick=False):
        do_accept(case, actor=cast.handler)
    Notice.objects.all().delete()
    do_sweep_clocks(MONDAY + timedelta(hours=25))
    assert notices(cast.handler) == []
    assert clock(case, "response").notified == ""


def test_an_extension_makes_the_new_limit_count_afresh(cast: Cast) -> None:
    with time_machine.travel(MONDAY, tick=False):
        case = do_accept(dispatched(cast), actor=cast.handler)
    # 一般: feedback within 7 days, due 24:00 on 9 March; the last day counts as due soon.
    do_sweep_clocks(datetime(2026, 3, 9, 8, 0, tzinfo=SHANGHAI))
    assert clock(case, "feedback").notified == "due_soon"
    with time_machine.travel(datetime(2026, 3, 9, 9, 0, tzinfo=SHANGHAI), tick=False):
        do_extend(case, actor=cast.handler, reason="需协调", explanation="需协调供电", days=5)
    assert clock(case, "feedback").notified == ""
    Notice.objects.all().delete()
    assert do_sweep_clocks(datetime(2026, 3, 9, 10, 0, tzinfo=SHANGHAI)).notices == 0
    do_sweep_clocks(datetime(2026, 3, 14, 8, 0, tzinfo=SHANGHAI))
    assert "办理反馈时限即将到期" in notices(cast.handler)[-1]
