"""A paused clock does not run: the time spent paused is added to its due time (e.g. a hearing,
R13), and it cannot turn overdue while paused."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine

from shegong.cases import actions as engine
from shegong.cases.models import Case, Clock
from shegong.cases.tests.steps import client_for, submitted
from shegong.conftest import Cast

SHANGHAI = ZoneInfo("Asia/Shanghai")
START = datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI)
DUE = START + timedelta(hours=8)


def started(case: Case) -> Clock:
    return engine.start_clock(case, "feedback", "办理反馈时限", start=START, amount=8, unit="hours")


def test_a_paused_clock_does_not_turn_overdue(cast: Cast) -> None:
    clock = engine.pause_clock(started(submitted(cast)), at=START + timedelta(hours=1))
    assert clock.state(DUE + timedelta(days=3)) == "running"


def test_resuming_moves_the_due_time_by_the_pause(cast: Cast) -> None:
    clock = engine.pause_clock(started(submitted(cast)), at=START + timedelta(hours=1))
    engine.resume_clock(clock, at=START + timedelta(hours=4))
    clock.refresh_from_db()
    assert clock.due_at == DUE + timedelta(hours=3)
    assert clock.paused_seconds == 3 * 3600
    assert clock.paused_at is None
    assert clock.state(DUE + timedelta(hours=2)) == "due_soon"
    assert clock.state(DUE + timedelta(hours=3, seconds=1)) == "overdue"


def test_pauses_add_up(cast: Cast) -> None:
    clock = started(submitted(cast))
    for hour in (1, 3):
        engine.pause_clock(clock, at=START + timedelta(hours=hour))
        engine.resume_clock(clock, at=START + timedelta(hours=hour + 1))
    assert clock.due_at == DUE + timedelta(hours=2)
    assert clock.paused_seconds == 2 * 3600


def test_a_second_pause_keeps_the_first_start(cast: Cast) -> None:
    clock = engine.pause_clock(started(submitted(cast)), at=START + timedelta(hours=1))
    engine.pause_clock(clock, at=START + timedelta(hours=2))
    assert clock.paused_at == START + timedelta(hours=1)


def test_stopping_a_paused_clock_counts_the_pause(cast: Cast) -> None:
    case = submitted(cast)
    engine.pause_clock(started(case), at=START + timedelta(hours=7))
    # Stopped at 20:00: past the first due time, but 3 paused hours make it due at 20:00.
    (clock,) = engine.stop_clocks(case, "feedback", at=START + timedelta(hours=10))
    assert clock.due_at == DUE + timedelta(hours=3)
    assert clock.state() == "met"


def test_a_stopped_clock_cannot_be_paused(cast: Cast) -> None:
    case = submitted(cast)
    started(case)
    (clock,) = engine.stop_clocks(case, "feedback", at=START + timedelta(hours=1))
    engine.pause_clock(clock, at=START + timedelta(hours=2))
    assert Clock.objects.get(pk=clock.pk).paused_at is None


def test_the_case_api_shows_a_paused_clock(cast: Cast) -> None:
    case = submitted(cast)
    engine.pause_clock(started(case), at=START + timedelta(hours=1))
    with time_machine.travel(DUE + timedelta(hours=1), tick=False):
        shown = client_for(cast.dispatcher).get(f"/api/v1/cases/{case.number}").json()
    feedback = {c["name"]: c for c in shown["clocks"]}["feedback"]
    assert feedback["paused"] is True
    assert feedback["state"] == "running"
