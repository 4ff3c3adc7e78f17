"""Importing a village's paper points ledger from xlsx (R50): all rows or nothing.

Columns (first row is the header): 户号, 户主姓名, 日期, 摘要, 积分 (+ earned, − spent). Every
row is checked with a Chinese message naming the row; only a clean workbook is written. Each
household gets one opening-balance transfer of its net points, booked on its last date.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.db import transaction

from shegong.accounts.models import User
from shegong.audit.actions import record
from shegong.lib import regioncodes
from shegong.points.actions import book_transfer, require_manager
from shegong.points.models import Account, Household, TransferKind

HEADER = ["户号", "户主姓名", "日期", "摘要", "积分"]


@dataclass
class LedgerRow:
    row: int
    number: str
    head_name: str
    day: dt.date
    memo: str
    points: int


@dataclass
class LedgerImportReport:
    """The outcome: every household's opening balance written, or nothing and the errors."""

    households: int = 0
    created: int = 0
    rows: int = 0
    points: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, row: int, message: str) -> None:
        self.errors.append(f"第 {row} 行：{message}" if row else message)

    def summary(self) -> str:
        if self.ok:
            return (
                f"导入完成：{self.rows} 行，{self.households} 户（新登记 {self.created} 户），"
                f"期初余额合计 {self.points} 分。"
            )
        return "\n".join([f"发现 {len(self.errors)} 处错误，未导入任何数据：", *self.errors])


def _cell_text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _parse_day(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _cell_text(value).replace("/", "-").replace(".", "-")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _parse_points(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = _cell_text(value).replace("＋", "+").replace("－", "-").replace("−", "-")
    try:
        return int(text)
    except ValueError:
        return None


def parse_row(index: int, cells: tuple[Any, ...], report: LedgerImportReport) -> LedgerRow | None:
    """One row, or None after recording why it is refused."""
    values = (list(cells) + [None] * 5)[:5]
    number, head_name, memo = _cell_text(values[0]), _cell_text(values[1]), _cell_text(values[3])
    day, points = _parse_day(values[2]), _parse_points(values[4])
    problems = [
        message
        for failed, message in [
            (not number, "户号不能为空"),
            (not head_name, "户主姓名不能为空"),
            (day is None, "日期格式应为 2026-01-31"),
            (points is None, "积分应为整数（扣减写负数）"),
            (points == 0, "积分不能为 0"),
            (len(memo) > 150, "摘要不能超过 150 字"),
        ]
        if failed
    ]
    for message in problems:
        report.error(index, message)
    if problems or day is None or points is None:
        return None
    return LedgerRow(index, number, head_name, day, memo, points)


def read_rows(path_or_file: str | Path | IO[bytes], report: LedgerImportReport) -> list[LedgerRow]:
    # Imported here: openpyxl is only needed by imports, and it is slow to import.
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path_or_file, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types (zipfile, KeyError, InvalidFileException…)
        report.error(0, "无法读取文件，请上传 xlsx 格式的表格")
        return []
    sheet = workbook.worksheets[0]
    lines = sheet.iter_rows(values_only=True)
    header = [_cell_text(v) for v in next(lines, ())][:5]
    if header != HEADER:
        report.error(1, f"表头应为：{'、'.join(HEADER)}")
        return []
    rows = []
    for index, cells in enumerate(lines, start=2):
        if all(_cell_text(v) == "" for v in cells):
            continue
        parsed = parse_row(index, cells, report)
        if parsed is not None:
            rows.append(parsed)
    workbook.close()
    return rows


def check_households(
    region_code: str, rows: list[LedgerRow], report: LedgerImportReport
) -> dict[str, list[LedgerRow]]:
    """Group rows by 户号; names must agree; the net must not be negative (R50)."""
    by_number: dict[str, list[LedgerRow]] = defaultdict(list)
    for row in rows:
        by_number[row.number].append(row)
    known = dict(
        Household.objects.filter(region_code=region_code, number__in=list(by_number)).values_list(
            "number", "head_name"
        )
    )
    for number, group in by_number.items():
        names = {known.get(number, group[0].head_name)} | {r.head_name for r in group}
        if len(names) > 1:
            report.error(
                group[0].row, f"户号 {number} 的户主姓名不一致：{'、'.join(sorted(names))}"
            )
        if sum(r.points for r in group) < 0:
            report.error(group[-1].row, f"户号 {number} 的积分合计为负数，积分余额不能小于 0")
    return by_number


def do_import_ledger(
    path_or_file: str | Path | IO[bytes], *, region_code: str, actor: User | None
) -> LedgerImportReport:
    """R50: validate every row, then post one opening balance per household — or nothing."""
    code = regioncodes.normalize(region_code)
    require_manager(actor, code)
    report = LedgerImportReport()
    rows = read_rows(path_or_file, report)
    if not rows and report.ok:
        report.error(0, "表格中没有数据行")
    groups = check_households(code, rows, report)
    if not report.ok:
        return report
    with transaction.atomic():
        for number, group in groups.items():
            _post_opening(code, number, group, actor, report)
        report.rows = len(rows)
        record(actor=actor, verb="points.import", region_code=code, payload={"rows": len(rows)})
    return report


def _post_opening(
    code: str, number: str, group: list[LedgerRow], actor: User | None, report: LedgerImportReport
) -> None:
    household, created = Household.objects.get_or_create(
        region_code=code, number=number, defaults={"head_name": group[0].head_name}
    )
    report.households += 1
    report.created += int(created)
    net = sum(r.points for r in group)
    report.points += net
    if net == 0:
        return
    book_transfer(
        region_code=code,
        kind=TransferKind.OPENING,
        memo=f"纸质台账期初余额（{len(group)} 笔）",
        legs=[(Account.HOUSEHOLD, household, net), (Account.ISSUED, None, -net)],
        actor=actor,
        booked_on=max(r.day for r in group),
    )
