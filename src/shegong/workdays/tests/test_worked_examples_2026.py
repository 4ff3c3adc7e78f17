"""Worked examples across the 2026 holidays, against the table seeded from chinesecalendar.

Each example is also written out in docs/workdays.md (same number). 2026 per the State Council:
元旦 1/1–1/3 (上班 1/4 周日), 春节 2/15–2/23 (上班 2/14、2/28 周六), 清明 4/4–4/6,
劳动节 5/1–5/5 (上班 5/9 周六), 端午 6/19–6/21, 中秋 9/25–9/27,
国庆 10/1–10/7 (上班 9/20 周日、10/10 周六).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.test import override_settings

from shegong.lib.workdays import SHANGHAI
from shegong.workdays.queries import deadline

pytestmark = pytest.mark.django_db


def at(month: int, day: int, hour: int = 9, minute: int = 0, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def midnight_after(d: date) -> datetime:
    """24:00 of `d`, the moment a day period ends (R21)."""
    return datetime.combine(d + timedelta(days=1), time(0), tzinfo=SHANGHAI)


def test_1_sixty_days_ending_in_national_day_move_to_october_8() -> None:
    # 8/3 + 60 days = 10/2, inside 国庆 10/1–10/7; the next working day is Thursday 10/8.
    result = deadline(at(8, 3, 10), 60, "days")
    assert result.last_day == date(2026, 10, 8)
    assert result.due == midnight_after(date(2026, 10, 8))
    assert not result.provisional


@override_settings(DEADLINE_REST_DAY_POLICY="narrow")
def test_1_the_national_day_move_holds_under_the_narrow_policy_too() -> None:
    assert deadline(at(8, 3, 10), 60, "days").last_day == date(2026, 10, 8)


def test_2_fifteen_days_ending_in_the_spring_festival_move_past_the_whole_block() -> None:
    # 2/3 + 15 days = 2/18, inside 春节 2/15–2/23 (a Monday holiday ends it); so Tuesday 2/24.
    result = deadline(at(2, 3), 15, "days")
    assert result.last_day == date(2026, 2, 24)


def test_3_five_working_days_skip_an_ordinary_weekend() -> None:
    # Thu 3/12 → Fri 3/13 (1), Mon 3/16 (2), Tue (3), Wed (4), Thu 3/19 (5).
    result = deadline(at(3, 12, 15), 5, "workdays")
    assert result.last_day == date(2026, 3, 19)
    assert result.due == midnight_after(date(2026, 3, 19))


def test_4_five_working_days_across_national_day_count_the_make_up_saturday() -> None:
    # Tue 9/29 → Wed 9/30 (1), 10/1–10/7 holiday, Thu 10/8 (2), Fri 10/9 (3),
    # Sat 10/10 make-up workday (4), Sun 10/11 rest, Mon 10/12 (5).
    assert deadline(at(9, 29), 5, "workdays").last_day == date(2026, 10, 12)


def test_5_a_period_ending_on_a_make_up_saturday_stays_there() -> None:
    # 9/10 + 30 days = Sat 10/10, a make-up workday, so it is a working day and nothing moves.
    assert deadline(at(9, 10), 30, "days").last_day == date(2026, 10, 10)


def test_6_thirty_days_ending_on_an_ordinary_sunday_move_to_monday_under_broad() -> None:
    # 2/27 + 30 days = Sun 3/29, an ordinary weekend: a rest day under the broad policy.
    assert deadline(at(2, 27), 30, "days").last_day == date(2026, 3, 30)


@override_settings(DEADLINE_REST_DAY_POLICY="narrow")
def test_6_thirty_days_ending_on_an_ordinary_sunday_stay_under_narrow() -> None:
    # Under the narrow policy only a State Council holiday moves the last day.
    assert deadline(at(2, 27), 30, "days").last_day == date(2026, 3, 29)


def test_7_twenty_four_hours_across_midnight_are_plain_elapsed_time() -> None:
    # Hours ignore holidays and the trigger-day rule: 10/1 21:30 + 24h = 10/2 21:30.
    result = deadline(at(10, 1, 21, 30), 24, "hours")
    assert result.due == at(10, 2, 21, 30)
    assert result.last_day == date(2026, 10, 2)
    assert not result.provisional


def test_8_a_period_reaching_into_2027_falls_back_to_weekdays_and_is_provisional() -> None:
    # 2027 is not in the table (R52): 1/1/2027 (a Friday) counts as a working day for now,
    # although it will surely be 元旦; the result is marked provisional.
    result = deadline(at(12, 29), 5, "workdays")
    assert result.last_day == date(2027, 1, 5)
    assert result.provisional


def test_8_thirty_days_into_2027_are_provisional() -> None:
    result = deadline(at(12, 15), 30, "days")
    assert result.last_day == date(2027, 1, 14)
    assert result.provisional


def test_9_the_spring_festival_make_up_saturday_counts_as_a_working_day() -> None:
    # Wed 2/11 → Thu 2/12 (1), Fri 2/13 (2), Sat 2/14 make-up workday (3).
    assert deadline(at(2, 11), 3, "workdays").last_day == date(2026, 2, 14)


def test_10_ten_working_days_across_the_spring_festival() -> None:
    # Thu 2/12 → 2/13 (1), Sat 2/14 (2), 2/15–2/23 holiday, 2/24 (3), 2/25 (4), 2/26 (5),
    # 2/27 (6), Sat 2/28 make-up (7), Mon 3/2 (8), 3/3 (9), Wed 3/4 (10).
    assert deadline(at(2, 12), 10, "workdays").last_day == date(2026, 3, 4)


def test_11_seven_days_ending_in_labour_day_move_to_may_6() -> None:
    # Sun 4/26 + 7 days = Sun 5/3, inside 劳动节 5/1–5/5; so Wednesday 5/6.
    assert deadline(at(4, 26), 7, "days").last_day == date(2026, 5, 6)


def test_12_the_trigger_day_is_the_shanghai_date_of_the_start() -> None:
    # 9/30 17:00 UTC is 10/1 01:00 in Shanghai: the trigger day is 10/1, the first working day
    # after it is Thursday 10/8.
    start = datetime(2026, 9, 30, 17, tzinfo=UTC)
    assert deadline(start, 1, "workdays").last_day == date(2026, 10, 8)


def test_13_three_days_ending_in_qingming_move_to_april_7() -> None:
    # Wed 4/1 + 3 days = Sat 4/4, inside 清明 4/4–4/6; so Tuesday 4/7.
    assert deadline(at(4, 1), 3, "days").last_day == date(2026, 4, 7)


def test_14_one_day_ending_on_new_years_day_moves_to_the_make_up_sunday() -> None:
    # 2025-12-31 + 1 day = 1/1, inside 元旦 1/1–1/3; the next working day is Sunday 1/4, a
    # make-up workday.
    result = deadline(at(12, 31, year=2025), 1, "days")
    assert result.last_day == date(2026, 1, 4)


def test_15_five_days_ending_in_mid_autumn_move_to_monday() -> None:
    # Mon 9/21 + 5 days = Sat 9/26, inside 中秋 9/25–9/27; so Monday 9/28.
    assert deadline(at(9, 21), 5, "days").last_day == date(2026, 9, 28)


def test_16_sixty_days_from_acceptance_late_at_night_still_start_the_next_day() -> None:
    # R11/R21: accepted 8/3 at 23:59 — the trigger day is still 8/3, the deadline the same as
    # example 1.
    assert deadline(at(8, 3, 23, 59), 60, "days").last_day == date(2026, 10, 8)
