"""Every change to the holiday table: import a year, and the admin's day and year edits.

Each action runs in one transaction, renews the touched years' `revision` (so every process's
cached calendar reloads, see `queries.calendar`) and writes an audit row. Nothing here checks a
role: the admin site gates these by model permission and the import command is run by the
operator of the installation.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, NamedTuple

from django.db import transaction
from django.utils import timezone

from shegong.accounts.models import User
from shegong.workdays.models import FIRST_YEAR, LAST_YEAR, CalendarDay, CalendarYear, DayKind

NAME_MAX_LENGTH = 32


class ImportProblem(NamedTuple):
    """One thing wrong with an import: `row` is the 0-based row, None for the whole import."""

    row: int | None
    message: str


class WorkdayImportError(ValueError):
    """An import that was refused; nothing was changed. Carries every problem found."""

    def __init__(self, problems: Sequence[ImportProblem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(_describe(problem) for problem in self.problems))


def _describe(problem: ImportProblem) -> str:
    if problem.row is None:
        return problem.message
    return f"第{problem.row + 1}条：{problem.message}"


def check_import_rows(year: int, rows: Sequence[tuple[date, str, str]]) -> list[ImportProblem]:
    """Everything wrong with `rows` as the table of `year`; an empty list means importable."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return [ImportProblem(None, f"年度 {year} 超出范围({FIRST_YEAR}–{LAST_YEAR})")]
    if not rows:
        return [ImportProblem(None, f"没有任何日期行，{year}年的日历表未导入")]
    problems: list[ImportProblem] = []
    seen: set[date] = set()
    for index, row in enumerate(rows):
        problems += [ImportProblem(index, msg) for msg in _row_problems(year, row, seen)]
        seen.add(row[0])
    return problems


def _row_problems(year: int, row: tuple[date, str, str], seen: set[date]) -> list[str]:
    day, kind, name = row
    problems = []
    if day.year != year:
        problems.append(f"日期 {day.isoformat()} 不在 {year} 年内")
    if day in seen:
        problems.append(f"日期 {day.isoformat()} 重复出现")
    if DayKind.parse(kind) is None:
        problems.append(f"类别“{kind}”无法识别，应为“休息日”或“调休上班日”")
    if not name.strip():
        problems.append("名称不能为空")
    elif len(name.strip()) > NAME_MAX_LENGTH:
        problems.append(f"名称过长(最多 {NAME_MAX_LENGTH} 个字)")
    return problems


def do_import_year(
    year: int, rows: Sequence[tuple[date, str, str]], *, actor: User | None, source: str
) -> CalendarYear:
    """Replace the whole table of `year` with `rows` (date, kind, name) and mark it covered.

    R52: this is how a year missing from the table (e.g. a State Council schedule published for
    next year) is loaded; from then on its deadlines are no longer provisional. Invariants: every
    date lies in `year`, once; kinds are holiday or make-up workday. All or nothing: a single bad
    row raises `WorkdayImportError` listing every problem and changes nothing.
    Side effects: an audit row `workdays.import_year`; cached calendars reload.
    """
    problems = check_import_rows(year, rows)
    if problems:
        raise WorkdayImportError(problems)
    days = [_new_day(row) for row in rows]
    with transaction.atomic():
        replaced, _ = CalendarDay.objects.filter(date__year=year).delete()
        CalendarDay.objects.bulk_create(days)
        calendar_year = _cover_year(year, source)
        payload = _import_payload(year, days, source, replaced)
        _record(actor, "workdays.import_year", calendar_year, payload)
    return calendar_year


def _new_day(row: tuple[date, str, str]) -> CalendarDay:
    day, kind, name = row
    parsed = DayKind.parse(kind)
    assert parsed is not None  # check_import_rows has refused unknown kinds
    return CalendarDay(date=day, kind=parsed, name=name.strip())


