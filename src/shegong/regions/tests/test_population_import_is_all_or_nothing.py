"""Importing population figures from xlsx: every row checked first, nothing written on error."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from shegong.audit.models import AuditEntry
from shegong.conftest import Cast
from shegong.regions.actions import do_import_population, do_set_population
from shegong.regions.loader import LoadReport
from shegong.regions.models import Region, RegionPopulation
from shegong.regions.tests.conftest import write_xlsx


def test_a_valid_sheet_is_written_and_audited(
    jieyang: LoadReport, cast: Cast, tmp_path: Path
) -> None:
    sheet = write_xlsx(
        tmp_path / "人口.xlsx",
        [
            [445202, 2024, 700000, 650000],
            ["445202001001", 2024, "12,345", 12345],
            [445200000000.0, 2023, 5577000, 3000000],
        ],
    )

    report = do_import_population(sheet, actor=cast.staff.__class__.objects.get(username="admin"))

    assert report.ok, report.summary()
    assert (report.rows, report.created, report.updated) == (3, 3, 0)
    village = RegionPopulation.objects.get(region_id="445202001001", year=2024)
    assert (village.resident, village.urban_resident, village.source) == (12345, 12345, "人口.xlsx")
    assert AuditEntry.objects.filter(verb="regions.import_population").count() == 1


def test_a_bad_row_changes_nothing_and_is_reported_by_row_in_chinese(
    jieyang: LoadReport, cast: Cast, tmp_path: Path
) -> None:
    region = Region.objects.get(code="445202000000")
    do_set_population(region, year=2024, resident=1, urban_resident=1, actor=None)
    sheet = write_xlsx(
        tmp_path / "人口.xlsx",
        [
            [445202, 2024, 700000, 650000],  # valid, but must not be written
            [445299, 2024, 100, 50],  # unknown code
            [445203, 2024, 100, 200],  # urban > resident
            [445222, "二〇二四", -5, 1],  # bad year, negative number
            [445202, 2024, 1, 1],  # same region and year as row 2
            ["44520", 2024, 1, 1],  # malformed code
        ],
    )

    report = do_import_population(sheet, actor=None)

    assert not report.ok
    assert RegionPopulation.objects.get(region=region, year=2024).resident == 1
    assert RegionPopulation.objects.count() == 1
    messages = [str(error) for error in report.errors]
    assert "第 3 行：区划代码 445299000000 不存在" in messages
    assert "第 4 行：城镇常住人口（200）大于常住人口（100）" in messages
    assert "第 5 行：年份“二〇二四”不是非负整数" in messages
    assert "第 5 行：常住人口“-5”不是非负整数" in messages
    assert "第 6 行：与第 2 行重复（同一区划同一年份）" in messages
    assert any(m.startswith("第 7 行：区划代码“44520”格式不正确") for m in messages)
    assert report.summary().startswith("发现 6 处错误，未导入任何数据：")


def test_a_sheet_without_the_required_columns_is_refused(
    jieyang: LoadReport, tmp_path: Path
) -> None:
    sheet = write_xlsx(
        tmp_path / "x.xlsx", [[445202, 2024, 1]], header=["区划代码", "年份", "人口"]
    )

    report = do_import_population(sheet, actor=None)

    assert [str(e) for e in report.errors] == ["第 1 行：缺少列：常住人口、城镇常住人口"]


def test_a_file_that_is_not_xlsx_is_refused(jieyang: LoadReport, tmp_path: Path) -> None:
    path = tmp_path / "人口.xlsx"
    path.write_text("区划代码,年份\n", encoding="utf-8")

    report = do_import_population(path, actor=None)

    assert not report.ok
    assert "xlsx" in report.errors[0].message


def test_regions_outside_the_importers_county_are_refused(
    jieyang: LoadReport, cast: Cast, tmp_path: Path
) -> None:
    sheet = write_xlsx(tmp_path / "人口.xlsx", [[445202, 2024, 10, 5], [445203, 2024, 10, 5]])

    report = do_import_population(sheet, actor=cast.staff)

    assert [str(e) for e in report.errors] == ["第 3 行：区划 445203000000 不在您的辖区内"]
    assert not RegionPopulation.objects.exists()


def test_a_user_without_a_department_role_cannot_import(
    jieyang: LoadReport, cast: Cast, tmp_path: Path
) -> None:
    sheet = write_xlsx(tmp_path / "人口.xlsx", [[445202, 2024, 10, 5]])

    with pytest.raises(PermissionDenied):
        do_import_population(sheet, actor=cast.grid_worker)


def test_the_command_imports_and_reports_errors_as_a_failure(
    jieyang: LoadReport, tmp_path: Path
) -> None:
    good = write_xlsx(tmp_path / "good.xlsx", [[445202, 2024, 10, 5]])
    bad = write_xlsx(tmp_path / "bad.xlsx", [[445202, 2024, 10, 50]])
    out = StringIO()

    call_command("regions", "population", "import", str(good), stdout=out)
    with pytest.raises(CommandError, match="第 2 行：城镇常住人口（50）大于常住人口（10）"):
        call_command("regions", "population", "import", str(bad))

    assert "已导入 1 行：新增 1 条，更新 0 条。" in out.getvalue()
    assert RegionPopulation.objects.get().urban_resident == 5
