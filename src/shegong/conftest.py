"""The fixed cast of actors every test may use.

揭阳市 (4452) is the demo city. The cast lives in 榕城区 (445202) except `outsider`, who works
for 揭东区 (445203): every access path has a test that the outsider gets 404.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.db.migrations import RunPython
from django.test import Client

from shegong.accounts.models import OrgUnit, Role, RoleCode, UnitKind, User

# PostgreSQL's audit trigger refuses the TRUNCATE that ends a transactional test; this hook
# empties the trail first.
from shegong.audit.testing import pytest_runtest_teardown  # noqa: F401

CITY = "445200000000"
COUNTY = "445202000000"
OTHER_COUNTY = "445203000000"
TOWNSHIP = "445202001000"  # 榕城区 榕华街道
VILLAGE = "445202001001"  # 进东社区居民委员会
OTHER_VILLAGE = "445203002209"  # 揭东区 磐东街道 北河村

PASSWORD = "Shegong#2026"

# The flush that ends a transactional test (live_server, browser) also removes the rows data
# migrations seeded, so the next transactional test would find no roles, categories or urgency
# tiers. Each seeding migration is run again when the table it fills is empty.
SEEDING_MIGRATIONS = {
    "shegong.accounts.migrations.0002_seed_roles": "accounts.Role",
    "shegong.cases.migrations.0002_seed_categories": "cases.Category",
    "shegong.appeals.migrations.0003_seed_urgency_tiers": "appeals.UrgencyTier",
    "shegong.workdays.migrations.0002_seed_chinesecalendar": "workdays.CalendarYear",
    "shegong.volunteers.migrations.0002_seed_skills_and_categories": "volunteers.Skill",
}


def reseed_after_flush() -> None:
    for path, model in SEEDING_MIGRATIONS.items():
        if apps.get_model(model).objects.exists():
            continue
        module = importlib.import_module(path)
        for operation in module.Migration.operations:
            if isinstance(operation, RunPython):
                seed: Any = operation.code  # called with the live registry, no schema editor
                seed(apps, None)


DB_FIXTURES = {"db", "transactional_db", "live_server"}


def _uses_database(request: pytest.FixtureRequest) -> bool:
    return bool(DB_FIXTURES & set(request.fixturenames)) or (
        request.node.get_closest_marker("django_db") is not None
    )


@pytest.fixture(autouse=True)
def _seeded_reference_data(
    request: pytest.FixtureRequest, django_db_blocker: Any
) -> Iterator[None]:
    """Make sure the seeded rows are there before a database test, and again after a flush.

    Reseeding happens outside any test transaction where possible, so it is paid once per
    flush rather than once per test; it only ever inserts into empty tables.
    """
    if _uses_database(request):
        request.getfixturevalue("django_db_setup")
        with django_db_blocker.unblock():
            reseed_after_flush()
    yield
    if _uses_database(request):
        with django_db_blocker.unblock():
            reseed_after_flush()


def make_unit(
    name: str, kind: UnitKind, region_code: str, parent: OrgUnit | None = None
) -> OrgUnit:
    return OrgUnit.objects.create(name=name, kind=kind, region_code=region_code, parent=parent)


def make_user(username: str, unit: OrgUnit | None, *roles: RoleCode, name: str = "") -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, name=name or username)
    user.unit = unit
    user.save()
    user.roles.set(Role.objects.filter(code__in=[str(r) for r in roles]))
    return user


@dataclass
class Cast:
    city_unit: OrgUnit
    county_unit: OrgUnit
    other_county_unit: OrgUnit
    department: OrgUnit
    township_unit: OrgUnit
    village_unit: OrgUnit
    admin: User
    city_staff: User
    staff: User
    dispatcher: User
    handler: User
    supervisor: User
    leader: User
    township_cadre: User
    village_cadre: User
    grid_worker: User
    outsider: User
    resident: User
    district: OrgUnit


@pytest.fixture
def cast(db: None) -> Cast:
    city = make_unit("揭阳市委社会工作部", UnitKind.SOCIAL_WORK, CITY)
    county = make_unit("榕城区委社会工作部", UnitKind.SOCIAL_WORK, COUNTY, city)
    other = make_unit("揭东区委社会工作部", UnitKind.SOCIAL_WORK, OTHER_COUNTY, city)
    dept = make_unit("榕城区住房和城乡建设局", UnitKind.GOVERNMENT, COUNTY)
    district = make_unit("榕城区人民政府", UnitKind.DISTRICT_GOVERNMENT, COUNTY)
    township = make_unit("榕华街道办事处", UnitKind.TOWNSHIP, TOWNSHIP, county)
    village = make_unit("进东社区居民委员会", UnitKind.VILLAGE, VILLAGE, township)
    return Cast(
        city_unit=city,
        county_unit=county,
        other_county_unit=other,
        department=dept,
        township_unit=township,
        village_unit=village,
        admin=make_user("admin", city, RoleCode.ADMIN, name="系统管理员"),
        city_staff=make_user("city_staff", city, RoleCode.SOCIAL_WORK_STAFF, name="陈市"),
        staff=make_user("staff", county, RoleCode.SOCIAL_WORK_STAFF, name="林社工"),
        dispatcher=make_user("dispatcher", county, RoleCode.DISPATCHER, name="黄派单"),
        handler=make_user("handler", dept, RoleCode.HANDLER, name="郑承办"),
        supervisor=make_user("supervisor", county, RoleCode.SUPERVISOR, name="吴督办"),
        leader=make_user("leader", county, RoleCode.LEADER, name="蔡领导"),
        township_cadre=make_user("township", township, RoleCode.SOCIAL_WORK_STAFF, name="许街道"),
        village_cadre=make_user("village", village, RoleCode.VILLAGE_CADRE, name="杨村干"),
        grid_worker=make_user("grid", village, RoleCode.GRID_WORKER, name="李网格"),
        outsider=make_user("outsider", other, RoleCode.SOCIAL_WORK_STAFF, name="王外区"),
        resident=make_user("resident", None, RoleCode.RESIDENT, name="张群众"),
        district=district,
    )


def login(client: Client, user: User) -> Client:
    client.force_login(user)
    return client
