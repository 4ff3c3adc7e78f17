"""An Open311 client posts a service request with its api_key; it becomes an appeal (R22)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from django.test import Client

from shegong.api.actions import do_create_open311_key, do_revoke_open311_key
from shegong.api.models import Open311Key, Open311Request
from shegong.api.tests.conftest import errors_of
from shegong.audit.models import AuditEntry
from shegong.cases.models import Case
from shegong.conftest import VILLAGE, Cast

DESCRIPTION = "进东社区3号楼前的路灯坏了一个月，晚上很黑，老人出门不方便，请尽快修复。"


def form(api_key: str, **changes: str) -> dict[str, str]:
    fields = {
        "api_key": api_key,
        "jurisdiction_id": VILLAGE,
        "service_code": "urban.roads",
        "lat": "23.5501",
        "long": "116.3702",
        "address_string": "榕城区进东社区3号楼",
        "email": "zhang@example.com",
        "device_id": "dev-1",
        "account_id": "acc-9",
        "first_name": "三",
        "last_name": "张",
        "phone": "13912345678",
        "description": DESCRIPTION,
        "media_url": "https://img.example.com/lamp.jpg",
    }
    fields.update(changes)
    return {k: v for k, v in fields.items() if v != ""}


def post(data: dict[str, str], fmt: str = "json", client: Client | None = None) -> Any:
    return (client or Client()).post(f"/open311/v2/requests.{fmt}", data)


def test_r22_a_posted_request_becomes_an_appeal_with_time_matter_contact_and_type(
    cast: Cast, api_key: str
) -> None:
    response = post(form(api_key))
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json; charset=utf-8"
    [receipt] = response.json()
    assert set(receipt) == {"service_request_id", "token", "service_notice", "account_id"}
    assert receipt["account_id"] is None
    case = Case.objects.get(number=receipt["service_request_id"])
    assert case.channel == "open311"
    assert case.subtype == "complaint"  # the default type without an attribute
    assert case.title == DESCRIPTION[:30]
    assert case.content == DESCRIPTION
    assert case.region_code == VILLAGE
    assert case.category is not None
    assert case.category.code == "urban.roads"
    assert (case.submitter_name, case.submitter_phone) == ("张三", "13912345678")
    assert (case.latitude, case.longitude) == (23.5501, 116.3702)
    assert case.address == "榕城区进东社区3号楼"
    assert case.status == "received"
    assert case.clocks.get().name == "dispatch"  # R25: the dispatch time limit runs
    # The receipt tells the resident how to follow the appeal on the citizen pages.
    assert case.number in receipt["service_notice"]
    assert "查询码" in receipt["service_notice"]


def test_what_only_open311_has_is_kept_beside_the_appeal(cast: Cast, api_key: str) -> None:
    receipt = post(form(api_key)).json()[0]
    record = Open311Request.objects.select_related("case", "key").get(token=receipt["token"])
    assert record.case.number == receipt["service_request_id"]
    assert record.key.name == "测试客户端"
    assert record.media_url == "https://img.example.com/lamp.jpg"
    assert (record.device_id, record.account_id) == ("dev-1", "acc-9")
    assert record.email == "zhang@example.com"
    audit = AuditEntry.objects.filter(verb="open311.submit").get()
    assert audit.payload["key"] == Open311Key.objects.get().prefix


def test_the_receipt_in_xml_is_a_service_requests_document(cast: Cast, api_key: str) -> None:
    response = post(form(api_key), fmt="xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    root = ET.fromstring(response.content)
    assert root.tag == "service_requests"
    request = root.find("request")
    assert request is not None
    assert [child.tag for child in request] == [
        "service_request_id",
        "token",
        "service_notice",
        "account_id",
    ]
    assert request.findtext("account_id") == ""
    assert Case.objects.filter(number=request.findtext("service_request_id")).exists()


def test_an_attribute_sets_the_appeal_type_and_asks_to_hide_the_name(
    cast: Cast, api_key: str
) -> None:
    data = form(api_key, **{"attribute[type]": "help", "attribute[hide_identity]": "true"})
    number = post(data).json()[0]["service_request_id"]
    case = Case.objects.get(number=number)
    assert case.subtype == "help"
    assert case.hide_identity is True


def test_an_address_alone_is_enough_location(cast: Cast, api_key: str) -> None:
    response = post(form(api_key, lat="", long=""))
    assert response.status_code == 200, response.content
    case = Case.objects.get(number=response.json()[0]["service_request_id"])
    assert case.latitude is None


def test_a_retry_with_the_same_client_token_gives_the_same_request(
    cast: Cast, api_key: str
) -> None:
    data = form(api_key, client_token="retry-42")
    first = post(data).json()[0]
    again = post(data).json()[0]
    assert again == first
    assert Case.objects.count() == 1


def test_the_same_client_token_from_another_client_is_another_request(
    cast: Cast, api_key: str
) -> None:
    _, other_key = do_create_open311_key(actor=None, name="另一个客户端")
    first = post(form(api_key, client_token="t-1")).json()[0]
    second = post(form(other_key, client_token="t-1")).json()[0]
    assert first["service_request_id"] != second["service_request_id"]


def test_the_post_needs_no_csrf_token(cast: Cast, api_key: str) -> None:
    response = post(form(api_key), client=Client(enforce_csrf_checks=True))
    assert response.status_code == 200


def test_a_missing_api_key_answers_403(cast: Cast) -> None:
    response = post(form(""))
    assert response.status_code == 403
    assert errors_of(response)[0]["description"] == "缺少 api_key，无法提交诉求"
    assert not Case.objects.exists()


def test_a_wrong_api_key_answers_403_in_xml_too(cast: Cast) -> None:
    response = post(form("o311_not-a-key"), fmt="xml")
    assert response.status_code == 403
    root = ET.fromstring(response.content)
    assert root.tag == "errors"
    assert root.findtext("error/code") == "403"
    assert root.findtext("error/description") == "api_key 无效或已吊销，无法提交诉求"


def test_a_revoked_api_key_answers_403(cast: Cast, api_key: str) -> None:
    do_revoke_open311_key(Open311Key.objects.get(), actor=None)
    assert post(form(api_key)).status_code == 403


def test_every_missing_field_is_named_in_one_400(cast: Cast, api_key: str) -> None:
    data = form(
        api_key,
        service_code="",
        jurisdiction_id="",
        lat="",
        long="",
        address_string="",
        description="",
    )
    response = post(data)
    assert response.status_code == 400
    descriptions = [e["description"] for e in errors_of(response)]
    assert len(descriptions) == 4
    assert descriptions[0] == "缺少 service_code"
    assert "jurisdiction_id" in descriptions[1]
    assert "lat" in descriptions[2]
    assert "description" in descriptions[3]


def test_region_code_stands_in_for_jurisdiction_id(cast: Cast, api_key: str) -> None:
    response = post(form(api_key, jurisdiction_id="", region_code=VILLAGE))
    assert response.status_code == 200


def test_an_unknown_service_code_answers_404(cast: Cast, api_key: str) -> None:
    response = post(form(api_key, service_code="nope"))
    assert response.status_code == 404
    assert errors_of(response)[0]["description"] == "没有找到该 service_code"


def test_an_unknown_jurisdiction_answers_404(cast: Cast, api_key: str) -> None:
    response = post(form(api_key, jurisdiction_id="city.gov"))
    assert response.status_code == 404
    assert "jurisdiction_id" in errors_of(response)[0]["description"]


def test_bad_values_answer_400_naming_the_field(cast: Cast, api_key: str) -> None:
    cases = {
        "lat": form(api_key, lat="north"),
        "attribute[type]": form(api_key, **{"attribute[type]": "praise"}),
        "media_url": form(api_key, media_url="javascript:alert(1)"),
        "description": form(api_key, description="太短"),
    }
    for field, data in cases.items():
        response = post(data)
        assert response.status_code == 400, field
        assert field in errors_of(response)[0]["description"], field
    assert not Case.objects.exists()


def test_a_description_over_4000_characters_is_refused(cast: Cast, api_key: str) -> None:
    response = post(form(api_key, description="路" * 4001))
    assert response.status_code == 400
    assert "4000" in errors_of(response)[0]["description"]


def test_fields_a_client_puts_in_the_query_string_are_taken_too(cast: Cast, api_key: str) -> None:
    data = form("", jurisdiction_id="")
    url = f"/open311/v2/requests.json?api_key={api_key}&jurisdiction_id={VILLAGE}"
    response = Client().post(url, data)
    assert response.status_code == 200, response.content
