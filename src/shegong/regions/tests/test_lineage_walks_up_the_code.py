"""R51: a region's ancestors follow from its code alone, nearest first."""

from __future__ import annotations

from shegong.lib.regioncodes import lineage


def test_r51_a_village_has_four_ancestors_nearest_first() -> None:
    assert lineage("445202001001") == [
        "445202001001",
        "445202001000",
        "445202000000",
        "445200000000",
        "440000000000",
    ]


def test_r51_the_region_itself_can_be_left_out() -> None:
    assert lineage("4452", include_self=False) == ["440000000000"]
    assert lineage("44", include_self=False) == []
