"""The sweep reads a bounded batch per run, earliest due first, and the every-minute task takes
a lock so two workers never sweep at once."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine
from huey.contrib.djhuey import HUEY

from shegong.cases.models import Notice
from shegong.cases.sweep import do_sweep_clocks
from shegong.cases.tasks import sweep_clocks
from shegong.cases.tests.steps import submitted
from shegong.conftest import Cast

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY = datetime(2026, 3, 2, 10, 0, tzinfo=SHANGHAI)


def test_a_run_reads_at_most_its_batch_and_the_next_run_takes_the_rest(cast: Cast) -> None:
    for hour in range(3):
        with time_machine.travel(MONDAY + timedelta(hours=hour), tick=False):
            submitted(cast)
    later = MONDAY + timedelta(days=2)
    first = do_sweep_clocks(later, limit=2)
    assert (first.examined, first.overdue, first.full) == (2, 2, True)
    second = do_sweep_clocks(later, limit=2)
    assert (second.examined, second.overdue, second.full) == (1, 1, False)
    assert do_sweep_clocks(later, limit=2).examined == 0


def test_the_task_sweeps_and_skips_while_another_worker_holds_the_lock(cast: Cast) -> None:
    with time_machine.travel(MONDAY - timedelta(days=2), tick=False):
        submitted(cast)  # its dispatch limit ran out long ago
    with HUEY.lock_task("sweep-clocks"):
        sweep_clocks()
    assert not Notice.objects.filter(user=cast.dispatcher).exists()
    sweep_clocks()
    assert Notice.objects.filter(user=cast.dispatcher).count() == 1
