"""R29: when an appeal's feedback limit expires while it is still 办理中, the sweep starts the
follow-up clock and tells the dispatchers "超期未答复，请回访"; the centre can then follow up."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine

from shegong.appeals.actions import do_accept, do_follow_up, do_reply
from shegong.audit.models import AuditEntry
from shegong.cases.actions import running_clocks
from shegong.cases.models import Notice
from shegong.cases.sweep import do_sweep_clocks
from shegong.cases.tests.steps import dispatched, fresh
from shegong.conftest import Cast

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY = datetime(2026, 3, 2, 10, 0, tzinfo=SHANGHAI)
AFTER_LIMIT = datetime(2026, 3, 10, 9, 0, tzinfo=SHANGHAI)  # 一般: due 24:00 on 9 March


def test_r29_an_expired_feedback_limit_schedules_the_follow_up(cast: Cast) -> None:
    with time_machine.travel(MONDAY, tick=False):
        case = do_accept(dispatched(cast), actor=cast.handler)
    report = do_sweep_clocks(AFTER_LIMIT)
    assert report.follow_ups == 1
    (follow_up,) = running_clocks(case, "follow_up")
    assert follow_up.started_at == AFTER_LIMIT
    texts = Notice.objects.filter(user=cast.dispatcher).values_list("text", flat=True)
    assert f"工单 {case.number} 超期未答复，请回访" in texts
    assert AuditEntry.objects.filter(verb="appeals.follow_up_scheduled").count() == 1
    # The centre calls the resident back although the unit never replied.
    with time_machine.travel(AFTER_LIMIT, tick=False):
        do_follow_up(case, actor=cast.dispatcher, rating="unsatisfied", resolved=False)
    assert fresh(case).rating == "unsatisfied"


def test_r29_the_follow_up_is_scheduled_once(cast: Cast) -> None:
    with time_machine.travel(MONDAY, tick=False):
        case = do_accept(dispatched(cast), actor=cast.handler)
    do_sweep_clocks(AFTER_LIMIT)
    assert do_sweep_clocks(AFTER_LIMIT).follow_ups == 0
    assert len(running_clocks(case, "follow_up")) == 1


def test_r29_no_extra_follow_up_for_a_case_that_was_replied_or_never_accepted(
    cast: Cast,
) -> None:
    with time_machine.travel(MONDAY, tick=False):
        replied = do_reply(
            do_accept(dispatched(cast), actor=cast.handler), actor=cast.handler, reply="已修好"
        )
        unaccepted = dispatched(cast)
    report = do_sweep_clocks(AFTER_LIMIT)
    assert report.follow_ups == 0
    assert len(running_clocks(replied, "follow_up")) == 1  # the one the reply started
    assert running_clocks(unaccepted, "follow_up") == []
    assert fresh(unaccepted).status == "dispatched"
