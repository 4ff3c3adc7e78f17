"""`make run` loads levels 1–4 nationally, then the villages of one city in a second run."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from shegong.lib.regioncodes import Level
from shegong.regions.loader import RegionLoadError, load_regions, parse_levels
from shegong.regions.models import Region


@pytest.mark.django_db
def test_a_village_load_finds_the_townships_of_an_earlier_run(region_data: Path) -> None:
    first = load_regions(levels=parse_levels("1-4"), source=region_data)
    second = load_regions(codes=["4452"], levels=parse_levels("5"), source=region_data)

    assert Level.VILLAGE not in first.by_level
    assert dict(second.by_level) == {5: 1651}
    village = Region.objects.get(code="445202001001")
    assert village.full_name == "广东省 揭阳市 榕城区 榕华街道 进东社区居民委员会"


@pytest.mark.django_db
def test_a_village_load_without_its_townships_is_refused_and_writes_nothing(
    region_data: Path,
) -> None:
    with pytest.raises(RegionLoadError, match="尚未载入"):
        load_regions(codes=["4452"], levels=[Level.VILLAGE], source=region_data)

    assert Region.objects.count() == 0


@pytest.mark.parametrize(
    ("text", "levels"),
    [("1-4", {1, 2, 3, 4}), ("5", {5}), ("1,3-4", {1, 3, 4}), ("2，5", {2, 5})],
)
def test_levels_are_given_as_ranges_or_lists(text: str, levels: set[int]) -> None:
    assert parse_levels(text) == levels


@pytest.mark.parametrize("text", ["0-2", "6", "a", "", "3-", "4-2"])
def test_a_bad_levels_option_is_refused_in_chinese(text: str) -> None:
    with pytest.raises(RegionLoadError, match="级别应为 1 至 5"):
        parse_levels(text)


@pytest.mark.django_db
def test_the_command_refuses_a_city_code_of_the_wrong_length() -> None:
    with pytest.raises(CommandError, match="代码 445 应为 4 位数字"):
        call_command("regions", "load", "--city", "445", "--no-progress")
