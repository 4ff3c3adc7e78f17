"""The `georeport` client from PyPI works against a running shegong, in JSON and in XML.

georeport 0.3.1 reads services, service definitions and requests; it has no call for discovery,
for POST or for tokens, so those go through `requests`, the HTTP library the client itself uses,
exactly as the spec spells them (form-encoded POST with api_key).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import pytest
import requests
from georeport import GeoReport

from shegong.api.tests.conftest import errors_of
from shegong.appeals.actions import do_dispatch
from shegong.cases.models import Case
from shegong.conftest import COUNTY, OTHER_COUNTY, VILLAGE, Cast

FORMATS = ["json", "xml"]


@pytest.fixture
def endpoint(live_server: Any) -> str:
    return f"{live_server.url}/open311/v2"


def as_list(value: Any) -> list[Any]:
    """xmltodict gives a dict for one repeated element and a list for several."""
    return value if isinstance(value, list) else [value]


def post_request(endpoint: str, api_key: str, fmt: str = "json", **changes: str) -> Any:
    data = {
        "api_key": api_key,
        "jurisdiction_id": VILLAGE,
        "service_code": "urban.roads",
        "lat": "23.5501",
        "long": "116.3702",
        "address_string": "榕城区进东社区3号楼",
        "first_name": "三",
        "last_name": "张",
        "phone": "13912345678",
        "description": "进东社区3号楼前的路灯坏了一个月，晚上很黑。",
        "media_url": "https://img.example.com/lamp.jpg",
        **changes,
    }
    return requests.post(f"{endpoint}/requests.{fmt}", data=data, timeout=10)


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_client_lists_the_services(endpoint: str, fmt: str) -> None:
    client = GeoReport(endpoint, jurisdiction=COUNTY, output_format=fmt)
    services = {s["service_code"]: s for s in client.get_service_list()}
    assert services["urban.roads"]["service_name"] == "市政道路设施"
    assert services["urban.roads"]["group"] == "城乡建设"
    assert services["urban.roads"]["type"] == "realtime"


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_client_reads_a_service_definition(endpoint: str, fmt: str) -> None:
    definition = GeoReport(endpoint, output_format=fmt).get_service_definition("env.noise")
    assert definition["service_code"] == "env.noise"
    attributes = definition["attributes"]
    first = attributes[0] if fmt == "json" else as_list(attributes["attribute"])[0]
    assert first["code"] == "type"


def test_the_client_sees_a_404_with_the_spec_error_body(endpoint: str) -> None:
    with pytest.raises(requests.HTTPError) as raised:
        GeoReport(endpoint).get_service_definition("nope")
    response = raised.value.response
    assert response is not None
    assert response.status_code == 404
    assert response.json() == [{"code": 404, "description": "没有找到该 service_code"}]


def test_discovery_answers_over_http(endpoint: str) -> None:
    body = requests.get(f"{endpoint}/discovery.json", timeout=10).json()
    assert body["endpoints"][0]["url"] == endpoint


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_posted_request_is_followed_with_the_client(
    endpoint: str, cast: Cast, api_key: str, fmt: str
) -> None:
    response = post_request(endpoint, api_key)
    assert response.status_code == 200, response.text
    [receipt] = response.json()
    number = receipt["service_request_id"]
    do_dispatch(Case.objects.get(number=number), actor=cast.dispatcher, unit=cast.department)

    client = GeoReport(endpoint, jurisdiction=COUNTY, output_format=fmt)
    [listed] = as_list(client.get_service_requests(service_code="urban.roads", status="open"))
    assert listed["service_request_id"] == number
    assert listed["agency_responsible"] == "榕城区住房和城乡建设局"
    one = client.get_service_request(number)
    if fmt == "xml":
        one = as_list(one)[0]
    assert one["status"] == "open"
    assert one["media_url"] == "https://img.example.com/lamp.jpg"
    assert "13912345678" not in str(one)
    assert "张三" not in str(one)


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_clients_filters_reach_the_server(
    endpoint: str, cast: Cast, api_key: str, fmt: str
) -> None:
    roads = post_request(endpoint, api_key).json()[0]["service_request_id"]
    noise = post_request(
        endpoint, api_key, service_code="env.noise", description="晚上广场舞音响太吵，影响休息。"
    ).json()[0]["service_request_id"]
    client = GeoReport(endpoint, output_format=fmt)
    by_ids = client.get_service_requests(service_request_id=f"{roads},{noise}")
    assert {r["service_request_id"] for r in as_list(by_ids)} == {roads, noise}
    old = {"start_date": "2020-01-01T00:00:00Z", "end_date": "2020-03-01T00:00:00Z"}
    assert none_found(endpoint, fmt, service_code="env.noise", **old)
    assert none_found(endpoint, fmt, status="closed")
    assert none_found(endpoint, fmt, jurisdiction=OTHER_COUNTY)


def none_found(endpoint: str, fmt: str, jurisdiction: str | None = None, **params: str) -> bool:
    """An empty answer. georeport 0.3.1 cannot read an empty XML list (xmltodict turns
    `<service_requests />` into None and the client indexes it), so XML is read directly."""
    if fmt == "json":
        client = GeoReport(endpoint, jurisdiction=jurisdiction)
        found: list[Any] = client.get_service_requests(**params)
        return found == []
    if jurisdiction:
        params["jurisdiction_id"] = jurisdiction
    response = requests.get(f"{endpoint}/requests.xml", params=params, timeout=10)
    root = ET.fromstring(response.content)
    return response.status_code == 200 and root.tag == "service_requests" and not list(root)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_token_from_the_post_resolves_to_the_request(
    endpoint: str, cast: Cast, api_key: str, fmt: str
) -> None:
    response = post_request(endpoint, api_key, fmt=fmt)
    assert response.status_code == 200
    token = Case.objects.get().open311.token
    answer = requests.get(f"{endpoint}/tokens/{token}.json", timeout=10).json()
    assert answer == [{"service_request_id": Case.objects.get().number, "token": token}]


def test_a_post_with_a_wrong_key_is_refused_with_the_spec_body(endpoint: str, cast: Cast) -> None:
    response = post_request(endpoint, "o311_wrong")
    assert response.status_code == 403
    errors_of(response)
    assert not Case.objects.exists()
