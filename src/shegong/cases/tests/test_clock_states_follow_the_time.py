"""A clock is running, due soon, overdue, met or stopped, derived from its times (DESIGN: the
case engine; R25's limits are clocks)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from shegong.cases import actions as engine
from shegong.cases.models import Case, Clock
from shegong.cases.tests.steps import client_for, submitted
from shegong.conftest import Cast

SHANGHAI = ZoneInfo("Asia/Shanghai")
START = datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI)


def eight_hour_clock(case: Case) -> Clock:
    return engine.start_clock(case, "feedback", "办理反馈时限", start=START, amount=8, unit="hours")


@pytest.mark.parametrize(
    ("after", "state"),
    [
        (timedelta(0), "running"),
        (timedelta(hours=5, minutes=59), "running"),
        (timedelta(hours=6), "due_soon"),  # the last quarter of the period
        (timedelta(hours=8), "due_soon"),
        (timedelta(hours=8, seconds=1), "overdue"),
    ],
)
def test_a_running_clock_turns_due_soon_then_overdue(
    cast: Cast, after: timedelta, state: str
) -> None:
    clock = eight_hour_clock(submitted(cast))
    with time_machine.travel(START + after, tick=False):
        assert clock.state() == state


def test_due_soon_starts_at_most_one_day_before_a_long_limit(cast: Cast) -> None:
    case = submitted(cast)
    clock = engine.start_clock(
        case, "feedback", "办理反馈时限", start=START, amount=15, unit="days"
    )
    assert clock.state(clock.due_at - timedelta(days=1, seconds=1)) == "running"
    assert clock.state(clock.due_at - timedelta(days=1)) == "due_soon"


def test_a_clock_stopped_in_time_is_met_and_stays_met(cast: Cast) -> None:
    case = submitted(cast)
    clock = eight_hour_clock(case)
    (stopped,) = engine.stop_clocks(case, "feedback", at=START + timedelta(hours=7))
    assert stopped.state() == "met"
    assert stopped.state(START + timedelta(days=30)) == "met"
    assert not Clock.objects.get(pk=clock.pk).is_running


def test_a_clock_stopped_late_stays_overdue(cast: Cast) -> None:
    case = submitted(cast)
    eight_hour_clock(case)
    (stopped,) = engine.stop_clocks(case, "feedback", at=START + timedelta(hours=9))
    assert stopped.state() == "overdue"


def test_a_cancelled_clock_is_stopped(cast: Cast) -> None:
    case = submitted(cast)
    clock = eight_hour_clock(case)
    assert engine.cancel_clocks(case, ["feedback"]) == 1
    clock.refresh_from_db()
    assert clock.state(START + timedelta(days=1)) == "stopped"
    assert engine.running_clocks(case, "feedback") == []


def test_stopping_one_unit_leaves_the_others_running(cast: Cast) -> None:
    case = submitted(cast)
    for unit in (cast.department, cast.township_unit):
        engine.start_clock(
            case, "co_report", "协办反馈时限", start=START, amount=8, unit="hours", org_unit=unit
        )
    engine.stop_clocks(case, "co_report", org_unit=cast.department)
    assert [c.unit for c in engine.running_clocks(case, "co_report")] == [cast.township_unit]


def test_the_case_api_shows_each_clocks_state(cast: Cast) -> None:
    case = submitted(cast)
    eight_hour_clock(case)
    with time_machine.travel(START + timedelta(hours=7), tick=False):
        shown = client_for(cast.dispatcher).get(f"/api/v1/cases/{case.number}").json()
    feedback = {c["name"]: c for c in shown["clocks"]}["feedback"]
    assert feedback["state"] == "due_soon"
    assert feedback["state_label"] == "即将到期"
    assert datetime.fromisoformat(feedback["due_at"]) == START + timedelta(hours=8)
    assert feedback["paused"] is False
