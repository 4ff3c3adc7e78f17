"""`shegong regions load --city 4452`: the whole tree of 揭阳市 from the shipped data."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from shegong.regions.loader import LoadReport, load_regions
from shegong.regions.models import Region


@pytest.mark.django_db
def test_it_loads_every_level_of_jieyang_with_guangdong_above_it() -> None:
    report = load_regions(codes=["4452"])

    # Counts read from the shipped 2022 tables: 5 counties, 108 townships, 1,651 villages.
    assert dict(report.by_level) == {1: 1, 2: 1, 3: 5, 4: 108, 5: 1651}
    assert report.rows_read == report.written == report.created == 1766
    assert Region.objects.count() == 1766
    assert report.merged == []


def test_every_region_hangs_on_the_region_above_it(jieyang: LoadReport) -> None:
    orphans = Region.objects.exclude(level=1).filter(parent__isnull=True)
    assert not orphans.exists()
    assert Region.objects.get(code="445202001001").parent_id == "445202001000"
    assert Region.objects.get(code="445200000000").parent_id == "440000000000"


@pytest.mark.django_db
def test_the_command_prints_a_counted_summary() -> None:
    out = StringIO()
    call_command("regions", "load", "--city", "4452", "--no-progress", stdout=out)

    assert "读入 1,766 行，写入 1,766 个区划（新增 1,766 个，更新 0 个）" in out.getvalue()
    assert "村级 1,651" in out.getvalue()
