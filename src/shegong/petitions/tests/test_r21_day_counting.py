"""R21 on the petition clocks, across the 2026 Mid-autumn and National Day holidays.

The project's table (chinesecalendar seed) has 25–27 September and 1–7 October 2026 as holidays,
and Sunday 20 September and Saturday 10 October as make-up workdays. The trigger day is not
counted (by its Shanghai date); a period ends at 24:00 of its last day; a calendar-day period
whose last day is a rest day ends on the next working day, and a make-up workday is a working
day. Only 工作日 periods (the R5 objection) skip rest days while counting.
"""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.test import override_settings

from shegong.cases.models import Case, ClockState
from shegong.conftest import Cast
from shegong.lib.workdays import end_of_day
from shegong.petitions import actions
from shegong.petitions.tests.conftest import Offices
from shegong.petitions.tests.steps import accepted, at, clock, register
from shegong.workdays.models import CalendarDay, DayKind


def test_r21_the_table_holds_the_2026_schedule(db: None) -> None:
    kinds = dict(
        CalendarDay.objects.filter(date__range=(date(2026, 9, 19), date(2026, 10, 11))).values_list(
            "date", "kind"
        )
    )
    assert kinds[date(2026, 9, 20)] == kinds[date(2026, 10, 10)] == DayKind.WORKDAY
    assert all(kinds[date(2026, 10, d)] == DayKind.HOLIDAY for d in range(1, 8))
    assert all(kinds[date(2026, 9, d)] == DayKind.HOLIDAY for d in (25, 26, 27))


def letter(offices: Offices, received: date, hour: int = 10, minute: int = 0) -> Case:
    """A letter received then and entered on 10 October: the R3 clock counts from receipt."""
    with time_machine.travel(at(date(2026, 10, 10)), tick=False):
        return register(offices.county_clerk, received_at=at(received, hour, minute))


@pytest.mark.parametrize(
    ("received", "last_day"),
    [
        # Day 15 is 1 October; the holiday days were counted, and the period moves past them.
        (date(2026, 9, 16), date(2026, 10, 8)),
        # Day 15 is 7 October, the last holiday.
        (date(2026, 9, 22), date(2026, 10, 8)),
        # Received on a holiday, which is the trigger day and not counted; day 15 is the
        # make-up Saturday 10 October, a working day, so it stays.
        (date(2026, 9, 25), date(2026, 10, 10)),
        # Day 15 is Sunday 11 October, an ordinary weekend: on to Monday.
        (date(2026, 9, 26), date(2026, 10, 12)),
    ],
)
def test_r21_the_15_day_route_clock_across_national_day(
    offices: Offices, received: date, last_day: date
) -> None:
    assert clock(letter(offices, received), "route").due_at == end_of_day(last_day)


def test_r21_the_trigger_day_is_the_shanghai_date(offices: Offices) -> None:
    # 00:30 on 25 September in Shanghai is still 24 September in UTC.
    case = letter(offices, date(2026, 9, 25), hour=0, minute=30)
    assert clock(case, "route").due_at == end_of_day(date(2026, 10, 10))


def test_r21_the_period_ends_at_24_00_of_its_last_day(cast: Cast, offices: Offices) -> None:
    case = letter(offices, date(2026, 9, 22))
    route = clock(case, "route")
    assert route.state(at(date(2026, 10, 8), 23, 59)) != ClockState.OVERDUE
    assert route.state(at(date(2026, 10, 9), 0, 1)) == ClockState.OVERDUE
    with time_machine.travel(at(date(2026, 10, 8), 23, 59), tick=False):
        actions.do_forward(case, actor=offices.county_clerk, unit=cast.department)
    assert clock(case, "route").state() == ClockState.MET


def test_r21_the_60_day_handling_clock_lands_after_the_holiday(
    cast: Cast, offices: Offices
) -> None:
    # Accepted on Tuesday 4 August: day 60 is Saturday 3 October, inside the holiday.
    with time_machine.travel(at(date(2026, 8, 4)), tick=False):
        case = accepted(cast, offices)
    assert clock(case, "handling").due_at == end_of_day(date(2026, 10, 8))


def test_r21_an_extension_counts_on_from_the_moved_last_day(cast: Cast, offices: Offices) -> None:
    with time_machine.travel(at(date(2026, 8, 4)), tick=False):
        case = accepted(cast, offices)
    with time_machine.travel(at(date(2026, 9, 28)), tick=False):
        actions.do_extend(
            case, actor=cast.handler, days=30, reason="需要鉴定", approver=offices.dept_leader
        )
    # 8 October + 30 days is Saturday 7 November, an ordinary weekend: on to Monday 9 November.
    assert clock(case, "handling").due_at == end_of_day(date(2026, 11, 9))


@pytest.mark.parametrize(
    ("forwarded", "fifth_working_day"),
    [
        # 8, 9, 10 (make-up Saturday), 12, 13 October.
        (date(2026, 9, 30), date(2026, 10, 13)),
        # Saturday 19 September is skipped, make-up Sunday 20 September counts: 20–24.
        (date(2026, 9, 18), date(2026, 9, 24)),
    ],
)
def test_r21_the_5_working_day_objection_skips_rest_days_and_counts_make_up_days(
    cast: Cast, offices: Offices, forwarded: date, fifth_working_day: date
) -> None:
    with time_machine.travel(at(forwarded, 15), tick=False):
        case = register(offices.county_clerk)
        actions.do_forward(case, actor=offices.county_clerk, unit=cast.department)
    assert clock(case, "objection").due_at == end_of_day(fifth_working_day)


@override_settings(DEADLINE_REST_DAY_POLICY="narrow")
def test_r21_the_narrow_policy_moves_only_out_of_a_holiday_block(offices: Offices) -> None:
    # Sunday 11 October is an ordinary weekend, not a State Council holiday: it stays.
    assert clock(letter(offices, date(2026, 9, 26)), "route").due_at == end_of_day(
        date(2026, 10, 11)
    )
    assert clock(letter(offices, date(2026, 9, 22)), "route").due_at == end_of_day(
        date(2026, 10, 8)
    )
