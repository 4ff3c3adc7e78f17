"""Looking regions up by code or by name, for forms and the API."""

from __future__ import annotations

import pytest

from shegong.regions.loader import LoadReport
from shegong.regions.queries import children_of, get_region, search_regions


@pytest.mark.parametrize(
    "code", ["44", "4452", "445202", "445202001", "445202001001", "445202000000"]
)
def test_get_region_accepts_every_code_length(jieyang: LoadReport, code: str) -> None:
    region = get_region(code)

    assert region is not None
    assert region.code == code.ljust(12, "0")


def test_get_region_answers_none_for_unknown_or_malformed_codes(jieyang: LoadReport) -> None:
    assert get_region("4453") is None
    assert get_region("445") is None
    assert get_region("榕城") is None


def test_search_by_name_lists_higher_levels_first(jieyang: LoadReport) -> None:
    found = search_regions("榕城")

    assert found[0].code == "445202000000"  # 榕城区 before any village named after it
    assert all("榕城" in region.name for region in found)
    assert [r.level for r in found] == sorted(r.level for r in found)


def test_search_by_code_prefix_finds_the_subtree(jieyang: LoadReport) -> None:
    found = search_regions("445202001", limit=5)

    assert [r.code for r in found][:2] == ["445202001000", "445202001001"]
    assert len(found) == 5


def test_search_within_a_scope_leaves_out_other_counties(jieyang: LoadReport) -> None:
    everywhere = search_regions("社区", limit=2000)
    in_rongcheng = search_regions("社区", within="445202", limit=2000)

    assert any(r.code.startswith("445203") for r in everywhere)
    assert in_rongcheng
    assert all(r.code.startswith("445202") for r in in_rongcheng)


def test_search_finds_nothing_for_blank_or_overlong_queries(jieyang: LoadReport) -> None:
    assert search_regions("  ") == []
    assert search_regions("4" * 13) == []
    assert search_regions("社区", within="bad") == []


def test_children_of_none_are_the_provinces(jieyang: LoadReport) -> None:
    assert [r.name for r in children_of(None)] == ["广东省"]
    assert [r.name for r in children_of("4452")] == [
        "榕城区",
        "揭东区",
        "揭西县",
        "惠来县",
        "普宁市",
    ]
    assert not children_of("bad").exists()
