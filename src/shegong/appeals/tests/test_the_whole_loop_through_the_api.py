"""The core loop through the API: submit → dispatch → accept → reply → rate → closed."""

from __future__ import annotations

from typing import Any

from django.test import Client

from shegong.cases.models import Case
from shegong.conftest import VILLAGE, Cast, login


def act(client: Client, number: str, verb: str, **body: Any) -> Any:
    return client.post(
        f"/api/v1/cases/{number}/actions/{verb}", body, content_type="application/json"
    )


def test_an_appeal_goes_round_the_whole_loop(cast: Cast) -> None:
    resident = login(Client(), cast.resident)
    receipt = resident.post(
        "/api/v1/appeals",
        {
            "type": "complaint",
            "title": "小区路灯不亮",
            "content": "进东社区3号楼前的路灯坏了一个月，晚上很黑。",
            "region_code": VILLAGE,
            "category": "urban.roads",
            "phone": "13912345678",
            "name": "张三",
        },
        content_type="application/json",
    )
    assert receipt.status_code == 201, receipt.content
    number, code = receipt.json()["number"], receipt.json()["code"]

    dispatcher = login(Client(), cast.dispatcher)
    response = act(dispatcher, number, "dispatch", unit_id=cast.department.pk)
    assert response.status_code == 200, response.content
    assert response.json()["status"]["label"] == "待签收"

    handler = login(Client(), cast.handler)
    assert act(handler, number, "accept").status_code == 200
    assert act(handler, number, "reply", reply="已更换灯泡。").json()["status"]["code"] == "replied"

    tracked = Client().get(f"/api/v1/track/{number}", {"code": code}).json()
    assert tracked["can_rate"] is True
    assert "13912345678" not in str(tracked)

    rated = act(resident, number, "rate", rating="satisfied", resolved=True)
    assert rated.status_code == 200, rated.content
    case = Case.objects.get(number=number)
    assert case.status == "closed"
    assert case.response_on_time is True
    clocks = {c["name"]: c["state"] for c in rated.json()["clocks"]}
    assert clocks == {"dispatch": "met", "response": "met", "feedback": "met", "follow_up": "met"}


def test_an_action_the_state_does_not_allow_gives_409(cast: Cast) -> None:
    resident = login(Client(), cast.resident)
    number = resident.post(
        "/api/v1/appeals",
        {
            "type": "consult",
            "title": "咨询",
            "content": "请问社保怎么办理转移？",
            "region_code": VILLAGE,
        },
        content_type="application/json",
    ).json()["number"]
    response = act(login(Client(), cast.outsider), number, "reply", reply="答复")
    assert response.status_code == 404  # another county: not even visible
    response = act(login(Client(), cast.handler), number, "reply", reply="答复")
    assert response.status_code == 409  # not dispatched yet
    assert response.json()["code"] == "not_allowed"
    assert "待派单" in response.json()["message"]