def _cover_year(year: int, source: str) -> CalendarYear:
    calendar_year, _ = CalendarYear.objects.update_or_create(
        year=year,
        defaults={"source": source, "loaded_at": timezone.now(), "revision": uuid.uuid4()},
    )
    return calendar_year


def _import_payload(
    year: int, days: list[CalendarDay], source: str, replaced: int
) -> dict[str, Any]:
    holidays = sum(1 for day in days if day.kind == DayKind.HOLIDAY)
    return {
        "year": year,
        "source": source,
        "holidays": holidays,
        "workdays": len(days) - holidays,
        "replaced_rows": replaced,
    }


def do_save_day(day: CalendarDay, *, actor: User | None) -> CalendarDay:
    """Create or edit one holiday / make-up workday row (R21), e.g. from the admin.

    Side effects: the years of the old and new date get a new revision, so every cached
    calendar reloads; an audit row `workdays.save_day`.
    """
    old_date = _stored_date(day)
    with transaction.atomic():
        day.full_clean()
        day.save()
        _touch_years({day.date.year} | ({old_date.year} if old_date else set()))
        _record(actor, "workdays.save_day", day, _day_payload(day, old_date))
    return day


def do_delete_day(day: CalendarDay, *, actor: User | None) -> None:
    """Delete one row: the date follows the week again (R21). Side effects as `do_save_day`."""
    with transaction.atomic():
        payload = _day_payload(day, None)
        object_id = str(day.pk)
        day.delete()
        _touch_years({day.date.year})
        _record(actor, "workdays.delete_day", None, payload, object_id=object_id, kind="day")


def do_save_year(calendar_year: CalendarYear, *, actor: User | None) -> CalendarYear:
    """Create or edit a covered year (R52): its dates stop falling back to Monday–Friday.

    Side effects: a new revision, so cached calendars reload; an audit row `workdays.save_year`.
    """
    with transaction.atomic():
        calendar_year.revision = uuid.uuid4()
        calendar_year.full_clean()
        calendar_year.save()
        payload = {"year": calendar_year.year, "source": calendar_year.source}
        _record(actor, "workdays.save_year", calendar_year, payload)
    return calendar_year


def do_delete_year(calendar_year: CalendarYear, *, actor: User | None) -> None:
    """Stop covering a year (R52): its deadlines fall back to Monday–Friday and are provisional.

    The year's day rows stay, ignored, so covering the year again restores them.
    Side effects: cached calendars reload (the year's row is gone); an audit row.
    """
    with transaction.atomic():
        payload = {"year": calendar_year.year, "source": calendar_year.source}
        object_id = str(calendar_year.pk)
        calendar_year.delete()
        _record(actor, "workdays.delete_year", None, payload, object_id=object_id, kind="year")


def _stored_date(day: CalendarDay) -> date | None:
    if day.pk is None:
        return None
    return CalendarDay.objects.filter(pk=day.pk).values_list("date", flat=True).first()


def _touch_years(years: Iterable[int]) -> None:
    # One UPDATE per year so each gets its own fresh revision.
    for year in years:
        CalendarYear.objects.filter(year=year).update(revision=uuid.uuid4())


def _day_payload(day: CalendarDay, old_date: date | None) -> dict[str, Any]:
    payload = {"date": day.date.isoformat(), "kind": day.kind, "name": day.name}
    if old_date is not None and old_date != day.date:
        payload["old_date"] = old_date.isoformat()
    return payload


def _record(
    actor: User | None,
    verb: str,
    obj: CalendarDay | CalendarYear | None,
    payload: dict[str, Any],
    *,
    object_id: str = "",
    kind: str = "",
) -> None:
    # Imported here so this module loads on its own; the audit app is a separate layer.
    from shegong.audit.actions import record

    object_type = f"workdays.calendar{kind}" if kind else ""
    record(
        actor=actor,
        verb=verb,
        obj=obj,
        object_type=object_type,
        object_id=object_id,
        payload=payload,
    )
