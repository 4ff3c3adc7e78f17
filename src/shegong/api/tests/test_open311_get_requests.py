"""Anyone follows appeals through Open311: the list with its filters, one request, a token.

What is published is public data only: no name, phone, e-mail, device or account, phone and
ID-card numbers typed into the text are masked, and 举报 or confidential matters never appear.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from shegong.api import queries
from shegong.api.tests.conftest import MakeAppeal, errors_of
from shegong.cases.models import Case
from shegong.conftest import COUNTY, OTHER_COUNTY, OTHER_VILLAGE, VILLAGE, Cast

W3C = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$")


def w3c(moment: datetime | None) -> str:
    """Seconds and the Asia/Shanghai offset, as the spec's examples show."""
    assert moment is not None
    return timezone.localtime(moment).isoformat(timespec="seconds")


def listed(**params: str) -> Any:
    response = Client().get("/open311/v2/requests.json", params)
    assert response.status_code == 200, response.content
    return response.json()


def numbers(**params: str) -> set[str]:
    return {r["service_request_id"] for r in listed(**params)}


def test_a_dispatched_appeal_is_listed_with_its_unit_and_time_limit(
    make_appeal: MakeAppeal,
) -> None:
    case = make_appeal(state="dispatched")
    [request] = listed()
    feedback = case.clocks.get(name="feedback")
    assert request["service_request_id"] == case.number
    assert request["status"] == "open"
    assert request["status_notes"] == "待签收"
    assert request["service_code"] == "urban.roads"
    assert request["service_name"] == "市政道路设施"
    assert request["agency_responsible"] == "榕城区住房和城乡建设局"
    assert request["expected_datetime"] == w3c(feedback.due_at)
    assert W3C.match(request["requested_datetime"])
    assert W3C.match(request["updated_datetime"])
    assert (request["lat"], request["long"]) == (23.55, 116.37)
    assert request["address"] == "榕城区进东社区3号楼"
    assert request["service_notice"] == "一般诉求：派单后 7自然日内办理反馈"


def test_the_list_carries_no_personal_data(make_appeal: MakeAppeal) -> None:
    make_appeal("我是张三，电话13912345678，身份证445202199001011234，路灯坏了。")
    response = Client().get("/open311/v2/requests.json")
    text = response.content.decode()
    assert "张三，电话139****5678，身份证445202********1234" in text
    assert "13912345678" not in text
    assert "199001011234" not in text


def test_the_list_in_xml_is_request_elements_with_empty_unknowns(make_appeal: MakeAppeal) -> None:
    case = make_appeal()
    response = Client().get("/open311/v2/requests.xml")
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    root = ET.fromstring(response.content)
    assert root.tag == "service_requests"
    request = root.find("request")
    assert request is not None
    assert request.findtext("service_request_id") == case.number
    assert request.findtext("status") == "open"
    assert request.findtext("agency_responsible") == ""  # not dispatched yet
    assert request.findtext("lat") == "23.55"
    assert request.findtext("long") == "116.37"


def test_text_that_xml_cannot_carry_is_escaped_or_dropped(make_appeal: MakeAppeal) -> None:
    make_appeal("路灯<坏了> & 井盖\x07丢失，请处理。")
    root = ET.fromstring(Client().get("/open311/v2/requests.xml").content)
    assert root.findtext("request/description") == "路灯<坏了> & 井盖丢失，请处理。"


def test_a_report_and_a_confidential_matter_are_never_published(
    make_appeal: MakeAppeal,
) -> None:
    public = make_appeal()
    report = make_appeal("有人在河边偷倒建筑垃圾，我要举报。", subtype="report")
    secret = make_appeal("涉及保密事项的诉求内容，需要处理。", state="confidential")
    assert numbers() == {public.number}
    ids = f"{public.number},{report.number},{secret.number}"
    assert numbers(service_request_id=ids) == {public.number}
    for hidden in (report, secret):
        response = Client().get(f"/open311/v2/requests/{hidden.number}.json")
        assert response.status_code == 404


def test_status_filters_open_and_closed(make_appeal: MakeAppeal) -> None:
    waiting = make_appeal()
    diverted = make_appeal("建议通过物业协商解决的问题。", state="diverted")
    assert numbers(status="open") == {waiting.number}
    assert numbers(status="closed") == {diverted.number}
    assert numbers(status="open,closed") == {waiting.number, diverted.number}
    closed = listed(status="closed")[0]
    assert closed["status_notes"] == "已分流告知"
    assert closed["updated_datetime"] == w3c(diverted.closed_at)


def test_a_wrong_status_answers_400(db: None) -> None:
    response = Client().get("/open311/v2/requests.json", {"status": "pending"})
    assert response.status_code == 400
    assert errors_of(response)[0]["description"] == "status 只能是 open 或 closed"


def test_service_code_filters_by_one_or_several_codes(make_appeal: MakeAppeal) -> None:
    roads = make_appeal()
    noise = make_appeal("晚上广场舞音响太吵，影响休息。", category="env.noise")
    make_appeal("小区垃圾没人清运，臭气熏天。", category="urban.sanitation")
    assert numbers(service_code="env.noise") == {noise.number}
    assert numbers(service_code="env.noise,urban.roads") == {noise.number, roads.number}


