"""R27: 派单异议 (退单) is a request the dispatcher reviews, never a unilateral return."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from shegong.accounts.models import OrgUnit, RoleCode, UnitKind, User
from shegong.appeals.actions import (
    do_accept,
    do_dispatch,
    do_follow_up,
    do_object,
    do_reply,
    do_review_objection,
)
from shegong.appeals.models import Objection
from shegong.cases.actions import CaseConflictError
from shegong.cases.models import Assignment, Case, Notice
from shegong.cases.tests.steps import act, client_for, clock, dispatched, fresh
from shegong.conftest import COUNTY, Cast, make_user

REASON = "路灯属城管部门管养，不属住建局职责。"


@pytest.fixture
def urban_bureau(cast: Cast) -> OrgUnit:
    return OrgUnit.objects.create(
        name="榕城区城市管理和综合执法局", kind=UnitKind.GOVERNMENT, region_code=COUNTY
    )


@pytest.fixture
def urban_officer(urban_bureau: OrgUnit) -> User:
    return make_user("urban_officer", urban_bureau, RoleCode.HANDLER, name="城管员")


def objected(cast: Cast) -> Case:
    case = dispatched(cast)
    do_object(case, actor=cast.handler, reason=REASON)
    return fresh(case)


def test_r27_an_objection_leaves_the_order_with_the_unit_until_reviewed(cast: Cast) -> None:
    case = dispatched(cast)
    response = act(client_for(cast.handler), case.number, "object", reason=REASON)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == {"code": "objected", "label": "退单审核中"}

    case = fresh(case)
    assert case.lead_unit == cast.department  # not returned by the objection itself
    lead = Assignment.objects.get(case=case, role="lead")
    assert lead.state == "objected"
    assert Objection.objects.get(case=case).reason == REASON
    assert Notice.objects.filter(user=cast.dispatcher, text__contains="申请退单").exists()
    # The resident's tracking page does not show the internal request.
    assert not case.actions.get(verb="object").public


def test_r27_the_unit_can_neither_re_dispatch_nor_close_nor_review(
    cast: Cast, urban_bureau: OrgUnit
) -> None:
    case = objected(cast)
    handler = client_for(cast.handler)
    redispatch = act(handler, case.number, "dispatch", unit_id=urban_bureau.pk)
    assert redispatch.status_code == 409
    assert act(handler, case.number, "review_objection", upheld=True).status_code == 403
    assert act(handler, case.number, "reply", reply="不归我们管。").status_code == 409
    closing = act(handler, case.number, "follow_up", rating="satisfied", resolved=True)
    assert closing.status_code == 409
    with pytest.raises(PermissionDenied):
        do_review_objection(case, actor=cast.handler, upheld=True)
    assert fresh(case).status == "objected"


def test_r27_an_upheld_objection_sends_the_order_back_to_dispatch(cast: Cast) -> None:
    case = objected(cast)
    response = act(client_for(cast.dispatcher), case.number, "review_objection", upheld=True)
    assert response.status_code == 200, response.content
    assert response.json()["status"]["label"] == "待派单"

    case = fresh(case)
    assert case.lead_unit is None
    assert Assignment.objects.get(case=case, role="lead").state == "withdrawn"
    assert Objection.objects.get(case=case).upheld is True
    assert clock(case, "feedback").state() == "stopped"
    assert clock(case, "response").state() == "stopped"
    assert Notice.objects.filter(user=cast.handler, text__contains="退单成立").exists()


def test_r27_an_upheld_objection_releases_every_share_of_the_order(
    cast: Cast, urban_bureau: OrgUnit
) -> None:
    case = dispatched(cast, cast.township_unit, co_units=(urban_bureau,))
    do_object(case, actor=cast.township_cadre, reason="不属街道职责。")
    do_review_objection(case, actor=cast.dispatcher, upheld=True)
    states = set(Assignment.objects.filter(case=case).values_list("state", flat=True))
    assert states == {"withdrawn"}
    assert clock(case, "co_report").state() == "stopped"


def test_r27_the_order_back_in_dispatch_has_a_dispatch_limit_again(cast: Cast) -> None:
    case = objected(cast)
    do_review_objection(case, actor=cast.dispatcher, upheld=True)
    assert clock(case, "dispatch").state() == "running"


def test_r27_an_upheld_objection_may_go_straight_to_a_new_unit(
    cast: Cast, urban_bureau: OrgUnit, urban_officer: User
) -> None:
    case = objected(cast)
    response = act(
        client_for(cast.dispatcher),
        case.number,
        "review_objection",
        upheld=True,
        new_unit_id=urban_bureau.pk,
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"]["code"] == "dispatched"
    case = fresh(case)
    assert case.lead_unit == urban_bureau
    leads = Assignment.objects.filter(case=case, role="lead")
    assert {(a.unit_id, a.state) for a in leads} == {
        (cast.department.pk, "withdrawn"),
        (urban_bureau.pk, "active"),
    }
    do_accept(case, actor=urban_officer)
    assert fresh(case).status == "processing"


def test_r27_the_returned_case_of_a_review_is_current(cast: Cast, urban_bureau: OrgUnit) -> None:
    case = do_review_objection(
        objected(cast), actor=cast.dispatcher, upheld=True, new_unit=urban_bureau
    )
    assert case.status == "dispatched"
    assert case.lead_unit == urban_bureau


def test_r27_a_refused_objection_leaves_the_order_with_the_same_unit(cast: Cast) -> None:
    case = objected(cast)
    do_review_objection(case, actor=cast.dispatcher, upheld=False, note="属住建局管养范围。")
    case = fresh(case)
    assert case.status == "dispatched"
    assert case.lead_unit == cast.department
    assert Assignment.objects.get(case=case, role="lead").state == "active"
    assert clock(case, "feedback").state() == "running"
    assert Notice.objects.filter(user=cast.handler, text__contains="不成立").exists()
    do_accept(case, actor=cast.handler)
    do_reply(case, actor=cast.handler, reply="已修复。")
    assert fresh(case).status == "replied"


def test_r27_an_objection_after_acceptance_returns_to_processing_when_refused(
    cast: Cast,
) -> None:
    case = do_accept(dispatched(cast), actor=cast.handler)
    do_object(case, actor=cast.handler, reason=REASON)
    do_review_objection(case, actor=cast.dispatcher, upheld=False)
    assert fresh(case).status == "processing"


def test_r27_only_the_lead_unit_may_object(cast: Cast, urban_bureau: OrgUnit) -> None:
    case = dispatched(cast, co_units=(urban_bureau,))
    officer = make_user("urban_officer", urban_bureau, RoleCode.HANDLER)
    with pytest.raises(PermissionDenied):
        do_object(case, actor=officer, reason="不归我们。")
    assert fresh(case).status == "dispatched"


def test_r27_an_objection_needs_a_reason(cast: Cast) -> None:
    case = dispatched(cast)
    response = act(client_for(cast.handler), case.number, "object", reason="")
    assert response.status_code == 422
    assert fresh(case).status == "dispatched"


def test_r27_a_second_dispatch_while_objected_is_refused(cast: Cast, urban_bureau: OrgUnit) -> None:
    case = objected(cast)
    with pytest.raises(CaseConflictError):
        do_dispatch(case, actor=cast.dispatcher, unit=urban_bureau)


def test_r27_a_follow_up_cannot_close_an_objected_order(cast: Cast) -> None:
    case = objected(cast)
    with pytest.raises(CaseConflictError):
        do_follow_up(case, actor=cast.dispatcher, rating="satisfied", resolved=True)
