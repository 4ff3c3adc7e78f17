"""The migration seeds 2004–2026 from chinesecalendar, with Chinese names (R21, R52)."""

from __future__ import annotations

from datetime import date

import pytest

from shegong.workdays.models import CalendarDay, CalendarYear, DayKind

pytestmark = pytest.mark.django_db


def test_the_seed_covers_2004_through_2026_and_nothing_else() -> None:
    years = set(CalendarYear.objects.values_list("year", flat=True))
    assert years == set(range(2004, 2027))


def test_the_seeded_days_carry_chinese_names() -> None:
    names = set(CalendarDay.objects.values_list("name", flat=True))
    assert names == {
        "元旦",
        "春节",
        "清明节",
        "劳动节",
        "端午节",
        "中秋节",
        "国庆节",
        "抗战胜利纪念日",
    }


def test_the_2026_national_day_block_and_its_make_up_workdays_are_seeded() -> None:
    national_day = CalendarDay.objects.filter(name="国庆节", date__year=2026)
    holidays = national_day.filter(kind=DayKind.HOLIDAY).values_list("date", flat=True)
    workdays = national_day.filter(kind=DayKind.WORKDAY).values_list("date", flat=True)
    assert list(holidays) == [date(2026, 10, d) for d in range(1, 8)]
    assert list(workdays) == [date(2026, 9, 20), date(2026, 10, 10)]
