"""Reading a year's holiday table from a spreadsheet (xlsx or csv) for import (R52).

The sheet has a header row with the columns 日期, 类别 (休息日 / 调休上班日) and 名称, in any
order. Problems are reported by the sheet's own line numbers, so whoever fixes the file can find
each one; `do_import_year` refuses the whole file if there is any.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence
from datetime import date, datetime
from typing import NamedTuple

from shegong.workdays.actions import check_import_rows

COLUMNS = ("日期", "类别", "名称")
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日")
SUFFIXES = (".xlsx", ".csv")

Cells = list[object]


class SheetProblem(NamedTuple):
    """A problem at a line of the sheet (1 is the header), or None for the whole file."""

    line: int | None
    message: str


class Sheet(NamedTuple):
    """The rows read from a sheet, the sheet line of each row, and what could not be read."""

    rows: list[tuple[date, str, str]]
    lines: list[int]
    problems: list[SheetProblem]


def read_sheet(data: bytes, filename: str) -> Sheet:
    """Read an uploaded or local xlsx / csv file into import rows."""
    suffix = filename[filename.rfind(".") :].lower() if "." in filename else ""
    if suffix not in SUFFIXES:
        shown = suffix or filename
        return Sheet(
            [], [], [SheetProblem(None, f"不支持的文件类型“{shown}”，请使用 .xlsx 或 .csv")]
        )
    try:
        table = _xlsx_cells(data) if suffix == ".xlsx" else _csv_cells(data)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return Sheet([], [], [SheetProblem(None, f"无法读取文件“{filename}”，请检查文件格式")])
    return parse_table(table)


def sheet_problems(year: int, sheet: Sheet) -> list[SheetProblem]:
    """What is wrong with the sheet as the table of `year`: unreadable cells and bad rows."""
    found = list(sheet.problems)
    for problem in check_import_rows(year, sheet.rows):
        if problem.row is not None:
            found.append(SheetProblem(sheet.lines[problem.row], problem.message))
        elif sheet.rows or not found:  # "no rows" adds nothing when every row was refused
            found.append(SheetProblem(None, problem.message))
    return sorted(found, key=lambda problem: problem.line or 0)


def describe(problems: Sequence[SheetProblem]) -> str:
    return "\n".join(
        problem.message if problem.line is None else f"第{problem.line}行：{problem.message}"
        for problem in problems
    )


def parse_table(table: list[Cells]) -> Sheet:
    """Rows under the header; blank lines are skipped, unreadable dates reported by line."""
    if not table:
        return Sheet([], [], [SheetProblem(None, "文件是空的")])
    header = [_text(cell) for cell in table[0]]
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        return Sheet([], [], [SheetProblem(1, f"缺少列：{'、'.join(missing)}")])
    where = [header.index(name) for name in COLUMNS]
    sheet = Sheet([], [], [])
    for line, cells in enumerate(table[1:], start=2):
        _add_line(sheet, line, [_cell(cells, i) for i in where])
    return sheet


def _add_line(sheet: Sheet, line: int, cells: Cells) -> None:
    if all(_text(cell) == "" for cell in cells):
        return
    day = parse_date(cells[0])
    if day is None:
        shown = _text(cells[0])
        message = f"日期“{shown}”无法识别，应写作 2027-01-01" if shown else "日期为空"
        sheet.problems.append(SheetProblem(line, message))
        return
    sheet.rows.append((day, _text(cells[1]), _text(cells[2])))
    sheet.lines.append(line)


def parse_date(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _cell(cells: Cells, index: int) -> object:
    return cells[index] if index < len(cells) else None


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _csv_cells(data: bytes) -> list[Cells]:
    # Excel in China saves CSV as GB18030 (GBK) unless told otherwise; UTF-8 files may carry a BOM.
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("gb18030")
    return [list(row) for row in csv.reader(io.StringIO(text))]


def _xlsx_cells(data: bytes) -> list[Cells]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
    finally:
        book.close()
