"""Creating grids: basic grids in a village or community, dedicated grids also in a township."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from shegong.conftest import Cast
from shegong.regions.actions import do_create_grid, do_update_grid
from shegong.regions.loader import LoadReport
from shegong.regions.models import Grid, GridKind, Region


def test_a_basic_grid_in_a_community_carries_its_region_code(
    jieyang: LoadReport, cast: Cast
) -> None:
    village = Region.objects.get(code="445202001001")

    grid = do_create_grid(village, actor=cast.village_cadre, code="01", name="进东第一网格")

    assert grid.region_code == grid.region_id == "445202001001"


def test_a_basic_grid_on_a_township_is_refused(jieyang: LoadReport, cast: Cast) -> None:
    township = Region.objects.get(code="445202001000")

    with pytest.raises(ValidationError) as caught:
        do_create_grid(township, actor=cast.staff, code="01", name="榕华网格")

    assert caught.value.message_dict == {"region": ["基础网格只能设在村（社区）"]}


def test_a_dedicated_grid_may_cover_a_township(jieyang: LoadReport, cast: Cast) -> None:
    township = Region.objects.get(code="445202001000")

    grid = do_create_grid(
        township, actor=cast.staff, code="Z01", name="榕华商圈专属网格", kind=GridKind.DEDICATED
    )

    assert grid.kind == GridKind.DEDICATED


def test_a_grid_code_is_unique_within_its_region(jieyang: LoadReport, cast: Cast) -> None:
    village = Region.objects.get(code="445202001001")
    other = Region.objects.get(code="445202001002")
    do_create_grid(village, actor=cast.staff, code="01", name="第一网格")

    do_create_grid(other, actor=cast.staff, code="01", name="第一网格")
    with pytest.raises(ValidationError, match="本区划内已有此网格编号"):
        do_create_grid(village, actor=cast.staff, code="01", name="重复网格")

    assert Grid.objects.count() == 2


def test_a_grid_is_renamed_and_switched_off(jieyang: LoadReport, cast: Cast) -> None:
    village = Region.objects.get(code="445202001001")
    grid = do_create_grid(village, actor=cast.staff, code="01", name="第一网格")

    do_update_grid(grid, actor=cast.staff, name="进东一格", is_active=False)

    grid.refresh_from_db()
    assert (grid.name, grid.is_active) == ("进东一格", False)
