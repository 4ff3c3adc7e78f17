"""Region fixtures: a small copy of the shipped data, so that each test loads in milliseconds.

The copy holds 揭阳市 (4452) whole, the three 不设区的地级市 (东莞市 4419, 中山市 4420, 儋州市 4604)
and 金门县 (350527), with the provinces and cities above them: every case R51 distinguishes.
Loads run inside each test's transaction, so no region rows outlive a test.
"""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from shegong.regions.loader import DATA_DIR, FILES, LoadReport, load_regions

SUBSET = ("4452", "4419", "4420", "4604", "350527")
MERGED = ["4419", "4420", "4604", "350527"]
HEADER = ["区划代码", "年份", "常住人口", "城镇常住人口"]


def _wanted(code: str) -> bool:
    return code.startswith(SUBSET) or any(prefix.startswith(code) for prefix in SUBSET)


@pytest.fixture(scope="session")
def region_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("regions")
    for name in FILES.values():
        with (
            gzip.open(DATA_DIR / name, "rt", encoding="utf-8") as source,
            gzip.open(directory / name, "wt", encoding="utf-8") as target,
        ):
            target.write(next(source))
            target.writelines(line for line in source if _wanted(line.split(",", 1)[0]))
    return directory


@pytest.fixture
def jieyang(db: None, region_data: Path) -> LoadReport:
    """Every level of 揭阳市, with 广东省 above it."""
    return load_regions(codes=["4452"], source=region_data)


@pytest.fixture
def merged(db: None, region_data: Path) -> LoadReport:
    """东莞市, 中山市, 儋州市 and 金门县, whose rows share a code with the region above them."""
    return load_regions(codes=MERGED, source=region_data)


def write_xlsx(path: Path, rows: list[list[Any]], header: list[str] | None = None) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(header or HEADER)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path
