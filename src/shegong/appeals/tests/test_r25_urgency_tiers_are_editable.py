"""R25: the default tiers are configurable; an edited tier sets the limit of the next order."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine

from shegong.appeals.models import UrgencyTier
from shegong.cases.tests.steps import clock, dispatched, submitted
from shegong.conftest import Cast

SHANGHAI = ZoneInfo("Asia/Shanghai")
FRIDAY = datetime(2026, 3, 6, 10, 0, tzinfo=SHANGHAI)


def test_r25_the_seeded_tiers_are_the_defaults(db: None) -> None:
    rows = UrgencyTier.objects.values_list(
        "code", "dispatch_hours", "feedback_amount", "feedback_unit"
    )
    assert list(rows) == [
        ("critical", 1, 2, "hours"),
        ("urgent", 2, 24, "hours"),
        ("normal", 24, 7, "days"),
        ("complex", 24, 15, "days"),
    ]


def test_r25_an_edited_tier_gives_the_next_order_the_new_limit(cast: Cast) -> None:
    with time_machine.travel(FRIDAY, tick=False):
        before = dispatched(cast, urgency="normal")
        UrgencyTier.objects.filter(code="normal").update(
            feedback_amount=3, feedback_unit="workdays", dispatch_hours=4
        )
        after = dispatched(cast, urgency="normal")

    # 3 working days after Friday 6 March: Monday 9, Tuesday 10, Wednesday 11 March.
    assert clock(after, "feedback").due_at == datetime(2026, 3, 12, 0, 0, tzinfo=SHANGHAI)
    assert clock(after, "dispatch").due_at == FRIDAY + timedelta(hours=4)
    # An order already dispatched keeps the limit it was given.
    assert clock(before, "feedback").due_at == datetime(2026, 3, 14, 0, 0, tzinfo=SHANGHAI)


def test_r25_a_new_tier_can_be_added(cast: Cast) -> None:
    UrgencyTier.objects.create(
        code="flood",
        name="汛期特急",
        dispatch_hours=1,
        response_hours=1,
        feedback_amount=6,
        feedback_unit="hours",
        sort=0,
    )
    with time_machine.travel(FRIDAY, tick=False):
        case = submitted(cast, urgency="flood")
    assert case.urgency == "flood"
    assert clock(case, "dispatch").due_at == FRIDAY + timedelta(hours=1)
