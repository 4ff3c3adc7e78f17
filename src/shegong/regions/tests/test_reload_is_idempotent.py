"""A re-run of a load updates what changed and never duplicates a region."""

from __future__ import annotations

from pathlib import Path

from shegong.regions.loader import LoadReport, load_regions
from shegong.regions.models import Region


def test_loading_the_same_city_twice_keeps_the_same_rows(
    jieyang: LoadReport, region_data: Path
) -> None:
    again = load_regions(codes=["4452"], source=region_data)

    assert Region.objects.count() == 1766
    assert again.created == 0
    assert again.updated == again.written == 1766


def test_a_rerun_restores_a_changed_name_and_the_full_names_below_it(
    jieyang: LoadReport, region_data: Path
) -> None:
    Region.objects.filter(code="445202001000").update(name="旧名街道", full_name="旧名街道")
    Region.objects.filter(code="445202001001").update(full_name="旧名街道 进东社区居民委员会")

    load_regions(codes=["4452"], source=region_data)

    assert Region.objects.get(code="445202001000").name == "榕华街道"
    village = Region.objects.get(code="445202001001")
    assert village.full_name == "广东省 揭阳市 榕城区 榕华街道 进东社区居民委员会"
