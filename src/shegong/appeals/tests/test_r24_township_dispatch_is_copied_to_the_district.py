"""R24: an order sent to a 街乡 is also copied to the 区政府."""

from __future__ import annotations

from shegong.accounts.models import RoleCode
from shegong.appeals.actions import do_dispatch
from shegong.cases.models import Assignment
from shegong.cases.tests.steps import act, client_for, dispatched, fresh, submitted
from shegong.conftest import Cast, make_user


def test_r24_a_township_dispatch_is_copied_to_the_district_government(cast: Cast) -> None:
    case = submitted(cast)
    response = act(
        client_for(cast.dispatcher), case.number, "dispatch", unit_id=cast.township_unit.pk
    )
    assert response.status_code == 200, response.content
    units = {(u["name"], u["role_label"]) for u in response.json()["units"]}
    assert units == {("榕华街道办事处", "主办"), ("榕城区人民政府", "抄送")}
    assert fresh(case).lead_unit == cast.township_unit


def test_r24_the_copy_is_not_a_second_lead(cast: Cast) -> None:
    case = dispatched(cast, cast.township_unit)
    copy = Assignment.objects.get(case=case, unit=cast.district)
    assert copy.role == "copy"
    assert Assignment.objects.filter(case=case, role="lead").count() == 1


def test_r24_a_department_dispatch_is_not_copied(cast: Cast) -> None:
    case = do_dispatch(submitted(cast), actor=cast.dispatcher, unit=cast.department)
    assert list(Assignment.objects.filter(case=case).values_list("role", flat=True)) == ["lead"]


def test_r24_the_district_government_sees_the_copied_order_in_its_scope(cast: Cast) -> None:
    clerk = make_user("district_clerk", cast.district, RoleCode.HANDLER, name="区府办")
    case = dispatched(cast, cast.township_unit)
    shown = client_for(clerk).get(f"/api/v1/cases/{case.number}")
    assert shown.status_code == 200
