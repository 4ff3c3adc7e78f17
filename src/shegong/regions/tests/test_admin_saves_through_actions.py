"""The admin validates and audits every edit, because it saves through the actions."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from shegong.accounts.models import User
from shegong.audit.models import AuditEntry
from shegong.conftest import Cast, login
from shegong.regions.actions import do_create_grid
from shegong.regions.loader import LoadReport
from shegong.regions.models import Grid, GridAssignment, Region, RegionPopulation
from shegong.regions.tests.conftest import write_xlsx


@pytest.fixture
def admin_client(client: Client, cast: Cast) -> Client:
    user: User = cast.admin
    user.is_staff = user.is_superuser = True
    user.save()
    return login(client, user)


def test_a_population_with_urban_above_resident_is_refused_in_the_form(
    jieyang: LoadReport, admin_client: Client
) -> None:
    url = "/admin/regions/regionpopulation/add/"
    data = {"region": "445202000000", "year": 2024, "resident": 10, "urban_resident": 11}

    refused = admin_client.post(url, data)
    accepted = admin_client.post(url, {**data, "urban_resident": 9})

    assert refused.status_code == 200
    assert "城镇常住人口不能大于常住人口" in refused.content.decode()
    assert accepted.status_code == 302
    assert RegionPopulation.objects.get().urban_resident == 9
    assert AuditEntry.objects.filter(verb="regions.set_population").count() == 1


def test_the_import_page_lists_bad_rows_and_writes_nothing(
    jieyang: LoadReport, admin_client: Client, tmp_path: Path
) -> None:
    sheet = write_xlsx(tmp_path / "人口.xlsx", [[445202, 2024, 10, 5], [445299, 2024, 1, 1]])

    with sheet.open("rb") as upload:
        response = admin_client.post("/admin/regions/regionpopulation/import/", {"file": upload})

    assert response.status_code == 200
    assert "第 3 行：区划代码 445299000000 不存在" in response.content.decode()
    assert not RegionPopulation.objects.exists()


def test_a_grid_added_in_the_admin_is_created_by_the_action(
    jieyang: LoadReport, admin_client: Client
) -> None:
    data = {"region": "445202001001", "kind": "basic", "code": "01", "name": "进东第一网格"}

    response = admin_client.post("/admin/regions/grid/add/", {**data, "is_active": "on"})

    assert response.status_code == 302
    assert Grid.objects.get().region_code == "445202001001"
    assert AuditEntry.objects.filter(verb="regions.create_grid").exists()


def _worker_form(user: User) -> dict[str, str]:
    return {
        "name": "进东第一网格",
        "is_active": "on",
        "assignments-TOTAL_FORMS": "1",
        "assignments-INITIAL_FORMS": "0",
        "assignments-MIN_NUM_FORMS": "0",
        "assignments-MAX_NUM_FORMS": "1000",
        "assignments-0-user": str(user.pk),
        "assignments-0-since": "2025-01-01",
        "assignments-0-until": "",
    }


def test_the_grid_inline_assigns_a_grid_worker_and_refuses_anyone_else(
    jieyang: LoadReport, admin_client: Client, cast: Cast
) -> None:
    village = Region.objects.get(code="445202001001")
    grid = do_create_grid(village, actor=None, code="01", name="进东第一网格")
    url = f"/admin/regions/grid/{grid.pk}/change/"

    refused = admin_client.post(url, _worker_form(cast.village_cadre))
    accepted = admin_client.post(url, _worker_form(cast.grid_worker))

    assert "该用户没有网格员角色" in refused.content.decode()
    assert accepted.status_code == 302
    assert GridAssignment.objects.get().user == cast.grid_worker
    assert AuditEntry.objects.filter(verb="regions.assign_grid_worker").count() == 1


def test_regions_are_found_in_the_admin_by_code_prefix(
    jieyang: LoadReport, admin_client: Client
) -> None:
    response = admin_client.get("/admin/regions/region/", {"q": "445202001"})

    assert response.status_code == 200
    assert "进东社区居民委员会" in response.content.decode()
    assert "揭东区" not in response.content.decode()


def test_filling_in_the_end_date_in_the_inline_ends_the_term(
    jieyang: LoadReport, admin_client: Client, cast: Cast
) -> None:
    village = Region.objects.get(code="445202001001")
    grid = do_create_grid(village, actor=None, code="01", name="进东第一网格")
    admin_client.post(f"/admin/regions/grid/{grid.pk}/change/", _worker_form(cast.grid_worker))
    term = GridAssignment.objects.get()
    data = {
        **_worker_form(cast.grid_worker),
        "assignments-INITIAL_FORMS": "1",
        "assignments-0-id": str(term.pk),
        "assignments-0-grid": str(grid.pk),
        "assignments-0-until": "2025-06-30",
    }

    response = admin_client.post(f"/admin/regions/grid/{grid.pk}/change/", data)

    assert response.status_code == 302
    term.refresh_from_db()
    assert term.until is not None
    assert term.until.isoformat() == "2025-06-30"
    assert AuditEntry.objects.filter(verb="regions.end_grid_assignment").count() == 1
