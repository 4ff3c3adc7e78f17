"""R51: a region's level, kind and parent follow from the digits of its code."""

from __future__ import annotations

import pytest

from shegong.regions.loader import LoadReport
from shegong.regions.models import Region, RegionLevel
from shegong.regions.queries import children_of, get_region


@pytest.mark.parametrize(
    ("code", "level", "kind", "parent"),
    [
        ("44", RegionLevel.PROVINCE, "省级", None),
        ("4452", RegionLevel.CITY, "地级", "440000000000"),
        ("445202", RegionLevel.COUNTY, "县级", "445200000000"),
        ("445202001", RegionLevel.TOWNSHIP, "街道", "445202000000"),
        ("445202102", RegionLevel.TOWNSHIP, "镇", "445202000000"),
        ("445222201", RegionLevel.TOWNSHIP, "乡", "445222000000"),
        ("445203401", RegionLevel.TOWNSHIP, "类似乡级单位", "445203000000"),
        ("445202001001", RegionLevel.VILLAGE, "居委会", "445202001000"),
        ("445222201201", RegionLevel.VILLAGE, "村委会", "445222201000"),
    ],
)
def test_from_code_derives_level_kind_and_parent(
    code: str, level: RegionLevel, kind: str, parent: str | None
) -> None:
    region = Region.from_code(code, "某地")

    assert region.code == code.ljust(12, "0")
    assert region.level == level
    assert region.kind == kind
    assert region.parent_id == parent


def test_loaded_rows_carry_the_level_of_their_code(jieyang: LoadReport) -> None:
    for region in Region.objects.filter(code__startswith="4452")[:200]:
        assert region.level == Region.from_code(region.code, region.name).level


def test_the_three_cities_without_districts_are_merged_into_one_city_region(
    merged: LoadReport,
) -> None:
    for code, name in [("4419", "东莞市"), ("4420", "中山市"), ("4604", "儋州市")]:
        city = get_region(code)
        assert city is not None
        assert (city.name, city.level) == (name, RegionLevel.CITY)
        # With no county level, the townships hang directly on the city.
        townships = children_of(code)
        assert townships.exists()
        assert {t.level for t in townships} == {RegionLevel.TOWNSHIP}
    assert get_region("441900003").full_name == "广东省 东莞市 东城街道"  # type: ignore[union-attr]


def test_the_load_summary_says_which_rows_were_merged(merged: LoadReport) -> None:
    summary = merged.summary()

    assert "东莞市、中山市、儋州市 的县级行与其地级区划同码，已并入地级区划" in summary
    assert "金门县 的乡级、村级行与其县级区划同码，已并入县级区划" in summary
    assert len(merged.merged) == 5
    assert merged.rows_read - merged.written == 5


def test_kinmen_is_one_county_without_placeholder_children(merged: LoadReport) -> None:
    county = get_region("350527")
    assert county is not None
    assert county.level == RegionLevel.COUNTY
    assert not children_of("350527").exists()
