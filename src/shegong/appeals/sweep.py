"""What the deadline sweep does for 接诉即办 beyond announcing a clock (R29)."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings

from shegong.appeals.models import AppealStatus
from shegong.appeals.procedure import APPEALS
from shegong.audit.actions import record
from shegong.cases import actions as engine
from shegong.cases.models import Clock
from shegong.cases.queries import dispatchers_for
from shegong.cases.sweep import on_overdue


@on_overdue(APPEALS.name, "feedback")
def schedule_follow_up(clock: Clock, now: datetime) -> bool:
    """R29: when the feedback limit expires while the appeal is still 办理中 and no follow-up
    clock runs, start the follow-up clock and tell the dispatchers to call the resident back
    (`do_follow_up` then accepts a rating without a reply). Audited; returns whether it did."""
    case = engine.lock_case(clock.case)
    if case.status != AppealStatus.PROCESSING or engine.running_clocks(case, "follow_up"):
        return False
    engine.start_clock(
        case,
        "follow_up",
        "回访时限",
        start=now,
        amount=settings.APPEAL_FOLLOW_UP_HOURS,
        unit="hours",
    )
    engine.notify(dispatchers_for(case), case, f"工单 {case.number} 超期未答复，请回访")
    record(actor=None, verb="appeals.follow_up_scheduled", obj=case, payload={"clock": clock.pk})
    return True
