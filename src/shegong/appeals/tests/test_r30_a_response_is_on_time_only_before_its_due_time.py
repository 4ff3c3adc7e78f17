"""R30: 响应率 counts an order as responded to on time when the unit accepts it (签收) before the
response limit; the rates themselves are tested with appeals.rates."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine

from shegong.appeals.actions import do_accept, do_object, do_review_objection
from shegong.cases.tests.steps import act, client_for, clock, dispatched, fresh
from shegong.conftest import Cast

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY = datetime(2026, 3, 2, 10, 0, tzinfo=SHANGHAI)


def test_r30_an_accept_before_the_response_limit_is_on_time(cast: Cast) -> None:
    with time_machine.travel(MONDAY, tick=False):
        case = dispatched(cast, urgency="urgent")  # respond within 2 hours
    with time_machine.travel(MONDAY + timedelta(hours=1, minutes=59), tick=False):
        response = act(client_for(cast.handler), case.number, "accept")
    assert response.status_code == 200, response.content
    case = fresh(case)
    assert case.response_on_time is True
    assert case.responded_at == MONDAY + timedelta(hours=1, minutes=59)
    assert clock(case, "response").state() == "met"


def test_r30_an_accept_after_the_response_limit_is_late(cast: Cast) -> None:
    with time_machine.travel(MONDAY, tick=False):
        case = dispatched(cast, urgency="urgent")
    with time_machine.travel(MONDAY + timedelta(hours=2, minutes=1), tick=False):
        do_accept(case, actor=cast.handler)
    case = fresh(case)
    assert case.response_on_time is False
    assert clock(case, "response").state() == "overdue"


def test_r30_an_order_not_yet_accepted_has_no_response_verdict(cast: Cast) -> None:
    case = fresh(dispatched(cast))
    assert case.responded_at is None
    assert case.response_on_time is None


def test_r30_a_redispatch_gives_the_new_unit_its_own_response_limit(cast: Cast) -> None:
    with time_machine.travel(MONDAY, tick=False):
        case = dispatched(cast, urgency="urgent")
        do_object(case, actor=cast.handler, reason="不属本单位职责。")
    # The dispatcher takes a day to review; the new unit's limit runs from the new dispatch.
    with time_machine.travel(MONDAY + timedelta(days=1), tick=False):
        do_review_objection(case, actor=cast.dispatcher, upheld=True, new_unit=cast.township_unit)
    with time_machine.travel(MONDAY + timedelta(days=1, hours=1), tick=False):
        do_accept(case, actor=cast.township_cadre)
    assert fresh(case).response_on_time is True
