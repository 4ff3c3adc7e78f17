"""Background work of the case engine: the deadline sweep, every minute (issue 3, item 6)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from shegong.cases.sweep import do_sweep_clocks


@db_periodic_task(crontab())  # type: ignore[untyped-decorator]
@lock_task("sweep-clocks")  # type: ignore[untyped-decorator]
def sweep_clocks() -> None:
    """Announce clocks entering due soon or overdue (`cases.sweep`). The lock keeps two workers
    from sweeping at once: a worker that finds it held skips this minute."""
    do_sweep_clocks()
