"""R30: 响应率, 解决率, 满意率 and the weighted score, checked against hand-computed figures."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.test import override_settings

from shegong.appeals.rates import RateRow, rates_for
from shegong.appeals.tests.rates_steps import HOUR, at, handled, rate, reply
from shegong.conftest import Cast

OCTOBER = date(2026, 10, 1)
LATER = at("2026-11-20 09:00")  # long after every clock of October has run out


def department_row(cast: Cast, *, now: datetime) -> RateRow:
    """The October row of 榕城区住建局 as the county's dispatcher sees it at `now`."""
    rows = rates_for(month=OCTOBER, scope_code=cast.dispatcher.scope_code, group="unit", now=now)
    [row] = [r for r in rows if r.key == str(cast.department.pk)]
    return row


def four_rated_appeals(cast: Cast) -> None:
    """满意+已解决 twice, 基本满意+已解决 once, 不满意+未解决 once, all accepted in time."""
    for day, rating, resolved in [
        (3, "satisfied", True),
        (4, "satisfied", True),
        (5, "partly", True),
        (6, "unsatisfied", False),
    ]:
        handled(cast, dispatched=at(f"2026-10-{day:02d} 10:00"), rating=rating, resolved=resolved)


def test_r30_partly_satisfied_counts_nine_tenths_and_the_score_weighs_10_50_40(cast: Cast) -> None:
    four_rated_appeals(cast)
    row = department_row(cast, now=LATER)
    assert (row.dispatched, row.rated, row.satisfied, row.partly, row.unsatisfied) == (
        4,
        4,
        2,
        1,
        1,
    )
    assert row.response_rate == 1.0
    assert row.resolution_rate == 0.75
    assert row.satisfaction_rate == pytest.approx((2 + 0.9) / 4)  # 0.725
    assert row.score == pytest.approx(10 * 1.0 + 50 * 0.75 + 40 * 0.725)  # 76.5
    assert row.rank == 1


@override_settings(APPEAL_RATE_WEIGHTS=(20, 30, 50), APPEAL_PARTLY_SATISFIED_WEIGHT=0.5)
def test_r30_configured_weights_change_the_score_and_the_satisfaction_rate(cast: Cast) -> None:
    four_rated_appeals(cast)
    row = department_row(cast, now=LATER)
    assert row.satisfaction_rate == pytest.approx((2 + 0.5) / 4)
    assert row.score == pytest.approx(20 * 1.0 + 30 * 0.75 + 50 * 0.625)  # 73.75


def test_r30_an_order_not_accepted_counts_late_only_once_its_response_time_is_up(
    cast: Cast,
) -> None:
    handled(cast, dispatched=at("2026-10-08 10:00"), accepted_after=HOUR, replied_after=None)
    handled(cast, dispatched=at("2026-10-09 10:00"), accepted_after=3 * HOUR, replied_after=None)
    handled(cast, dispatched=at("2026-10-10 10:00"), accepted_after=None)
    handled(cast, dispatched=at("2026-10-31 23:00"), accepted_after=None)
    # Half past midnight the last order is still inside its 2-hour response window: not judged.
    row = department_row(cast, now=at("2026-11-01 00:30"))
    assert (row.dispatched, row.response_due, row.on_time) == (4, 3, 1)
    assert row.response_rate == pytest.approx(1 / 3)
    # At 01:30 its window has closed without acceptance: it now counts as not on time.
    row = department_row(cast, now=at("2026-11-01 01:30"))
    assert (row.response_due, row.on_time) == (4, 1)
    assert row.response_rate == 0.25


def test_r30_without_a_rated_appeal_there_is_no_resolution_satisfaction_or_score(
    cast: Cast,
) -> None:
    handled(cast, dispatched=at("2026-10-08 10:00"))
    row = department_row(cast, now=LATER)
    assert row.response_rate == 1.0
    assert (row.resolution_rate, row.satisfaction_rate, row.score, row.rank) == (
        None,
        None,
        None,
        None,
    )


def test_r30_a_late_reply_and_an_unanswered_order_past_its_limit_are_overdue(cast: Cast) -> None:
    handled(cast, dispatched=at("2026-10-08 10:00"), replied_after=5 * HOUR)
    handled(cast, dispatched=at("2026-10-09 10:00"), replied_after=30 * HOUR)  # limit 24 h
    handled(cast, dispatched=at("2026-10-10 10:00"), replied_after=None)
    assert department_row(cast, now=at("2026-10-10 12:00")).overdue == 1
    assert department_row(cast, now=at("2026-10-11 12:00")).overdue == 2


def test_r30_a_reopened_appeal_counts_once_with_its_last_rating(cast: Cast) -> None:
    case = handled(cast, dispatched=at("2026-10-08 10:00"), rating="unsatisfied", resolved=False)
    assert department_row(cast, now=LATER).unsatisfied == 1
    case = reply(cast, case, at("2026-10-09 10:00"))
    rate(cast, case, at("2026-10-09 12:00"), "satisfied", resolved=True)
    row = department_row(cast, now=LATER)
    assert (row.rated, row.satisfied, row.unsatisfied, row.resolved) == (1, 1, 0, 1)


def test_r30_equal_scores_share_a_rank_and_groups_without_a_score_come_last(cast: Cast) -> None:
    handled(cast, dispatched=at("2026-10-08 10:00"), rating="satisfied")
    handled(cast, dispatched=at("2026-10-08 11:00"), unit=cast.district, rating="satisfied")
    handled(cast, dispatched=at("2026-10-08 12:00"), unit=cast.township_unit, rating="partly")
    handled(cast, dispatched=at("2026-10-09 12:00"), unit=cast.county_unit, accepted_after=None)
    rows = rates_for(month=OCTOBER, scope_code=cast.dispatcher.scope_code, group="unit", now=LATER)
    assert [(r.name, r.rank) for r in rows] == [
        ("榕城区人民政府", 1),
        ("榕城区住房和城乡建设局", 1),
        ("榕华街道办事处", 3),
        ("榕城区委社会工作部", None),
    ]
