"""`shegong workdays import FILE --year 2027` and `shegong workdays show 2026` (R52).

Import loads a year's State Council schedule from an xlsx or csv sheet (columns 日期, 类别,
名称), all or nothing; show prints a year's table, or says the year falls back to Monday–Friday.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from shegong.workdays import queries
from shegong.workdays.actions import WorkdayImportError, do_import_year
from shegong.workdays.models import CalendarDay, CalendarYear, DayKind
from shegong.workdays.sheets import describe, read_sheet, sheet_problems


class Command(BaseCommand):
    help = "节假日与调休上班日表：导入某一年度(import)或查看某一年度(show)"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        load = sub.add_parser("import", help="从 xlsx 或 csv 文件导入一个年度，替换该年度原有数据")
        load.add_argument("file", help="文件路径，列：日期、类别(休息日/调休上班日)、名称")
        load.add_argument("--year", type=int, required=True, help="文件所属年度，如 2027")
        load.add_argument("--source", default="", help="来源说明，默认为“导入 文件名”")
        show = sub.add_parser("show", help="显示某一年度的节假日与调休上班日")
        show.add_argument("year", type=int, help="年度，如 2026")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "import":
            self.import_year(Path(options["file"]), options["year"], options["source"])
        else:
            self.show_year(options["year"])

    def import_year(self, path: Path, year: int, source: str) -> None:
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}")
        sheet = read_sheet(path.read_bytes(), path.name)
        problems = sheet_problems(year, sheet)
        if problems:
            raise CommandError(f"未导入任何数据，请修改后重试：\n{describe(problems)}")
        try:
            calendar_year = do_import_year(
                year, sheet.rows, actor=None, source=source or f"导入 {path.name}"
            )
        except WorkdayImportError as error:
            raise CommandError(f"未导入任何数据：\n{error}") from error
        count = calendar_year.days().count()
        self.stdout.write(self.style.SUCCESS(f"已导入 {year} 年：{count} 个日期"))

    def show_year(self, year: int) -> None:
        calendar_year = queries.calendar_year(year)
        if calendar_year is None:
            self.stdout.write(
                f"{year} 年不在日历表中：按周一至周五计算工作日，相关期限标记为“临时”(R52)。"
            )
            return
        self.stdout.write(_heading(calendar_year))
        for day in queries.year_days(year):
            self.stdout.write(_line(day))


def _heading(calendar_year: CalendarYear) -> str:
    days = list(calendar_year.days().values_list("kind", flat=True))
    holidays = days.count(DayKind.HOLIDAY)
    loaded = timezone.localtime(calendar_year.loaded_at).strftime("%Y-%m-%d %H:%M")
    return (
        f"{calendar_year.year} 年节假日与调休上班日"
        f"(来源：{calendar_year.source}，载入于 {loaded})\n"
        f"休息日(节假日) {holidays} 天，调休上班日 {len(days) - holidays} 天"
    )


def _line(day: CalendarDay) -> str:
    kind = _pad(str(day.get_kind_display()), 14)
    return f"{day.date.isoformat()}  {day.weekday_label}  {kind}  {day.name}"


def _pad(text: str, width: int) -> str:
    # Chinese characters take two columns in a terminal, so pad by columns, not characters.
    columns = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(width - columns, 0)
