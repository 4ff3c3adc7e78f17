"""`access_grid` answers 404 outside the actor's region, so it reveals nothing."""

from __future__ import annotations

import pytest
from django.http import Http404

from shegong.conftest import Cast
from shegong.regions.actions import do_create_grid
from shegong.regions.loader import LoadReport
from shegong.regions.models import Grid, Region
from shegong.regions.queries import access_grid, grids_in_scope


@pytest.fixture
def grid(jieyang: LoadReport, cast: Cast) -> Grid:
    village = Region.objects.get(code="445202001001")
    return do_create_grid(village, actor=cast.staff, code="01", name="进东第一网格")


def test_the_outsider_gets_404_for_a_grid_in_rongcheng(grid: Grid, cast: Cast) -> None:
    with pytest.raises(Http404):
        access_grid(cast.outsider, grid.pk)
    assert not grids_in_scope(cast.outsider).exists()


def test_a_resident_gets_404_too(grid: Grid, cast: Cast) -> None:
    with pytest.raises(Http404):
        access_grid(cast.resident, grid.pk)


@pytest.mark.parametrize("who", ["city_staff", "staff", "township_cadre", "grid_worker"])
def test_staff_whose_region_contains_the_grid_see_it(grid: Grid, cast: Cast, who: str) -> None:
    assert access_grid(getattr(cast, who), grid.pk) == grid


def test_a_superuser_sees_every_grid(grid: Grid, cast: Cast) -> None:
    cast.outsider.is_superuser = True

    assert access_grid(cast.outsider, grid.pk) == grid


def test_an_unknown_grid_is_404_as_well(grid: Grid, cast: Cast) -> None:
    with pytest.raises(Http404):
        access_grid(cast.staff, grid.pk + 1)
