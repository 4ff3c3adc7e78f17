"""A region's path name and its chain of ancestors."""

from __future__ import annotations

from shegong.regions.loader import LoadReport
from shegong.regions.models import Region
from shegong.regions.queries import ancestors_of


def test_a_village_has_its_full_path_name(jieyang: LoadReport) -> None:
    village = Region.objects.get(code="445202001001")

    assert village.full_name == "广东省 揭阳市 榕城区 榕华街道 进东社区居民委员会"
    assert str(village) == "广东省 揭阳市 榕城区 榕华街道 进东社区居民委员会（445202001001）"


def test_ancestors_run_from_the_province_down(jieyang: LoadReport) -> None:
    names = [region.name for region in ancestors_of("445202001001")]

    assert names == ["广东省", "揭阳市", "榕城区", "榕华街道"]
    assert [r.code for r in ancestors_of("445202001", include_self=True)][-1] == "445202001000"
    assert ancestors_of("44") == []
    assert ancestors_of("not a code") == []
