"""An extension moves a clock's due time and is counted (R28 limits how many an order gets)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from shegong.cases import actions as engine
from shegong.cases.models import Clock
from shegong.cases.tests.steps import submitted
from shegong.conftest import Cast

SHANGHAI = ZoneInfo("Asia/Shanghai")
START = datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI)


def test_an_extension_moves_the_due_time_and_is_counted(cast: Cast) -> None:
    case = submitted(cast)
    clock = engine.start_clock(
        case, "feedback", "办理反馈时限", start=START, amount=8, unit="hours"
    )
    engine.extend_clock(clock, by=timedelta(days=2))
    engine.extend_clock(clock, by=timedelta(hours=5))
    clock = Clock.objects.get(pk=clock.pk)
    assert clock.due_at == START + timedelta(days=2, hours=13)
    assert clock.extensions == 2
    assert clock.extended_seconds == (48 + 5) * 3600


def test_an_overdue_clock_extended_runs_again(cast: Cast) -> None:
    case = submitted(cast)
    clock = engine.start_clock(
        case, "feedback", "办理反馈时限", start=START, amount=8, unit="hours"
    )
    clock.notified = "overdue"  # the sweeper announced it
    later = START + timedelta(hours=9)
    assert clock.state(later) == "overdue"
    engine.extend_clock(clock, by=timedelta(days=1))
    assert clock.state(later) == "running"
    # The sweeper will announce the new deadline afresh.
    assert Clock.objects.get(pk=clock.pk).notified == ""
