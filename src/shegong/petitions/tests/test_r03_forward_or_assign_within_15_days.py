"""R3: a 信访部门 must 转送 or 交办 a petition within 15 calendar days of receipt (R21 counting).

A letter received on Tuesday 22 September 2026 and entered two days later still counts from the
22nd: day 15 is 7 October, inside the National Day holiday (1–7 October), so the period ends at
24:00 on Thursday 8 October, the next working day.
"""

from __future__ import annotations

from datetime import date

import time_machine

from shegong.cases.models import Case, ClockState
from shegong.conftest import Cast
from shegong.lib.workdays import end_of_day
from shegong.petitions import actions
from shegong.petitions.tests.conftest import Offices
from shegong.petitions.tests.steps import at, clock, register

RECEIVED = at(date(2026, 9, 22), 9)
ENTERED = at(date(2026, 9, 24), 15)
LAST_DAY = date(2026, 10, 8)


def letter(offices: Offices) -> Case:
    with time_machine.travel(ENTERED, tick=False):
        return register(offices.county_clerk, received_at=RECEIVED)


def test_r03_the_office_has_15_days_from_the_day_the_letter_arrived(offices: Offices) -> None:
    case = letter(offices)
    route = clock(case, "route")
    assert route.unit == offices.county_office
    assert route.started_at == RECEIVED  # not the day it was entered
    assert route.due_at == end_of_day(LAST_DAY)


def test_r03_forwarding_on_the_last_day_meets_the_limit(cast: Cast, offices: Offices) -> None:
    case = letter(offices)
    with time_machine.travel(at(LAST_DAY, 23, 30), tick=False):
        actions.do_forward(case, actor=offices.county_clerk, unit=cast.department)
    assert clock(case, "route").state() == ClockState.MET


def test_r03_assigning_the_day_after_is_late(cast: Cast, offices: Offices) -> None:
    case = letter(offices)
    with time_machine.travel(at(date(2026, 10, 9), 9), tick=False):
        actions.do_assign(
            case, actor=offices.county_clerk, unit=cast.department, due_on=date(2026, 10, 30)
        )
    assert clock(case, "route").state() == ClockState.OVERDUE


def test_r03_an_unrouted_petition_shows_overdue_after_24_00(offices: Offices) -> None:
    route = clock(letter(offices), "route")
    assert route.state(at(LAST_DAY, 23, 59)) == ClockState.DUE_SOON
    assert route.state(at(date(2026, 10, 9), 0, 1)) == ClockState.OVERDUE
