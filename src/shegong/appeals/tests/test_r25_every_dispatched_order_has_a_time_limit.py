"""R25: every dispatched order carries a 办理时限 set by its urgency tier: dispatch 1h/2h/24h from
intake, feedback 2h/24h/7d/15d from dispatch (day limits counted under R21)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from shegong.cases.tests.steps import act, client_for, clock, dispatched, submitted
from shegong.conftest import Cast

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY = datetime(2026, 3, 2, 10, 0, tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    ("urgency", "due"),
    [
        ("critical", datetime(2026, 3, 2, 12, 0, tzinfo=SHANGHAI)),  # 2 hours
        ("urgent", datetime(2026, 3, 3, 10, 0, tzinfo=SHANGHAI)),  # 24 hours
        ("normal", datetime(2026, 3, 10, 0, 0, tzinfo=SHANGHAI)),  # 7 days: 24:00 on 3 月 9 日
        ("complex", datetime(2026, 3, 18, 0, 0, tzinfo=SHANGHAI)),  # 15 days: 24:00 on 3 月 17 日
    ],
)
def test_r25_the_feedback_limit_follows_the_urgency_tier(
    cast: Cast, urgency: str, due: datetime
) -> None:
    with time_machine.travel(MONDAY, tick=False):
        case = dispatched(cast, urgency=urgency)
    feedback = clock(case, "feedback")
    assert feedback.started_at == MONDAY
    assert feedback.due_at == due
    assert feedback.unit == cast.department
    assert not feedback.provisional


def test_r25_a_seven_day_limit_ending_in_a_holiday_runs_to_the_next_working_day(
    cast: Cast,
) -> None:
    # Day 7 after 24 September 2025 is 1 October, inside the National Day holiday (1–8 October),
    # so under R21 the limit ends at 24:00 on Thursday 9 October.
    with time_machine.travel(datetime(2025, 9, 24, 15, 0, tzinfo=SHANGHAI), tick=False):
        case = dispatched(cast, urgency="normal")
    assert clock(case, "feedback").due_at == datetime(2025, 10, 10, 0, 0, tzinfo=SHANGHAI)


def test_r25_a_seven_day_limit_ending_on_a_saturday_runs_to_monday(cast: Cast) -> None:
    with time_machine.travel(datetime(2026, 3, 7, 9, 0, tzinfo=SHANGHAI), tick=False):
        case = dispatched(cast, urgency="normal")
    # 7 days after Saturday 7 March is Saturday 14 March: the limit moves to Monday 16 March.
    assert clock(case, "feedback").due_at == datetime(2026, 3, 17, 0, 0, tzinfo=SHANGHAI)


@pytest.mark.parametrize(("urgency", "hours"), [("critical", 1), ("urgent", 2), ("normal", 24)])
def test_r25_the_dispatch_limit_runs_from_intake(cast: Cast, urgency: str, hours: int) -> None:
    with time_machine.travel(MONDAY, tick=False):
        case = submitted(cast, urgency=urgency)
    dispatch = clock(case, "dispatch")
    assert dispatch.started_at == MONDAY
    assert dispatch.due_at == MONDAY + timedelta(hours=hours)


def test_r25_a_dispatch_stops_the_dispatch_clock_and_starts_the_response_clock(
    cast: Cast,
) -> None:
    with time_machine.travel(MONDAY, tick=False):
        case = submitted(cast, urgency="urgent")
    with time_machine.travel(MONDAY + timedelta(minutes=30), tick=False):
        response = act(
            client_for(cast.dispatcher), case.number, "dispatch", unit_id=cast.department.pk
        )
        assert response.status_code == 200, response.content
        clocks = {c["name"]: c for c in response.json()["clocks"]}
    assert clocks["dispatch"]["state"] == "met"
    assert clocks["response"]["state"] == "running"
    assert clocks["response"]["unit"] == "榕城区住房和城乡建设局"
    assert clock(case, "response").due_at == MONDAY + timedelta(minutes=150)  # 2 hours
    assert clock(case, "feedback").due_at == MONDAY + timedelta(minutes=30, hours=24)


def test_r25_the_dispatcher_may_raise_the_urgency_when_dispatching(cast: Cast) -> None:
    with time_machine.travel(MONDAY, tick=False):
        case = dispatched(cast, urgency="critical")
    assert case.urgency == "critical"
    assert clock(case, "feedback").due_at == MONDAY + timedelta(hours=2)


def test_r25_an_unknown_urgency_is_refused(cast: Cast) -> None:
    case = submitted(cast)
    response = act(
        client_for(cast.dispatcher),
        case.number,
        "dispatch",
        unit_id=cast.department.pk,
        urgency="whenever",
    )
    assert response.status_code == 422
    assert response.json()["message"] == "紧急程度无效"
    assert case.clocks.filter(name="feedback").count() == 0
