"""R29: a 回访 is scheduled after the reply or when the time limit expires; unresolved reopens
the order with a new limit, resolved closes it."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from shegong.appeals.actions import do_answer, do_follow_up, do_rate, do_reply
from shegong.cases.actions import CaseConflictError
from shegong.cases.models import Clock, Notice
from shegong.cases.tests.steps import (
    act,
    client_for,
    clock,
    fresh,
    processing,
    replied,
    submitted,
)
from shegong.conftest import Cast

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY = datetime(2026, 3, 2, 10, 0, tzinfo=SHANGHAI)
FEEDBACK_DUE = datetime(2026, 3, 10, 0, 0, tzinfo=SHANGHAI)  # 7 days after Monday 2 March


@override_settings(APPEAL_FOLLOW_UP_HOURS=48)
def test_r29_a_reply_schedules_the_follow_up(cast: Cast) -> None:
    with time_machine.travel(MONDAY, tick=False):
        case = replied(cast)
    follow_up = clock(case, "follow_up")
    assert follow_up.state(MONDAY) == "running"
    assert follow_up.due_at == MONDAY + timedelta(hours=48)
    assert clock(case, "feedback").state() == "met"


def test_r29_a_follow_up_closes_a_resolved_order(cast: Cast) -> None:
    case = replied(cast)
    response = act(
        client_for(cast.dispatcher),
        case.number,
        "follow_up",
        rating="partly",
        resolved=True,
        note="回访群众，路灯已亮。",
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == {"code": "closed", "label": "已办结"}
    case = fresh(case)
    assert (case.rating, case.resolved, case.reopen_count) == ("partly", True, 0)
    assert case.closed_at is not None
    assert clock(case, "follow_up").state() == "met"
    # Nothing keeps running on a closed order.
    running = Clock.objects.filter(case=case, stopped_at__isnull=True, cancelled=False)
    assert not running.exists()


def test_r29_an_unresolved_follow_up_reopens_the_order_with_a_new_limit(cast: Cast) -> None:
    with time_machine.travel(MONDAY, tick=False):
        case = replied(cast)
    later = MONDAY + timedelta(days=1)
    with time_machine.travel(later, tick=False):
        do_follow_up(case, actor=cast.dispatcher, rating="unsatisfied", resolved=False)
    case = fresh(case)
    assert case.status == "processing"
    assert case.reopen_count == 1
    assert case.lead_unit == cast.department
    feedback = Clock.objects.filter(case=case, name="feedback").order_by("started_at")
    assert [c.state(later) for c in feedback] == ["met", "running"]
    assert feedback.last().started_at == later  # type: ignore[union-attr]
    assert Notice.objects.filter(user=cast.handler, text__contains="已退回重办").exists()

    # The reopened order is replied to again and gets a new follow-up.
    do_reply(case, actor=cast.handler, reply="已彻底更换线路。")
    assert Clock.objects.filter(case=case, name="follow_up").count() == 2
    assert clock(case, "follow_up").is_running


def test_r29_a_follow_up_on_an_order_in_hand_waits_for_the_limit_to_expire(
    cast: Cast,
) -> None:
    with time_machine.travel(MONDAY, tick=False):
        case = processing(cast)
    assert clock(case, "feedback").due_at == FEEDBACK_DUE

    with time_machine.travel(FEEDBACK_DUE - timedelta(minutes=1), tick=False):
        early = act(
            client_for(cast.dispatcher), case.number, "follow_up", rating="satisfied", resolved=True
        )
    assert early.status_code == 409
    assert early.json()["message"] == "办理时限未到且尚未答复，暂不能回访"
    assert fresh(case).status == "processing"

    with time_machine.travel(FEEDBACK_DUE + timedelta(minutes=1), tick=False):
        late = act(
            client_for(cast.dispatcher),
            case.number,
            "follow_up",
            rating="unsatisfied",
            resolved=False,
        )
    assert late.status_code == 200, late.content
    case = fresh(case)
    assert case.status == "processing"
    assert case.reopen_count == 1
    assert clock(case, "feedback").is_running


def test_r29_an_expired_order_found_resolved_is_closed(cast: Cast) -> None:
    with time_machine.travel(MONDAY, tick=False):
        case = processing(cast)
    with time_machine.travel(FEEDBACK_DUE + timedelta(hours=1), tick=False):
        do_follow_up(case, actor=cast.dispatcher, rating="satisfied", resolved=True)
    case = fresh(case)
    assert case.status == "closed"
    # The unit never replied in time: its feedback clock shows overdue.
    assert clock(case, "feedback").state() == "overdue"


def test_r29_the_resident_rates_and_an_unresolved_rating_reopens(cast: Cast) -> None:
    case = replied(cast)
    response = act(
        client_for(cast.resident), case.number, "rate", rating="unsatisfied", resolved=False
    )
    assert response.status_code == 200, response.content
    assert fresh(case).status == "processing"
    assert fresh(case).reopen_count == 1


def test_r29_an_order_the_centre_answered_goes_back_to_dispatch_when_unresolved(
    cast: Cast,
) -> None:
    case = do_answer(submitted(cast), actor=cast.dispatcher, reply="请联系物业报修。")
    do_rate(case, actor=cast.resident, rating="unsatisfied", resolved=False)
    case = fresh(case)
    # No unit holds it, so it waits for dispatch instead of waiting on nobody.
    assert case.status == "received"
    assert case.reopen_count == 1
    assert clock(case, "dispatch").is_running


def test_r29_a_follow_up_needs_a_rating_and_whether_it_was_resolved(cast: Cast) -> None:
    case = replied(cast)
    with pytest.raises(ValidationError):
        do_follow_up(case, actor=cast.dispatcher, rating="great", resolved=True)
    with pytest.raises(ValidationError):
        do_follow_up(case, actor=cast.dispatcher, rating="satisfied", resolved=None)
    assert fresh(case).status == "replied"


def test_r29_the_handling_unit_does_not_follow_up_its_own_order(cast: Cast) -> None:
    case = replied(cast)
    with pytest.raises(PermissionDenied):
        do_follow_up(case, actor=cast.handler, rating="satisfied", resolved=True)


def test_r29_a_closed_order_takes_no_second_rating(cast: Cast) -> None:
    case = replied(cast)
    do_rate(case, actor=cast.resident, rating="satisfied", resolved=True)
    with pytest.raises(CaseConflictError):
        do_follow_up(case, actor=cast.dispatcher, rating="unsatisfied", resolved=False)
