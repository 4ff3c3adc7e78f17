"""Properties of the pure deadline arithmetic (R21, R52), against an in-memory calendar.

The calendar holds chinesecalendar's real 2004–2026 schedule, so the properties are checked
across real holiday blocks and make-up workdays as well as across uncovered years.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from chinese_calendar.constants import holidays, workdays
from hypothesis import given, settings
from hypothesis import strategies as st

from shegong.lib.workdays import (
    SHANGHAI,
    TableCalendar,
    add_calendar_days,
    add_hours,
    add_working_days,
    is_rest_day,
    is_working_day,
)

CAL = TableCalendar(
    years=frozenset(range(2004, 2027)),
    holidays=frozenset(holidays),
    makeup_workdays=frozenset(workdays),
)
EMPTY = TableCalendar()

PROPERTY = settings(max_examples=200, deadline=None, database=None)
ZONES = st.sampled_from([SHANGHAI, ZoneInfo("UTC"), ZoneInfo("America/New_York")])
starts = st.datetimes(
    min_value=datetime(1900, 1, 2), max_value=datetime(2200, 11, 30), timezones=ZONES
)
near_table = st.datetimes(
    min_value=datetime(2003, 6, 1), max_value=datetime(2027, 6, 30), timezones=ZONES
)
day_counts = st.integers(min_value=0, max_value=400)
workday_counts = st.integers(min_value=0, max_value=120)
policies = st.sampled_from(["broad", "narrow"])


def local_day(moment: datetime) -> date:
    return moment.astimezone(SHANGHAI).date()


@PROPERTY
@given(start=starts, days=day_counts, policy=policies)
def test_a_calendar_day_deadline_is_always_after_its_start(
    start: datetime, days: int, policy: str
) -> None:
    assert add_calendar_days(start, days, CAL, policy=policy).due > start


@PROPERTY
@given(start=starts, days=workday_counts)
def test_a_working_day_deadline_is_always_after_its_start(start: datetime, days: int) -> None:
    assert add_working_days(start, days, CAL).due > start


@PROPERTY
@given(start=near_table, days=day_counts.filter(lambda n: n > 0))
def test_a_broad_calendar_day_period_ends_on_a_working_day_no_earlier_than_n_days(
    start: datetime, days: int
) -> None:
    result = add_calendar_days(start, days, CAL)
    assert is_working_day(result.last_day, CAL)
    assert result.last_day >= local_day(start) + timedelta(days=days)


@PROPERTY
@given(start=near_table, days=day_counts)
def test_a_calendar_day_period_moves_only_across_rest_days(start: datetime, days: int) -> None:
    # R21: the last day moves only because the day it would have been is a rest day, and it
    # moves to the first day that is not one.
    result = add_calendar_days(start, days, CAL)
    nominal = local_day(start) + timedelta(days=days)
    skipped = [nominal + timedelta(days=i) for i in range((result.last_day - nominal).days)]
    assert all(is_rest_day(day, CAL) for day in skipped)


@PROPERTY
@given(start=near_table, days=day_counts)
def test_the_narrow_policy_never_ends_later_than_the_broad_one(start: datetime, days: int) -> None:
    narrow = add_calendar_days(start, days, CAL, policy="narrow")
    broad = add_calendar_days(start, days, CAL, policy="broad")
    assert local_day(start) + timedelta(days=days) <= narrow.last_day <= broad.last_day


@PROPERTY
@given(start=near_table, days=day_counts)
def test_the_narrow_policy_leaves_a_day_outside_holiday_blocks_where_it_is(
    start: datetime, days: int
) -> None:
    nominal = local_day(start) + timedelta(days=days)
    result = add_calendar_days(start, days, CAL, policy="narrow")
    assert (result.last_day == nominal) == (not CAL.is_holiday(nominal))


@PROPERTY
@given(start=near_table, days=workday_counts.filter(lambda n: n > 0))
def test_a_working_day_period_counts_exactly_n_working_days_and_ends_on_one(
    start: datetime, days: int
) -> None:
    result = add_working_days(start, days, CAL)
    first = local_day(start) + timedelta(days=1)
    span = [first + timedelta(days=i) for i in range((result.last_day - first).days + 1)]
    assert is_working_day(result.last_day, CAL)
    assert sum(is_working_day(day, CAL) for day in span) == days


@PROPERTY
@given(start=near_table, days=day_counts)
def test_a_last_day_moved_under_the_narrow_policy_lands_on_a_working_day(
    start: datetime, days: int
) -> None:
    nominal = local_day(start) + timedelta(days=days)
    result = add_calendar_days(start, days, CAL, policy="narrow")
    assert result.last_day == nominal or is_working_day(result.last_day, CAL)


@PROPERTY
@given(start=near_table, days=day_counts, policy=policies)
def test_a_longer_calendar_day_period_never_ends_earlier(
    start: datetime, days: int, policy: str
) -> None:
    shorter = add_calendar_days(start, days, CAL, policy=policy)
    assert add_calendar_days(start, days + 1, CAL, policy=policy).due >= shorter.due


@PROPERTY
@given(start=near_table, days=workday_counts)
def test_a_longer_working_day_period_ends_strictly_later(start: datetime, days: int) -> None:
    shorter = add_working_days(start, days, CAL)
    assert add_working_days(start, days + 1, CAL).due > shorter.due


@PROPERTY
@given(start=near_table, days=workday_counts.filter(lambda n: n > 0))
def test_a_working_day_period_never_ends_before_the_same_number_of_calendar_days(
    start: datetime, days: int
) -> None:
    calendar_days = add_calendar_days(start, days, CAL, policy="narrow")
    assert add_working_days(start, days, CAL).last_day >= calendar_days.last_day


@PROPERTY
@given(start=starts, days=day_counts)
def test_every_day_period_is_due_at_midnight_shanghai_after_its_last_day(
    start: datetime, days: int
) -> None:
    result = add_working_days(start, days // 4, CAL)
    assert result.due.tzinfo == SHANGHAI
    assert result.due.time().isoformat() == "00:00:00"
    assert result.due.date() == result.last_day + timedelta(days=1)


@PROPERTY
@given(start=starts, days=day_counts, policy=policies)
def test_uncovered_years_fall_back_to_weekdays_and_are_provisional_without_raising(
    start: datetime, days: int, policy: str
) -> None:
    # R52: with no year in the table, nothing raises; every result is provisional, and the
    # broad policy still moves a last day off a weekend.
    by_days = add_calendar_days(start, days, EMPTY, policy=policy)
    by_workdays = add_working_days(start, days // 4, EMPTY)
    assert by_days.provisional
    assert by_workdays.provisional
    assert policy == "narrow" or by_days.last_day.weekday() < 5


@PROPERTY
@given(start=near_table, days=day_counts)
def test_a_result_is_provisional_exactly_when_it_reaches_outside_2004_to_2026(
    start: datetime, days: int
) -> None:
    result = add_calendar_days(start, days, CAL)
    first = min(local_day(start) + timedelta(days=1), result.last_day)
    outside = first.year < 2004 or result.last_day.year > 2026
    assert result.provisional == outside


@PROPERTY
@given(start=starts, hours=st.integers(min_value=0, max_value=24 * 400))
def test_an_hour_deadline_is_plain_elapsed_time_and_never_provisional(
    start: datetime, hours: int
) -> None:
    result = add_hours(start, hours)
    # Compared in UTC: Python subtracts two times of the same zone by wall clock.
    assert result.due.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=hours)
    assert result.last_day == local_day(result.due)
    assert not result.provisional


@PROPERTY
@given(start=starts)
def test_the_trigger_day_is_not_counted_whatever_the_time_of_day(start: datetime) -> None:
    # R21: one calendar day from any moment of a day ends at 24:00 of the next day at the
    # earliest, in Shanghai's calendar.
    result = add_calendar_days(start, 1, EMPTY, policy="narrow")
    assert result.last_day == local_day(start) + timedelta(days=1)


def test_it_rejects_a_naive_start_in_chinese() -> None:
    with pytest.raises(ValueError, match="时区"):
        add_calendar_days(datetime(2026, 1, 5, 9), 3, CAL)


def test_it_rejects_negative_amounts_in_chinese() -> None:
    start = datetime(2026, 1, 5, 9, tzinfo=SHANGHAI)
    with pytest.raises(ValueError, match="不能为负数"):
        add_calendar_days(start, -1, CAL)
    with pytest.raises(ValueError, match="不能为负数"):
        add_working_days(start, -1, CAL)
    with pytest.raises(ValueError, match="不能为负数"):
        add_hours(start, -0.5)


def test_it_rejects_an_unknown_policy_and_non_finite_hours() -> None:
    start = datetime(2026, 1, 5, 9, tzinfo=SHANGHAI)
    with pytest.raises(ValueError, match="顺延规则"):
        add_calendar_days(start, 3, CAL, policy="lenient")
    with pytest.raises(ValueError, match="有限"):
        add_hours(start, float("nan"))


def test_the_narrow_policy_moves_a_holiday_friday_past_the_following_weekend() -> None:
    # 2015-05-01 (Fri) was the whole Labour Day holiday; the next working day is Monday 5/4,
    # not the ordinary Saturday after it.
    result = add_calendar_days(datetime(2015, 4, 30, 9, tzinfo=SHANGHAI), 1, CAL, policy="narrow")
    assert result.last_day == date(2015, 5, 4)
