"""Importing a year's schedule (R52): the command and the action, all or nothing."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from shegong.audit.models import AuditEntry
from shegong.conftest import Cast
from shegong.lib.workdays import SHANGHAI
from shegong.workdays.actions import WorkdayImportError, do_import_year
from shegong.workdays.models import CalendarDay, CalendarYear, DayKind
from shegong.workdays.queries import deadline

pytestmark = pytest.mark.django_db

NEW_YEARS_2027 = (
    "日期,类别,名称\n2027-01-01,休息日,元旦\n2027-01-02,休息日,元旦\n2027-01-03,休息日,元旦\n"
)


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def snapshot(year: int) -> list[tuple[date, str, str]]:
    return list(CalendarDay.objects.filter(date__year=year).values_list("date", "kind", "name"))


def five_workdays_from_december_29() -> tuple[date, bool]:
    result = deadline(datetime(2026, 12, 29, 9, tzinfo=SHANGHAI), 5, "workdays")
    return result.last_day, result.provisional


def test_importing_2027_makes_its_deadlines_exact(tmp_path: Path) -> None:
    # Before: 2027 falls back to Monday–Friday, so 1/1 (a Friday) counts and the result is
    # provisional. After: 1/1–1/3 are holidays, so the fifth working day is 1/6, for certain.
    assert five_workdays_from_december_29() == (date(2027, 1, 5), True)
    call_command(
        "workdays", "import", str(write(tmp_path, "2027.csv", NEW_YEARS_2027)), "--year", "2027"
    )
    assert five_workdays_from_december_29() == (date(2027, 1, 6), False)
    assert CalendarYear.objects.get(year=2027).source == "导入 2027.csv"


def test_a_bad_row_imports_nothing_and_names_each_line_in_chinese(tmp_path: Path) -> None:
    before = snapshot(2026)
    text = (
        "名称,日期,类别\n"
        "国庆节,2026-10-01,休息日\n"
        "国庆节,2025-10-02,休息日\n"
        "国庆节,2026-10-03,放长假\n"
        "国庆节,十月四日,休息日\n"
        ",2026-10-05,休息日\n"
    )
    path = write(tmp_path, "2026.csv", text)
    with pytest.raises(CommandError) as raised:
        call_command("workdays", "import", str(path), "--year", "2026")
    message = str(raised.value)
    assert "未导入任何数据" in message
    assert "第3行：日期 2025-10-02 不在 2026 年内" in message
    assert "第4行：类别“放长假”无法识别" in message
    assert "第5行：日期“十月四日”无法识别" in message
    assert "第6行：名称不能为空" in message
    # The seeded 2026 table is untouched: still chinesecalendar's, row for row.
    assert snapshot(2026) == before
    assert CalendarYear.objects.get(year=2026).source == "chinesecalendar"


def test_it_reads_an_xlsx_sheet_with_date_cells(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["日期", "类别", "名称"])
    sheet.append([datetime(2027, 10, 1), "休息日", "国庆节"])
    sheet.append([datetime(2027, 10, 9), "调休上班日", "国庆节"])
    path = tmp_path / "2027.xlsx"
    book.save(path)
    call_command("workdays", "import", str(path), "--year", "2027")
    assert snapshot(2027) == [
        (date(2027, 10, 1), DayKind.HOLIDAY, "国庆节"),
        (date(2027, 10, 9), DayKind.WORKDAY, "国庆节"),
    ]


def test_it_reads_a_gbk_csv_saved_by_excel(tmp_path: Path) -> None:
    path = write(tmp_path, "2027.csv", NEW_YEARS_2027, encoding="gbk")
    call_command("workdays", "import", str(path), "--year", "2027")
    assert len(snapshot(2027)) == 3


def test_it_refuses_a_file_type_it_cannot_read(tmp_path: Path) -> None:
    path = write(tmp_path, "2027.xls", "")
    with pytest.raises(CommandError, match="不支持的文件类型"):
        call_command("workdays", "import", str(path), "--year", "2027")


def test_it_refuses_a_damaged_xlsx_file(tmp_path: Path) -> None:
    path = write(tmp_path, "2027.xlsx", "这不是 Excel 文件")
    with pytest.raises(CommandError, match=r"无法读取文件“2027\.xlsx”"):
        call_command("workdays", "import", str(path), "--year", "2027")


def test_it_refuses_a_sheet_without_the_required_columns(tmp_path: Path) -> None:
    path = write(tmp_path, "2027.csv", "日期,名称\n2027-01-01,元旦\n")
    with pytest.raises(CommandError, match="第1行：缺少列：类别"):
        call_command("workdays", "import", str(path), "--year", "2027")


def test_the_action_replaces_the_whole_year_and_writes_an_audit_row(cast: Cast) -> None:
    rows = [(date(2026, 10, 1), "holiday", "国庆节"), (date(2026, 10, 10), "调休上班日", "国庆节")]
    calendar_year = do_import_year(2026, rows, actor=cast.admin, source="导入")
    assert snapshot(2026) == [
        (date(2026, 10, 1), DayKind.HOLIDAY, "国庆节"),
        (date(2026, 10, 10), DayKind.WORKDAY, "国庆节"),
    ]
    entry = AuditEntry.objects.get(verb="workdays.import_year")
    assert entry.actor == cast.admin
    assert entry.object_id == str(calendar_year.pk)
    assert entry.payload["holidays"] == 1
    assert entry.payload["workdays"] == 1


def test_the_action_refuses_duplicates_and_other_years_in_chinese(cast: Cast) -> None:
    before = snapshot(2026)
    rows = [
        (date(2026, 5, 1), "holiday", "劳动节"),
        (date(2026, 5, 1), "holiday", "劳动节"),
        (date(2027, 5, 1), "holiday", "劳动节"),
    ]
    with pytest.raises(WorkdayImportError) as raised:
        do_import_year(2026, rows, actor=cast.admin, source="导入")
    assert str(raised.value) == (
        "第2条：日期 2026-05-01 重复出现\n第3条：日期 2027-05-01 不在 2026 年内"
    )
    assert snapshot(2026) == before
    assert not AuditEntry.objects.filter(verb="workdays.import_year").exists()


def test_the_action_refuses_an_empty_year(cast: Cast) -> None:
    with pytest.raises(WorkdayImportError, match="没有任何日期行"):
        do_import_year(2027, [], actor=cast.admin, source="导入")
    assert not CalendarYear.objects.filter(year=2027).exists()
