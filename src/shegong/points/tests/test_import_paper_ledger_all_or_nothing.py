from __future__ import annotations

import datetime as dt
import io
from typing import Any

from openpyxl import Workbook

from shegong.conftest import VILLAGE, Cast
from shegong.points.imports import HEADER, do_import_ledger
from shegong.points.models import Household, LedgerEntry, TransferKind
from shegong.points.queries import balance_of
from shegong.points.tests.conftest import assert_balanced


def _xlsx(*rows: tuple[Any, ...]) -> io.BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(HEADER)
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def test_a_clean_paper_ledger_posts_one_opening_balance_per_household(cast: Cast) -> None:
    sheet = _xlsx(
        ("001", "张三丰", dt.date(2025, 3, 1), "打扫村道", 20),
        ("001", "张三丰", "2025-06-01", "兑换香皂", -5),
        ("002", "李四", "2025/07/09", "参加义诊", "+15"),
    )
    report = do_import_ledger(sheet, region_code=VILLAGE, actor=cast.village_cadre)
    assert report.ok, report.summary()
    assert (report.rows, report.households, report.created, report.points) == (3, 2, 2, 30)
    assert "导入完成" in report.summary()
    zhang = Household.objects.get(number="001")
    assert balance_of(zhang) == 15
    assert balance_of(Household.objects.get(number="002")) == 15
    opening = LedgerEntry.objects.get(household=zhang)
    assert opening.transfer.kind == TransferKind.OPENING
    assert opening.booked_on == dt.date(2025, 6, 1)
    assert_balanced()


def test_one_bad_row_imports_nothing_and_names_every_problem(cast: Cast) -> None:
    sheet = _xlsx(
        ("001", "张三丰", "2025-03-01", "打扫村道", 20),
        ("", "李四", "2025-13-01", "参加义诊", "十五"),
        ("003", "王五", "2025-03-01", "扣分", -10),
    )
    report = do_import_ledger(sheet, region_code=VILLAGE, actor=cast.village_cadre)
    assert not report.ok
    summary = report.summary()
    assert "未导入任何数据" in summary
    assert "第 3 行：户号不能为空" in summary
    assert "第 3 行：日期格式应为 2026-01-31" in summary
    assert "第 3 行：积分应为整数（扣减写负数）" in summary
    assert "第 4 行：户号 003 的积分合计为负数" in summary
    assert not Household.objects.exists()
    assert not LedgerEntry.objects.exists()


def test_a_household_whose_name_disagrees_is_refused(cast: Cast) -> None:
    sheet = _xlsx(
        ("001", "张三丰", "2025-03-01", "打扫村道", 20),
        ("001", "张三", "2025-03-02", "打扫村道", 20),
    )
    report = do_import_ledger(sheet, region_code=VILLAGE, actor=cast.village_cadre)
    assert "户主姓名不一致" in report.summary()
    assert not Household.objects.exists()


def test_a_file_that_is_not_xlsx_is_refused_in_chinese(cast: Cast) -> None:
    report = do_import_ledger(io.BytesIO(b"not a workbook"), region_code=VILLAGE, actor=None)
    assert "无法读取文件" in report.summary()
