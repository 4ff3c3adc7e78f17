"""Reads of the holiday table, and deadlines computed against it (R21, R52).

`calendar()` keeps the table in memory. Each call costs one small query for the covered years
and their revisions; when that list differs from the one the cached table was built from (a year
imported, edited, added or removed in any process), the table is loaded again.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from django.conf import settings
from django.db.models import QuerySet

from shegong.lib.workdays import (
    Calendar,
    Deadline,
    TableCalendar,
    add_calendar_days,
    add_hours,
    add_working_days,
)
from shegong.workdays.models import CalendarDay, CalendarYear, DayKind

Unit = Literal["days", "workdays", "hours"]
_Stamp = tuple[tuple[int, UUID], ...]

_cached: tuple[_Stamp, TableCalendar] | None = None


def calendar() -> Calendar:
    """The holiday table as a `Calendar`, reloaded whenever any year's revision has changed."""
    global _cached
    stamp = _stamp()
    cached = _cached
    if cached is not None and cached[0] == stamp:
        return cached[1]
    table = _load({year for year, _ in stamp})
    _cached = (stamp, table)
    return table


def deadline(start: datetime, amount: int, unit: Unit) -> Deadline:
    """R21 deadline of `amount` calendar days, working days or hours after `start`.

    Calendar days follow `settings.DEADLINE_REST_DAY_POLICY`; a result that touched a year
    missing from the table is provisional (R52).
    """
    if unit == "days":
        policy = settings.DEADLINE_REST_DAY_POLICY
        return add_calendar_days(start, amount, calendar(), policy=policy)
    if unit == "workdays":
        return add_working_days(start, amount, calendar())
    if unit == "hours":
        return add_hours(start, amount)
    raise ValueError(f"未知的期限单位：{unit}(应为 days、workdays 或 hours)")


def calendar_year(year: int) -> CalendarYear | None:
    return CalendarYear.objects.filter(year=year).first()


def year_days(year: int) -> QuerySet[CalendarDay]:
    return CalendarDay.objects.filter(date__year=year).order_by("date")


def _stamp() -> _Stamp:
    return tuple(CalendarYear.objects.order_by("year").values_list("year", "revision"))


def _load(years: set[int]) -> TableCalendar:
    if not years:
        return TableCalendar()
    rows = list(
        CalendarDay.objects.filter(
            date__gte=date(min(years), 1, 1), date__lte=date(max(years), 12, 31)
        ).values_list("date", "kind")
    )
    holidays = {day for day, kind in rows if kind == DayKind.HOLIDAY and day.year in years}
    workdays = {day for day, kind in rows if kind == DayKind.WORKDAY and day.year in years}
    return TableCalendar(frozenset(years), frozenset(holidays), frozenset(workdays))
