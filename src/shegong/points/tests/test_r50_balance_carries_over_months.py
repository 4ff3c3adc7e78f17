from __future__ import annotations

import datetime as dt

import time_machine

from shegong.conftest import VILLAGE, Cast
from shegong.points.actions import do_redeem
from shegong.points.models import EarningRule, Good, Household
from shegong.points.queries import balance_of, monthly_statement
from shegong.points.tests.conftest import assert_balanced, credit

MAY = dt.datetime(2026, 5, 3, 10, 0, tzinfo=dt.UTC)
JUNE = dt.datetime(2026, 6, 15, 10, 0, tzinfo=dt.UTC)
JULY = dt.datetime(2026, 7, 20, 10, 0, tzinfo=dt.UTC)


def test_r50_points_earned_in_may_are_still_there_in_july(
    cast: Cast, household: Household, rule: EarningRule, good: Good
) -> None:
    with time_machine.travel(MAY, tick=False):
        credit(cast, household, rule, deeds=4)  # posted 5 days, credited on 8 May
    with time_machine.travel(JULY, tick=False):
        do_redeem(household, actor=cast.village_cadre, good=good)
    assert_balanced()
    assert balance_of(household, until=dt.date(2026, 5, 31)) == 40
    assert balance_of(household, until=dt.date(2026, 6, 30)) == 40
    assert balance_of(household) == 10


def test_the_monthly_statement_shows_opening_earned_redeemed_and_closing(
    cast: Cast, household: Household, rule: EarningRule, good: Good
) -> None:
    with time_machine.travel(MAY, tick=False):
        credit(cast, household, rule, deeds=4)
    with time_machine.travel(JUNE, tick=False):
        credit(cast, household, rule, deeds=3)
        do_redeem(household, actor=cast.village_cadre, good=good)
    with time_machine.travel(JULY, tick=False):
        do_redeem(household, actor=cast.village_cadre, good=good)
    assert_balanced()
    may, june, july = (monthly_statement(VILLAGE, 2026, m)[0] for m in (5, 6, 7))
    assert (may.opening, may.earned, may.redeemed, may.closing) == (0, 40, 0, 40)
    assert (june.opening, june.earned, june.redeemed, june.closing) == (40, 30, 30, 40)
    assert (july.opening, july.earned, july.redeemed, july.closing) == (40, 0, 30, 10)
    august = monthly_statement(VILLAGE, 2026, 8)[0]
    assert august.opening == august.closing == balance_of(household) == 10
