"""The hotline operator's form at /appeals/hotline/: a call becomes an appeal with channel 热线
(R22: time, matter, contact and type), once even when the form is sent twice, and the operator
goes on to answer, triage or dispatch it from the case page; similar open cases are hinted."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.test import Client

from shegong.cases.models import Case
from shegong.cases.tests.steps import client_for, submitted
from shegong.conftest import OTHER_VILLAGE, VILLAGE, Cast

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

TOKEN = "5f0c6f3c2b0a4c1e9d3f7a1b2c3d4e5f"


def call(**overrides: Any) -> dict[str, Any]:
    fields = {
        "phone": "13800138000",
        "name": "李四",
        "type": "consult",
        "category": "labour.insurance",
        "title": "社保转移咨询",
        "content": "来电人咨询外地社保转入揭阳的办理流程。",
        "region_code": VILLAGE,
        "address": "进东社区",
        "urgency": "normal",
        "client_token": TOKEN,
    }
    fields.update(overrides)
    return fields


def register(client: Client, **overrides: Any) -> Response:
    return client.post("/appeals/hotline/", call(**overrides))


def test_r22_a_call_is_registered_as_a_hotline_appeal(cast: Cast) -> None:
    response = register(client_for(cast.dispatcher))
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/appeals/{case.number}/"
    assert (case.channel, case.subtype, case.status) == ("hotline", "consult", "received")
    assert (case.submitter_name, case.submitter_phone) == ("李四", "13800138000")
    assert case.category is not None
    assert case.category.code == "labour.insurance"


def test_after_saving_the_operator_may_answer_triage_or_dispatch(cast: Cast) -> None:
    dispatcher = client_for(cast.dispatcher)
    body = dispatcher.get(register(dispatcher)["Location"]).content.decode()
    assert "已登记" in body
    for verb in ("answer", "triage", "dispatch"):
        assert f'data-testid="action-{verb}"' in body
    case = Case.objects.get()
    response = dispatcher.post(
        f"/appeals/{case.number}/actions/answer/", {"reply": "请携带身份证到社保窗口办理转移。"}
    )
    assert response.status_code == 302
    assert Case.objects.get().status == "replied"


def test_a_double_submit_registers_the_call_once(cast: Cast) -> None:
    dispatcher = client_for(cast.dispatcher)
    first, second = register(dispatcher), register(dispatcher)
    assert first["Location"] == second["Location"]
    assert Case.objects.count() == 1
    assert "未重复登记" in dispatcher.get(second["Location"]).content.decode()


def test_a_hidden_caller_is_hidden_from_the_handling_unit(cast: Cast) -> None:
    register(client_for(cast.dispatcher), hide_identity="on")
    assert Case.objects.get().hide_identity is True


def test_missing_or_wrong_fields_are_shown_and_nothing_is_registered(cast: Cast) -> None:
    response = register(client_for(cast.dispatcher), phone="abc", title="")
    assert response.status_code == 422
    body = response.content.decode()
    assert "请填写正确的电话号码" in body
    assert TOKEN in body  # the same token survives, so a corrected resend is still one case
    assert Case.objects.count() == 0


def test_a_region_outside_the_operators_scope_is_refused(cast: Cast) -> None:
    response = register(client_for(cast.dispatcher), region_code=OTHER_VILLAGE)
    assert response.status_code == 422
    assert "不在您的管辖范围内" in response.content.decode()


def test_only_dispatchers_use_the_hotline_form(cast: Cast) -> None:
    assert client_for(cast.dispatcher).get("/appeals/hotline/").status_code == 200
    assert client_for(cast.handler).get("/appeals/hotline/").status_code == 404
    assert client_for(cast.leader).get("/appeals/hotline/").status_code == 404
    assert client_for(cast.resident).get("/appeals/hotline/").status_code == 404
    assert register(client_for(cast.handler)).status_code == 404
    assert Case.objects.count() == 0


def test_the_form_offers_a_fresh_token_and_the_operators_region(cast: Cast) -> None:
    body = client_for(cast.dispatcher).get("/appeals/hotline/").content.decode()
    assert 'name="client_token"' in body
    assert 'value="445202000000"' in body


def test_similar_open_cases_are_hinted_while_the_operator_types(cast: Cast) -> None:
    earlier = submitted(cast)
    response = client_for(cast.dispatcher).post(
        "/appeals/hotline/hints/",
        {"title": "路灯不亮", "content": "进东社区3号楼前的路灯坏了", "region_code": VILLAGE},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert earlier.number in body
    assert "内容相似" in body


def test_the_case_page_offers_to_merge_into_a_hinted_case(cast: Cast) -> None:
    earlier = submitted(cast)
    dispatcher = client_for(cast.dispatcher)
    register(
        dispatcher,
        type="complaint",
        category="urban.roads",
        title="小区路灯坏了",
        content="进东社区3号楼前的路灯坏了一个月，晚上很黑。",
    )
    case = Case.objects.get(channel="hotline")
    body = dispatcher.get(f"/appeals/{case.number}/").content.decode()
    assert "合并到此件" in body
    assert earlier.number in body
    response = dispatcher.post(f"/appeals/{case.number}/actions/merge/", {"into": earlier.number})
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).merged_into == earlier
