"""Each action form on the case page runs the procedure's action and changes the case; a refused
action answers with a Chinese message (409, 403) or field errors (422) and changes nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.test import Client

from shegong.appeals.actions import do_object, do_whistle
from shegong.appeals.models import Objection
from shegong.cases.models import Case, Clock
from shegong.cases.tests.steps import (
    client_for,
    dispatched,
    fresh,
    processing,
    replied,
    submitted,
)
from shegong.conftest import Cast

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response


def post(client: Client, case: Case, verb: str, **data: Any) -> Response:
    return client.post(f"/appeals/{case.number}/actions/{verb}/", data)


def done(response: Response, case: Case) -> Case:
    """The action went through: back to the case page, with the case re-read."""
    assert response.status_code == 302, response.content.decode()
    assert response["Location"] == f"/appeals/{case.number}/"
    return fresh(case)


def test_the_dispatcher_dispatches_with_a_lead_and_a_co_unit(cast: Cast) -> None:
    case = submitted(cast)
    response = post(
        client_for(cast.dispatcher),
        case,
        "dispatch",
        unit=cast.department.pk,
        co_units=[cast.district.pk],
        urgency="urgent",
    )
    case = done(response, case)
    assert case.status == "dispatched"
    assert case.lead_unit == cast.department
    assert case.urgency == "urgent"
    assert set(case.assignments.values_list("role", flat=True)) == {"lead", "co"}


def test_r24_dispatch_without_a_unit_follows_the_catalogue_to_the_district(cast: Cast) -> None:
    case = submitted(cast)
    case = done(post(client_for(cast.dispatcher), case, "dispatch"), case)
    assert case.lead_unit == cast.district
    assert case.urgency == "normal"


def test_the_handler_accepts_and_replies(cast: Cast) -> None:
    case = dispatched(cast)
    handler = client_for(cast.handler)
    assert done(post(handler, case, "accept"), case).status == "processing"
    case = done(post(handler, case, "reply", reply="路灯已更换。"), case)
    assert case.status == "replied"
    assert case.reply == "路灯已更换。"
    page = handler.get(f"/appeals/{case.number}/").content.decode()
    assert "已办理答复" in page  # the success message
    assert "路灯已更换。" in page


def test_r27_an_objection_waits_for_the_dispatchers_review(cast: Cast) -> None:
    case = dispatched(cast)
    case = done(post(client_for(cast.handler), case, "object", reason="不属于本局职责"), case)
    assert case.status == "objected"
    dispatcher = client_for(cast.dispatcher)
    assert (
        'data-testid="action-review_objection"'
        in dispatcher.get(f"/appeals/{case.number}/").content.decode()
    )
    response = post(dispatcher, case, "review_objection", upheld="1", new_unit=cast.district.pk)
    case = done(response, case)
    assert case.status == "dispatched"
    assert case.lead_unit == cast.district
    assert Objection.objects.get(case=case).upheld is True


def test_r27_a_refused_objection_leaves_the_unit_handling_the_case(cast: Cast) -> None:
    case = processing(cast)
    do_object(case, actor=cast.handler, reason="不属于本局职责")
    response = post(client_for(cast.dispatcher), case, "review_objection", upheld="0", note="属于")
    case = done(response, case)
    assert case.status == "processing"
    assert case.lead_unit == cast.department


def test_r28_the_lead_unit_extends_with_an_explanation_to_the_resident(cast: Cast) -> None:
    case = processing(cast)
    before = Clock.objects.get(case=case, name="feedback").due_at
    response = post(
        client_for(cast.handler),
        case,
        "extend",
        reason="需协调供电部门",
        explanation="需要供电部门配合，预计延长三天",
        days=3,
        hours=0,
    )
    case = done(response, case)
    clock = Clock.objects.get(case=case, name="feedback")
    assert clock.extensions == 1
    assert clock.due_at > before
    # One extension is the default limit, so the form is no longer offered.
    body = client_for(cast.handler).get(f"/appeals/{case.number}/").content.decode()
    assert 'data-testid="action-extend"' not in body
    assert "已延期" in body


def test_r29_the_follow_up_closes_a_resolved_case(cast: Cast) -> None:
    case = replied(cast)
    response = post(
        client_for(cast.supervisor), case, "follow_up", rating="partly", resolved="1", note="已回访"
    )
    case = done(response, case)
    assert case.status == "closed"
    assert (case.rating, case.resolved) == ("partly", True)


def test_a_duplicate_is_merged_into_another_open_case(cast: Cast) -> None:
    target, duplicate = submitted(cast), submitted(cast)
    response = post(client_for(cast.dispatcher), duplicate, "merge", into=target.number.lower())
    duplicate = done(response, duplicate)
    assert duplicate.status == "merged"
    assert duplicate.merged_into == target
    body = client_for(cast.dispatcher).get(f"/appeals/{target.number}/").content.decode()
    assert duplicate.number in body  # the surviving case lists what was merged into it


def test_the_centre_answers_a_consultation_at_once(cast: Cast) -> None:
    case = submitted(cast, subtype="consult", title="社保转移怎么办")
    response = post(client_for(cast.dispatcher), case, "answer", reply="携带身份证到社保窗口办理。")
    assert done(response, case).status == "replied"


def test_r23_triage_closes_the_appeal_with_its_outcome(cast: Cast) -> None:
    case = submitted(cast)
    response = post(client_for(cast.dispatcher), case, "triage", outcome="legal_channel")
    case = done(response, case)
    assert case.status == "diverted"
    assert case.data["triage"] == "legal_channel"


def test_a_township_whistles_a_department_which_reports_in(cast: Cast) -> None:
    case = processing_by_township(cast)
    township = client_for(cast.township_cadre)
    assert done(post(township, case, "whistle", units=[cast.department.pk]), case)
    response = post(client_for(cast.handler), case, "report_in", note="已到现场")
    case = done(response, case)
    whistle = case.assignments.get(role="whistle")
    assert whistle.state == "reported"


def processing_by_township(cast: Cast) -> Case:
    case = dispatched(cast, cast.township_unit)
    done(post(client_for(cast.township_cadre), case, "accept"), case)
    return case


def test_the_supervisor_presses_the_lead_unit(cast: Cast) -> None:
    case = dispatched(cast)
    response = post(client_for(cast.supervisor), case, "supervise", note="请尽快签收")
    case = done(response, case)
    assert case.actions.filter(verb="supervise", public=False).exists()


def test_an_action_the_state_does_not_allow_answers_409_with_the_reason(cast: Cast) -> None:
    case = dispatched(cast)  # not accepted yet
    response = post(client_for(cast.handler), case, "reply", reply="已修好")
    assert response.status_code == 409
    assert "工单当前为「待签收」，不能办理答复" in response.content.decode()
    assert fresh(case).status == "dispatched"


def test_a_role_that_may_not_act_gets_403_with_the_reason(cast: Cast) -> None:
    case = submitted(cast)
    response = post(client_for(cast.leader), case, "dispatch", unit=cast.department.pk)
    assert response.status_code == 403
    assert "您没有权限派单" in response.content.decode()
    assert fresh(case).status == "received"


def test_a_missing_field_is_shown_on_its_field(cast: Cast) -> None:
    case = dispatched(cast)
    response = post(client_for(cast.handler), case, "object", reason="")
    assert response.status_code == 422
    body = response.content.decode()
    assert 'data-testid="action-object" open' in body  # the form with the error stays open
    assert "errorlist" in body
    assert fresh(case).status == "dispatched"


def test_r31_a_village_cannot_lead_an_item_outside_its_duty_list(cast: Cast) -> None:
    case = submitted(cast)
    response = post(client_for(cast.dispatcher), case, "dispatch", unit=cast.village_unit.pk)
    assert response.status_code == 422
    assert "职责清单" in response.content.decode()
    assert fresh(case).status == "received"


def test_merging_into_a_case_outside_the_scope_is_refused_on_the_field(cast: Cast) -> None:
    case = submitted(cast)
    response = post(client_for(cast.dispatcher), case, "merge", into="SQ20260101000000")
    assert response.status_code == 422
    assert "未找到该工单" in response.content.decode()


def test_staff_of_another_county_cannot_act_on_the_case(cast: Cast) -> None:
    case = submitted(cast)
    response = post(client_for(cast.outsider), case, "dispatch")
    assert response.status_code == 404
    assert fresh(case).status == "received"


def test_an_unknown_verb_is_not_found(cast: Cast) -> None:
    response = post(client_for(cast.dispatcher), submitted(cast), "rate", rating="satisfied")
    assert response.status_code == 404


def test_a_whistle_is_only_for_a_township_leading_the_case(cast: Cast) -> None:
    case = processing(cast)
    assert (
        'data-testid="action-whistle"'
        not in client_for(cast.handler).get(f"/appeals/{case.number}/").content.decode()
    )
    case = processing_by_township(cast)
    do_whistle(case, actor=cast.township_cadre, units=[cast.department])
    body = client_for(cast.handler).get(f"/appeals/{case.number}/").content.decode()
    assert 'data-testid="action-report_in"' in body
