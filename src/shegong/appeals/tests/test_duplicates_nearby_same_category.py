"""Duplicate hints while an appeal is entered: open appeals of the same category within 500 m,
or in the same village when there is no map point, are shown as 附近同类诉求."""

from __future__ import annotations

from shegong.appeals.duplicates import similar_cases
from shegong.cases.models import Category
from shegong.cases.tests.steps import submitted
from shegong.conftest import VILLAGE, Cast

LAT, LNG = 23.5418, 116.3729  # 进东社区, 榕城区
OTHER_TEXT = "楼道里的灯也不亮了，上下楼很不方便。"  # a different wording: not "similar text"


def roads() -> Category:
    return Category.objects.get(code="urban.roads")


def test_an_open_appeal_of_the_same_category_200_m_away_is_hinted(cast: Cast) -> None:
    near = submitted(cast, latitude=LAT + 0.0018, longitude=LNG)  # about 200 m north
    (hint,) = similar_cases(
        text=OTHER_TEXT, region_code=VILLAGE, category=roads(), latitude=LAT, longitude=LNG
    )
    assert hint["case"] == near
    assert hint["reason"] == "附近同类诉求"
    assert hint["distance_m"] is not None
    assert 190 < hint["distance_m"] < 210


def test_an_appeal_farther_than_500_m_or_of_another_category_is_not_nearby(cast: Cast) -> None:
    submitted(cast, latitude=LAT + 0.0063, longitude=LNG)  # about 700 m
    submitted(cast, latitude=LAT, longitude=LNG, category=Category.objects.get(code="env.noise"))
    hints = similar_cases(
        text=OTHER_TEXT, region_code=VILLAGE, category=roads(), latitude=LAT, longitude=LNG
    )
    assert hints == []


def test_without_a_map_point_the_same_village_counts_as_nearby(cast: Cast) -> None:
    same_village = submitted(cast)  # no coordinates, 进东社区
    submitted(cast, region_code="445202001002")  # the next community of the same street
    (hint,) = similar_cases(
        text=OTHER_TEXT, region_code=VILLAGE, category=roads(), latitude=None, longitude=None
    )
    assert hint["case"] == same_village
    assert hint["reason"] == "附近同类诉求"
    assert hint["distance_m"] is None


def test_an_appeal_without_a_point_in_the_same_village_is_nearby_to_one_with_a_point(
    cast: Cast,
) -> None:
    same_village = submitted(cast)
    (hint,) = similar_cases(
        text=OTHER_TEXT, region_code=VILLAGE, category=roads(), latitude=LAT, longitude=LNG
    )
    assert hint["case"] == same_village


def test_without_a_category_nothing_is_nearby(cast: Cast) -> None:
    submitted(cast, latitude=LAT, longitude=LNG)
    hints = similar_cases(
        text=OTHER_TEXT, region_code=VILLAGE, category=None, latitude=LAT, longitude=LNG
    )
    assert hints == []
