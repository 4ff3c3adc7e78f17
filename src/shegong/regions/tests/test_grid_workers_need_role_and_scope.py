"""Assigning grid workers (网格员): the role, the region, one open term per grid."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from shegong.accounts.models import RoleCode
from shegong.audit.models import AuditEntry
from shegong.conftest import Cast, make_user
from shegong.regions.actions import do_assign_grid_worker, do_create_grid, do_end_grid_assignment
from shegong.regions.loader import LoadReport
from shegong.regions.models import Grid, GridAssignment, Region


@pytest.fixture
def grid(jieyang: LoadReport, cast: Cast) -> Grid:
    village = Region.objects.get(code="445202001001")
    return do_create_grid(village, actor=cast.staff, code="01", name="进东第一网格")


def test_a_grid_worker_of_the_village_is_assigned(grid: Grid, cast: Cast) -> None:
    assignment = do_assign_grid_worker(grid, cast.grid_worker, actor=cast.staff)

    assert list(grid.workers.all()) == [cast.grid_worker]
    assert assignment.region_code == "445202001001"
    assert assignment.until is None
    assert AuditEntry.objects.filter(verb="regions.assign_grid_worker").exists()


def test_a_user_without_the_grid_worker_role_is_refused(grid: Grid, cast: Cast) -> None:
    with pytest.raises(ValidationError) as caught:
        do_assign_grid_worker(grid, cast.village_cadre, actor=cast.staff)

    assert caught.value.message_dict == {"user": ["该用户没有网格员角色"]}
    assert not GridAssignment.objects.exists()


def test_a_grid_worker_of_another_county_is_refused(grid: Grid, cast: Cast) -> None:
    stranger = make_user("grid2", cast.other_county_unit, RoleCode.GRID_WORKER, name="赵网格")

    with pytest.raises(ValidationError) as caught:
        do_assign_grid_worker(grid, stranger, actor=cast.staff)

    assert caught.value.message_dict == {"user": ["该网格员所在单位的辖区不包含此网格"]}


def test_a_worker_holds_one_open_term_per_grid(grid: Grid, cast: Cast) -> None:
    first = do_assign_grid_worker(grid, cast.grid_worker, actor=cast.staff, since=date(2025, 1, 1))

    with pytest.raises(ValidationError, match="该网格员已在本网格任职"):
        do_assign_grid_worker(grid, cast.grid_worker, actor=cast.staff)
    do_end_grid_assignment(first, actor=cast.staff, until=date(2025, 6, 30))
    again = do_assign_grid_worker(grid, cast.grid_worker, actor=cast.staff)

    assert again.pk != first.pk
    assert GridAssignment.objects.filter(until__isnull=True).count() == 1


def test_a_term_cannot_end_before_it_began(grid: Grid, cast: Cast) -> None:
    term = do_assign_grid_worker(grid, cast.grid_worker, actor=cast.staff, since=date(2025, 1, 1))

    with pytest.raises(ValidationError):
        do_end_grid_assignment(term, actor=cast.staff, until=date(2024, 12, 31))


def test_the_outsider_cannot_assign_workers_in_rongcheng(grid: Grid, cast: Cast) -> None:
    with pytest.raises(PermissionDenied):
        do_assign_grid_worker(grid, cast.grid_worker, actor=cast.outsider)
