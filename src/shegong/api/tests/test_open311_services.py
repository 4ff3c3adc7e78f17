"""An Open311 client discovers the endpoint and reads the services and their definitions."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from django.test import Client

from shegong.api.tests.conftest import errors_of
from shegong.cases.models import Category

XML = "text/xml; charset=utf-8"
JSON = "application/json; charset=utf-8"


def test_discovery_names_the_v2_endpoint_and_both_formats(db: None) -> None:
    body = Client().get("/open311/v2/discovery.json").json()
    endpoint = body["endpoints"][0]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"] == "http://testserver/open311/v2"
    assert endpoint["formats"] == ["text/xml", "application/json"]
    assert {"changeset", "contact", "key_service"} <= set(body)


def test_discovery_in_xml_has_the_declaration_and_nested_formats(db: None) -> None:
    response = Client().get("/open311/v2/discovery.xml")
    assert response["Content-Type"] == XML
    assert response.content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    root = ET.fromstring(response.content)
    assert root.tag == "discovery"
    formats = root.findall("endpoints/endpoint/formats/format")
    assert [f.text for f in formats] == ["text/xml", "application/json"]


def test_the_endpoint_root_leads_to_discovery(db: None) -> None:
    response = Client().get("/open311/v2/")
    assert response.status_code == 302
    assert response["Location"] == "/open311/v2/discovery.xml"


def test_services_are_the_active_leaf_categories_grouped_by_parent(db: None) -> None:
    response = Client().get("/open311/v2/services.json")
    assert response["Content-Type"] == JSON
    services = {s["service_code"]: s for s in response.json()}
    roads = services["urban.roads"]
    assert roads == {
        "service_code": "urban.roads",
        "service_name": "市政道路设施",
        "description": "市政道路设施",
        "metadata": True,
        "type": "realtime",
        "keywords": "路灯, 井盖, 道路, 破损, 积水, 排水",
        "group": "城乡建设",
    }
    assert "urban" not in services  # a group, not a service
    assert services["other"]["group"] == ""
    # Chinese stays readable UTF-8 in the body, not \\u escapes.
    assert "市政道路设施".encode() in response.content


def test_an_inactive_category_is_not_offered(db: None) -> None:
    Category.objects.filter(code="urban.roads").update(is_active=False)
    codes = [s["service_code"] for s in Client().get("/open311/v2/services.json").json()]
    assert "urban.roads" not in codes
    response = Client().get("/open311/v2/services/urban.roads.json")
    assert response.status_code == 404


def test_services_in_xml_are_service_elements(db: None) -> None:
    response = Client().get("/open311/v2/services.xml")
    assert response["Content-Type"] == XML
    root = ET.fromstring(response.content)
    assert root.tag == "services"
    roads = next(s for s in root.findall("service") if s.findtext("service_code") == "urban.roads")
    assert roads.findtext("service_name") == "市政道路设施"
    assert roads.findtext("metadata") == "true"
    assert roads.findtext("group") == "城乡建设"


def test_a_service_definition_lists_the_appeal_type_attribute(db: None) -> None:
    body = Client().get("/open311/v2/services/urban.roads.json").json()
    assert body["service_code"] == "urban.roads"
    kinds = body["attributes"][0]
    assert kinds["code"] == "type"
    assert kinds["datatype"] == "singlevaluelist"
    assert kinds["required"] is False
    assert kinds["order"] == 1
    assert {v["key"]: v["name"] for v in kinds["values"]} == {
        "consult": "咨询",
        "help": "求助",
        "complaint": "投诉",
        "report": "举报",
        "suggest": "建议",
    }


def test_a_service_definition_in_xml_nests_attributes_and_values(db: None) -> None:
    response = Client().get("/open311/v2/services/urban.roads.xml")
    root = ET.fromstring(response.content)
    assert root.tag == "service_definition"
    assert root.findtext("service_code") == "urban.roads"
    keys = [v.text for v in root.findall("attributes/attribute/values/value/key")]
    assert keys[:5] == ["consult", "help", "complaint", "report", "suggest"]


def test_an_unknown_service_code_answers_404_with_the_spec_error_body(db: None) -> None:
    response = Client().get("/open311/v2/services/nope.json")
    assert response.status_code == 404
    assert errors_of(response)[0]["description"] == "没有找到该 service_code"


def test_an_unknown_service_code_in_xml_answers_the_errors_document(db: None) -> None:
    response = Client().get("/open311/v2/services/nope.xml")
    assert response.status_code == 404
    assert response["Content-Type"] == XML
    root = ET.fromstring(response.content)
    assert root.tag == "errors"
    assert root.findtext("error/code") == "404"
    assert root.findtext("error/description") == "没有找到该 service_code"


def test_a_malformed_jurisdiction_id_is_not_found(db: None) -> None:
    response = Client().get("/open311/v2/services.json", {"jurisdiction_id": "sfgov.org"})
    assert response.status_code == 404
    assert "jurisdiction_id" in errors_of(response)[0]["description"]


def test_an_unknown_resource_or_format_answers_a_spec_404(db: None) -> None:
    response = Client().get("/open311/v2/nothing.json")
    assert response.status_code == 404
    assert errors_of(response)
    response = Client().get("/open311/v2/services.csv")
    assert response.status_code == 404
    assert ET.fromstring(response.content).tag == "errors"


def test_a_write_to_a_read_only_resource_answers_405_with_the_error_body(db: None) -> None:
    response = Client().post("/open311/v2/services.json")
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert errors_of(response)