def test_the_default_window_is_the_last_90_days(make_appeal: MakeAppeal) -> None:
    with time_machine.travel(timezone.now() - timedelta(days=100), tick=False):
        old = make_appeal("一百天前反映的路灯问题，至今未修。")
    new = make_appeal()
    assert numbers() == {new.number}
    # service_request_id overrides every other filter, the window included.
    assert numbers(service_request_id=f"{old.number},{new.number}") == {old.number, new.number}
    start = (timezone.now() - timedelta(days=110)).isoformat()
    assert numbers(start_date=start) == {old.number}  # 90 days from the start


def test_start_and_end_dates_bound_the_requested_time(make_appeal: MakeAppeal) -> None:
    with time_machine.travel("2026-03-10T09:00:00+08:00", tick=False):
        march = make_appeal()
    with time_machine.travel("2026-04-10T09:00:00+08:00", tick=False):
        april = make_appeal()
    assert numbers(start_date="2026-03-01T00:00:00Z", end_date="2026-03-31T00:00:00Z") == {
        march.number
    }
    assert numbers(start_date="2026-04-01", end_date="2026-04-30") == {april.number}
    # A "+" left unencoded in the query string arrives as a space; it still means +08:00.
    response = Client().get(
        "/open311/v2/requests.json?start_date=2026-04-10T08:00:00 08:00&end_date=2026-04-11"
    )
    assert {r["service_request_id"] for r in response.json()} == {april.number}


@pytest.mark.parametrize(
    ("params", "description"),
    [
        ({"start_date": "yesterday"}, "start_date 不是有效的 W3C 日期时间"),
        ({"end_date": "2026-02-30"}, "end_date 不是有效的 W3C 日期时间"),
        ({"start_date": "2026-05-01", "end_date": "2026-04-01"}, "start_date 不能晚于 end_date"),
        ({"start_date": "2026-01-01", "end_date": "2026-06-01"}, "相隔不能超过 90 天"),
    ],
)
def test_bad_dates_answer_400(db: None, params: dict[str, str], description: str) -> None:
    response = Client().get("/open311/v2/requests.json", params)
    assert response.status_code == 400
    assert description in errors_of(response)[0]["description"]


def test_jurisdiction_id_limits_the_list_to_that_region(make_appeal: MakeAppeal) -> None:
    here = make_appeal()
    there = make_appeal(region_code=OTHER_VILLAGE)
    assert numbers(jurisdiction_id=COUNTY) == {here.number}
    assert numbers(jurisdiction_id=OTHER_COUNTY) == {there.number}
    assert numbers() == {here.number, there.number}


def test_at_most_1000_requests_are_returned(
    make_appeal: MakeAppeal, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(queries, "MAX_REQUESTS", 2)
    made = [make_appeal() for _ in range(3)]
    assert numbers() == {made[2].number, made[1].number}  # the newest


def test_the_list_costs_a_fixed_number_of_queries(
    make_appeal: MakeAppeal, cast: Cast, django_assert_max_num_queries: Any
) -> None:
    for _ in range(3):
        make_appeal(state="dispatched")
    with django_assert_max_num_queries(4):
        body = Client().get("/open311/v2/requests.json", {"jurisdiction_id": COUNTY}).json()
    assert len(body) == 3


def test_one_request_by_its_id_in_json_and_xml(make_appeal: MakeAppeal) -> None:
    case = make_appeal(state="dispatched")
    [request] = Client().get(f"/open311/v2/requests/{case.number}.json").json()
    assert request["service_request_id"] == case.number
    assert request["agency_responsible"] == "榕城区住房和城乡建设局"
    root = ET.fromstring(Client().get(f"/open311/v2/requests/{case.number}.xml").content)
    assert root.findtext("request/service_request_id") == case.number


def test_an_unknown_request_answers_404(db: None) -> None:
    response = Client().get("/open311/v2/requests/SQ000.json")
    assert response.status_code == 404
    assert errors_of(response)[0]["description"] == "没有找到该 service_request_id"


def test_a_request_of_another_jurisdiction_answers_404(make_appeal: MakeAppeal) -> None:
    case = make_appeal(region_code=VILLAGE)
    url = f"/open311/v2/requests/{case.number}.json"
    assert Client().get(url, {"jurisdiction_id": OTHER_COUNTY}).status_code == 404
    assert Client().get(url, {"jurisdiction_id": COUNTY}).status_code == 200


def test_a_token_gives_the_service_request_id(cast: Cast, api_key: str) -> None:
    posted = (
        Client()
        .post(
            "/open311/v2/requests.json",
            {
                "api_key": api_key,
                "jurisdiction_id": VILLAGE,
                "service_code": "env.noise",
                "address_string": "榕城区进东社区广场",
                "description": "晚上广场舞音响太吵，影响休息。",
                "media_url": "https://img.example.com/noise.jpg",
            },
        )
        .json()[0]
    )
    token = posted["token"]
    found = Client().get(f"/open311/v2/tokens/{token}.json").json()
    assert found == [{"service_request_id": posted["service_request_id"], "token": token}]
    root = ET.fromstring(Client().get(f"/open311/v2/tokens/{token}.xml").content)
    assert root.findtext("request/service_request_id") == posted["service_request_id"]
    # The request itself shows the media the client sent, but not who sent it.
    [request] = listed(service_request_id=posted["service_request_id"])
    assert request["media_url"] == "https://img.example.com/noise.jpg"
    assert Case.objects.get().channel == "open311"


def test_an_unknown_token_answers_404(db: None) -> None:
    response = Client().get("/open311/v2/tokens/deadbeef.xml")
    assert response.status_code == 404
    assert ET.fromstring(response.content).findtext("error/code") == "404"
