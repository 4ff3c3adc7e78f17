"""A case is visible to staff of its region and to units it was dispatched to; to anyone else it
does not exist (404, never 403, so nothing is revealed)."""

from __future__ import annotations

from django.test import Client

from shegong.accounts.models import RoleCode, UnitKind
from shegong.appeals.actions import do_submit_appeal
from shegong.cases.tests.steps import act, client_for, dispatched, fresh, intake_data, submitted
from shegong.conftest import OTHER_COUNTY, Cast, make_unit, make_user


def test_someone_from_another_county_gets_404_everywhere(cast: Cast) -> None:
    case = dispatched(cast)
    outsider = client_for(cast.outsider)
    assert outsider.get(f"/api/v1/cases/{case.number}").status_code == 404
    assert act(outsider, case.number, "accept").status_code == 404
    assert outsider.post(f"/api/v1/cases/{case.number}/reveal").status_code == 404
    assert fresh(case).status == "dispatched"


def test_a_unit_elsewhere_sees_a_case_dispatched_to_it(cast: Cast) -> None:
    bureau = make_unit("揭东区水务局", UnitKind.GOVERNMENT, OTHER_COUNTY)
    clerk = make_user("water_clerk", bureau, RoleCode.HANDLER)
    case = submitted(cast)
    assert client_for(clerk).get(f"/api/v1/cases/{case.number}").status_code == 404
    dispatched_case = dispatched(cast, bureau)
    assert client_for(clerk).get(f"/api/v1/cases/{dispatched_case.number}").status_code == 200


def test_a_resident_sees_only_their_own_cases(cast: Cast) -> None:
    case = submitted(cast)
    neighbour = make_user("neighbour", None, RoleCode.RESIDENT)
    assert client_for(cast.resident).get(f"/api/v1/cases/{case.number}").status_code == 200
    assert client_for(neighbour).get(f"/api/v1/cases/{case.number}").status_code == 404


def test_the_case_api_needs_a_login(cast: Cast) -> None:
    case = submitted(cast)
    response = Client().get(f"/api/v1/cases/{case.number}")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_public_tracking_needs_the_right_code_and_shows_no_personal_data(cast: Cast) -> None:
    result = do_submit_appeal(intake_data(cast), actor=None)
    number = result.case.number
    assert Client().get(f"/api/v1/track/{number}", {"code": "WRONG1"}).status_code == 404
    tracked = Client().get(f"/api/v1/track/{number}", {"code": result.code.lower()})
    assert tracked.status_code == 200
    assert "13912345678" not in tracked.content.decode()
    assert "张三" not in tracked.content.decode()
