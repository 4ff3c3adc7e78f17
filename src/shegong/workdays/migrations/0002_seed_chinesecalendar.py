"""Seed the holiday table for 2004–2026 from the chinesecalendar package (R21, R52).

The names are translated here rather than imported from the app, so this migration keeps
producing the same rows whatever later code does. A name the map does not know is kept as is.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.db import migrations
from django.utils import timezone

FIRST_YEAR = 2004
LAST_YEAR = 2026
SOURCE = "chinesecalendar"

NAMES_ZH = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    "Anti-Fascist 70th Day": "抗战胜利纪念日",
}


def _days(table: dict[date, str], kind: str) -> list[tuple[date, str, str]]:
    return [
        (day, kind, NAMES_ZH.get(name, name))
        for day, name in sorted(table.items())
        if FIRST_YEAR <= day.year <= LAST_YEAR
    ]


def seed(apps: Any, schema_editor: Any) -> None:
    from chinese_calendar.constants import holidays, workdays

    CalendarDay = apps.get_model("workdays", "CalendarDay")
    CalendarYear = apps.get_model("workdays", "CalendarYear")
    rows = _days(holidays, "holiday") + _days(workdays, "workday")
    CalendarDay.objects.bulk_create(
        CalendarDay(date=day, kind=kind, name=name) for day, kind, name in rows
    )
    now = timezone.now()
    CalendarYear.objects.bulk_create(
        CalendarYear(year=year, source=SOURCE, loaded_at=now, revision=uuid.uuid4())
        for year in range(FIRST_YEAR, LAST_YEAR + 1)
    )


def unseed(apps: Any, schema_editor: Any) -> None:
    CalendarDay = apps.get_model("workdays", "CalendarDay")
    CalendarYear = apps.get_model("workdays", "CalendarYear")
    years = list(CalendarYear.objects.filter(source=SOURCE).values_list("year", flat=True))
    for year in years:
        CalendarDay.objects.filter(date__year=year).delete()
    CalendarYear.objects.filter(year__in=years).delete()


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
