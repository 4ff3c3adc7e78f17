"""Deadline arithmetic as pure functions: calendar days, working days and hours (R21, R52).

R21 (民法典 第201、203条): the trigger day is not counted, so counting starts on the day after
the Asia/Shanghai date of the start; a period ends at 24:00 of its last day; a calendar-day
period whose last day is a rest day ends on the next working day instead. Only periods written
as working days (工作日) skip non-working days while counting.

R52: the holiday table covers only the years it was loaded for. A year outside it falls back to
Monday–Friday and every result that touched such a year is marked provisional; nothing raises.

The calendar is any object with `covers`, `is_holiday` and `is_makeup_workday`, so this module
needs no database; `shegong.workdays.queries.calendar()` supplies the table-backed one.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal, Protocol
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
ONE_DAY = timedelta(days=1)

Policy = Literal["broad", "narrow"]
POLICIES: tuple[Policy, ...] = ("broad", "narrow")


class Calendar(Protocol):
    """What deadline arithmetic needs to know about a year's holidays and make-up workdays."""

    def covers(self, year: int) -> bool: ...

    def is_holiday(self, d: date) -> bool: ...

    def is_makeup_workday(self, d: date) -> bool: ...


@dataclass(frozen=True)
class TableCalendar:
    """An in-memory calendar: the covered years, their holidays and their make-up workdays.

    Days outside the covered years are ignored, so a stray row can never change a result for a
    year that falls back to Monday–Friday (R52).
    """

    years: frozenset[int] = field(default_factory=frozenset)
    holidays: frozenset[date] = field(default_factory=frozenset)
    makeup_workdays: frozenset[date] = field(default_factory=frozenset)

    def covers(self, year: int) -> bool:
        return year in self.years

    def is_holiday(self, d: date) -> bool:
        return d.year in self.years and d in self.holidays

    def is_makeup_workday(self, d: date) -> bool:
        return d.year in self.years and d in self.makeup_workdays


@dataclass(frozen=True)
class Deadline:
    """A computed deadline.

    `due` is the aware moment the period ends (for day periods 24:00 of `last_day`, i.e. 00:00 of
    the next day, Asia/Shanghai); `provisional` is True when a year the computation touched is
    missing from the holiday table (R52).
    """

    due: datetime
    last_day: date
    provisional: bool


def is_working_day(d: date, cal: Calendar) -> bool:
    """A make-up workday, or a weekday that is not a holiday; Monday–Friday outside the table."""
    if not cal.covers(d.year):
        return d.weekday() < 5
    if cal.is_makeup_workday(d):
        return True
    return d.weekday() < 5 and not cal.is_holiday(d)


def is_rest_day(d: date, cal: Calendar, policy: Policy = "broad") -> bool:
    """R21: whether a period's last day on `d` must move to the next working day.

    "broad" treats every non-working day (weekend or holiday) as a rest day; "narrow" moves only
    a day inside a State Council holiday block, which exists only for covered years.
    """
    if policy == "narrow":
        return cal.covers(d.year) and cal.is_holiday(d)
    return not is_working_day(d, cal)


def add_calendar_days(
    start: datetime, days: int, cal: Calendar, *, policy: str = "broad"
) -> Deadline:
    """R21: `days` calendar days after the trigger day; a last day on a rest day moves on."""
    trigger = _trigger_day(start)
    _check_amount(days, "天数")
    rule = _check_policy(policy)
    last = trigger + timedelta(days=days)
    if is_rest_day(last, cal, rule):
        # Under either policy the period then ends on a working day, never on the weekend
        # that may follow a holiday block.
        last = next_working_day(last, cal)
    return _day_deadline(last, cal, trigger)


def add_working_days(start: datetime, days: int, cal: Calendar) -> Deadline:
    """R21: the `days`-th working day after the trigger day; non-working days are not counted."""
    trigger = _trigger_day(start)
    _check_amount(days, "工作日数")
    last = trigger
    for _ in range(days):
        last = next_working_day(last, cal)
    return _day_deadline(last, cal, trigger)


def add_hours(start: datetime, hours: int | float) -> Deadline:
    """Plain elapsed hours (e.g. R25's 1h/2h/24h tiers): no day counting and never provisional."""
    _require_aware(start)
    _check_amount(hours, "小时数")
    # Add in UTC: adding to a wall-clock time in a zone with daylight saving is not elapsed time.
    due = (start.astimezone(UTC) + timedelta(hours=hours)).astimezone(SHANGHAI)
    return Deadline(due=due, last_day=due.date(), provisional=False)


def next_working_day(d: date, cal: Calendar) -> date:
    """The first working day strictly after `d`."""
    d += ONE_DAY
    while not is_working_day(d, cal):
        d += ONE_DAY
    return d


def end_of_day(d: date) -> datetime:
    """24:00 of `d` in Asia/Shanghai, written as 00:00 of the following day."""
    return datetime.combine(d + ONE_DAY, time(0), tzinfo=SHANGHAI)


def uncovered_years(years: Iterable[int], cal: Calendar) -> list[int]:
    """The years among `years` that the calendar does not cover (R52)."""
    return [year for year in years if not cal.covers(year)]


def _day_deadline(last: date, cal: Calendar, trigger: date) -> Deadline:
    # Every day from the first counted day to the last day was (or could have been) looked up,
    # so any of their years missing from the table makes the result provisional (R52).
    first = min(trigger + ONE_DAY, last)
    missing = uncovered_years(range(first.year, last.year + 1), cal)
    return Deadline(due=end_of_day(last), last_day=last, provisional=bool(missing))


def _trigger_day(start: datetime) -> date:
    _require_aware(start)
    return start.astimezone(SHANGHAI).date()


def _require_aware(start: datetime) -> None:
    if start.tzinfo is None or start.utcoffset() is None:
        raise ValueError("起算时间必须带时区(不接受无时区的时间)")


def _check_amount(amount: float, what: str) -> None:
    if isinstance(amount, float) and not math.isfinite(amount):
        raise ValueError(f"{what}必须是有限的数值")
    if amount < 0:
        raise ValueError(f"{what}不能为负数")


def _check_policy(policy: str) -> Policy:
    for rule in POLICIES:
        if policy == rule:
            return rule
    raise ValueError(f"未知的休息日顺延规则：{policy}(应为 broad 或 narrow)")
