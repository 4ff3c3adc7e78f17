"""R26: 首接负责 — one lead unit per order; co-handlers report back to it by the deadline."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from shegong.accounts.models import OrgUnit, RoleCode, UnitKind, User
from shegong.appeals.actions import do_accept, do_dispatch, do_extend, do_reply, do_report_in
from shegong.cases.actions import CaseConflictError
from shegong.cases.models import Assignment, Notice
from shegong.cases.tests.steps import act, client_for, clock, dispatched, fresh, submitted
from shegong.conftest import COUNTY, Cast, make_user


@pytest.fixture
def env_bureau(cast: Cast) -> OrgUnit:
    return OrgUnit.objects.create(
        name="揭阳市生态环境局榕城分局", kind=UnitKind.GOVERNMENT, region_code=COUNTY
    )


@pytest.fixture
def env_officer(env_bureau: OrgUnit) -> User:
    return make_user("env_officer", env_bureau, RoleCode.HANDLER, name="环保员")


def test_r26_a_second_live_lead_is_impossible_in_the_database(cast: Cast) -> None:
    case = dispatched(cast)
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(
            case=case, unit=cast.township_unit, role="lead", region_code=case.region_code
        )


def test_r26_a_dispatched_order_cannot_be_dispatched_again(cast: Cast) -> None:
    case = dispatched(cast)
    with pytest.raises(CaseConflictError):
        do_dispatch(case, actor=cast.dispatcher, unit=cast.township_unit)
    response = act(
        client_for(cast.dispatcher), case.number, "dispatch", unit_id=cast.township_unit.pk
    )
    assert response.status_code == 409
    assert Assignment.objects.filter(case=case, role="lead").count() == 1


def test_r26_co_handlers_get_a_report_clock_due_with_the_feedback_clock(
    cast: Cast, env_bureau: OrgUnit
) -> None:
    case = submitted(cast)
    response = act(
        client_for(cast.dispatcher),
        case.number,
        "dispatch",
        unit_id=cast.department.pk,
        co_unit_ids=[env_bureau.pk],
    )
    assert response.status_code == 200, response.content
    roles = {(u["name"], u["role_label"]) for u in response.json()["units"]}
    assert roles == {("榕城区住房和城乡建设局", "主办"), ("揭阳市生态环境局榕城分局", "协办")}
    report = clock(case, "co_report")
    assert report.unit == env_bureau
    assert report.due_at == clock(case, "feedback").due_at
    assert Assignment.objects.get(case=case, unit=env_bureau).due_at == report.due_at


def test_r26_a_co_handler_reports_back_to_the_lead_unit(
    cast: Cast, env_bureau: OrgUnit, env_officer: User
) -> None:
    case = do_accept(dispatched(cast, co_units=(env_bureau,)), actor=cast.handler)
    response = act(client_for(env_officer), case.number, "report_in", note="已对噪声源执法检查。")
    assert response.status_code == 200, response.content
    co = Assignment.objects.get(case=case, unit=env_bureau)
    assert co.state == "reported"
    assert co.reported_at is not None
    assert clock(case, "co_report").state() == "met"
    assert Notice.objects.filter(user=cast.handler, text__contains="已对噪声源执法检查").exists()
    assert fresh(case).status == "processing"  # a report-back does not move the order


def test_r26_a_co_handler_reports_back_only_once(
    cast: Cast, env_bureau: OrgUnit, env_officer: User
) -> None:
    case = dispatched(cast, co_units=(env_bureau,))
    do_report_in(case, actor=env_officer, note="已反馈。")
    with pytest.raises(PermissionDenied):
        do_report_in(case, actor=env_officer, note="再次反馈。")


def test_r26_a_unit_that_holds_no_share_cannot_report_in(cast: Cast) -> None:
    case = dispatched(cast)
    with pytest.raises(PermissionDenied):
        do_report_in(case, actor=cast.township_cadre, note="报到。")


def test_r26_the_lead_unit_alone_may_accept_reply_and_extend(
    cast: Cast, env_bureau: OrgUnit, env_officer: User
) -> None:
    case = dispatched(cast, co_units=(env_bureau,))
    with pytest.raises(PermissionDenied):
        do_accept(case, actor=env_officer)
    do_accept(case, actor=cast.handler)
    with pytest.raises(PermissionDenied):
        do_reply(case, actor=env_officer, reply="已处理。")
    with pytest.raises(PermissionDenied):
        do_extend(case, actor=env_officer, reason="需检测", explanation="需要检测", days=3)
    response = act(client_for(env_officer), case.number, "reply", reply="已处理。")
    assert response.status_code == 403
    assert response.json()["message"] == "只有主办单位可以办理该工单"
    assert fresh(case).status == "processing"

    do_reply(case, actor=cast.handler, reply="已修复路灯并与环保部门核查。")
    assert fresh(case).status == "replied"


def test_r26_the_lead_unit_cannot_also_be_a_co_handler(cast: Cast) -> None:
    with pytest.raises(ValidationError):
        do_dispatch(
            submitted(cast),
            actor=cast.dispatcher,
            unit=cast.department,
            co_units=[cast.department],
        )


def test_r26_a_co_handler_named_twice_holds_one_share(cast: Cast, env_bureau: OrgUnit) -> None:
    case = dispatched(cast, co_units=(env_bureau, env_bureau))
    assert Assignment.objects.filter(case=case, unit=env_bureau).count() == 1
    assert case.clocks.filter(name="co_report").count() == 1
