"""吹哨报到 (R26): a township leading an order summons the departments it needs; each must report
in (报到) by a deadline, and the township sees who has."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from shegong.accounts.models import OrgUnit, RoleCode, UnitKind, User
from shegong.appeals.actions import do_accept, do_report_in, do_whistle
from shegong.cases.actions import CaseConflictError
from shegong.cases.models import Assignment, Case, Clock, Notice
from shegong.cases.tests.steps import act, client_for, dispatched, fresh
from shegong.conftest import COUNTY, Cast, make_user

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY = datetime(2026, 3, 2, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture
def urban_bureau(cast: Cast) -> OrgUnit:
    return OrgUnit.objects.create(
        name="榕城区城市管理和综合执法局", kind=UnitKind.GOVERNMENT, region_code=COUNTY
    )


@pytest.fixture
def urban_officer(urban_bureau: OrgUnit) -> User:
    return make_user("urban_officer", urban_bureau, RoleCode.HANDLER, name="城管员")


def township_case(cast: Cast) -> Case:
    """An order the township leads and has accepted."""
    case = dispatched(cast, cast.township_unit)
    return do_accept(case, actor=cast.township_cadre)


def test_a_township_whistles_and_each_department_reports_in(
    cast: Cast, urban_bureau: OrgUnit, urban_officer: User
) -> None:
    with time_machine.travel(MONDAY, tick=False):
        case = township_case(cast)
        response = act(
            client_for(cast.township_cadre),
            case.number,
            "whistle",
            unit_ids=[cast.department.pk, urban_bureau.pk],
            note="路灯线路与占道经营交织，请住建、城管到场。",
        )
    assert response.status_code == 200, response.content
    summoned = {
        u["name"]: u["state_label"] for u in response.json()["units"] if u["role"] == "whistle"
    }
    assert summoned == {"榕城区住房和城乡建设局": "办理中", "榕城区城市管理和综合执法局": "办理中"}
    # Each summoned department has its own report-in deadline (the tier's response time).
    clocks = Clock.objects.filter(case=case, name="whistle_report")
    assert {c.unit for c in clocks} == {cast.department, urban_bureau}
    assert {c.due_at for c in clocks} == {MONDAY + timedelta(hours=24)}
    assert Notice.objects.filter(user=urban_officer, text__contains="请报到").exists()

    with time_machine.travel(MONDAY + timedelta(hours=3), tick=False):
        reported = act(client_for(urban_officer), case.number, "report_in", note="城管已到场。")
    assert reported.status_code == 200, reported.content

    seen = client_for(cast.township_cadre).get(f"/api/v1/cases/{case.number}").json()
    states = {u["name"]: u["state"] for u in seen["units"] if u["role"] == "whistle"}
    assert states == {"榕城区住房和城乡建设局": "active", "榕城区城市管理和综合执法局": "reported"}
    met = Clock.objects.get(case=case, name="whistle_report", unit=urban_bureau)
    assert met.state() == "met"
    assert Notice.objects.filter(user=cast.township_cadre, text__contains="城管已到场").exists()


def test_only_a_township_that_leads_may_whistle(cast: Cast, urban_bureau: OrgUnit) -> None:
    case = do_accept(dispatched(cast), actor=cast.handler)  # a department leads
    with pytest.raises(PermissionDenied):
        do_whistle(case, actor=cast.handler, units=[urban_bureau])
    assert not Assignment.objects.filter(case=case, role="whistle").exists()


def test_a_township_that_does_not_lead_may_not_whistle(cast: Cast, urban_bureau: OrgUnit) -> None:
    case = do_accept(dispatched(cast), actor=cast.handler)
    response = act(
        client_for(cast.township_cadre), case.number, "whistle", unit_ids=[urban_bureau.pk]
    )
    assert response.status_code == 403


def test_a_whistle_waits_until_the_township_has_accepted(cast: Cast, urban_bureau: OrgUnit) -> None:
    case = dispatched(cast, cast.township_unit)
    with pytest.raises(CaseConflictError):
        do_whistle(case, actor=cast.township_cadre, units=[urban_bureau])


def test_a_department_summoned_twice_reports_in_once(
    cast: Cast, urban_bureau: OrgUnit, urban_officer: User
) -> None:
    case = township_case(cast)
    do_whistle(case, actor=cast.township_cadre, units=[urban_bureau])
    do_whistle(case, actor=cast.township_cadre, units=[urban_bureau])
    assert Assignment.objects.filter(case=case, unit=urban_bureau).count() == 1
    do_report_in(case, actor=urban_officer, note="已到场。")
    with pytest.raises(PermissionDenied):
        do_report_in(case, actor=urban_officer, note="又到场。")


def test_a_township_does_not_summon_itself(cast: Cast) -> None:
    case = township_case(cast)
    with pytest.raises(ValidationError):
        do_whistle(case, actor=cast.township_cadre, units=[cast.township_unit])
    assert fresh(case).actions.filter(verb="whistle").count() == 0


def test_a_whistle_may_summon_a_village_only_for_an_item_on_its_duty_list(cast: Cast) -> None:
    # R31 also guards the village a township would summon.
    case = township_case(cast)
    with pytest.raises(ValidationError):
        do_whistle(case, actor=cast.township_cadre, units=[cast.village_unit])
    assert not Assignment.objects.filter(case=case, unit=cast.village_unit).exists()
