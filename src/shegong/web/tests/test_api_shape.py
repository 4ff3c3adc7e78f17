"""The API root: OpenAPI, one Chinese error shape, UTF-8 text, region lookup endpoints."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from shegong.conftest import Cast, login


@pytest.fixture
def jieyang(db: None) -> None:
    call_command("regions", "load", "--city", "4452", stdout=StringIO(), stderr=StringIO())


def test_the_openapi_document_is_served(client: Client, db: None) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["info"]["title"] == "社工 API"
    assert "/api/v1/regions/search" in spec["paths"]
    assert client.get("/api/v1/docs").status_code == 200


def test_chinese_text_is_utf8_not_escaped(client: Client, jieyang: None) -> None:
    response = client.get("/api/v1/regions/445202")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "榕城区".encode() in response.content
    assert response.json()["full_name"] == "广东省 揭阳市 榕城区"


def test_children_of_a_county_are_its_townships(client: Client, jieyang: None) -> None:
    children = client.get("/api/v1/regions/445202000000/children").json()
    assert children[0]["code"] == "445202001000"
    assert {c["level"] for c in children} == {4}


def test_search_by_name_and_by_code_prefix(client: Client, jieyang: None) -> None:
    by_name = client.get("/api/v1/regions/search", {"q": "榕华"}).json()
    assert any(r["code"] == "445202001000" for r in by_name)
    by_code = client.get("/api/v1/regions/search", {"q": "4452020010"}).json()
    assert by_code
    assert all(r["code"].startswith("4452020010") for r in by_code)


def test_an_unknown_region_gives_the_404_shape(client: Client, jieyang: None) -> None:
    body = client.get("/api/v1/regions/999999").json()
    assert body == {"code": "not_found", "message": "未找到该区划", "fields": {}}


def test_bad_parameters_give_the_422_shape_in_chinese(client: Client, db: None) -> None:
    response = client.get("/api/v1/regions/search", {"q": "x", "limit": "abc"})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert body["fields"]["limit"] == ["请输入整数"]


def test_me_needs_a_login(client: Client, db: None) -> None:
    assert client.get("/api/v1/me").status_code == 401


def test_me_works_with_the_browser_session(client: Client, cast: Cast) -> None:
    body = login(client, cast.resident).get("/api/v1/me").json()
    assert body["roles"] == [{"code": "resident", "label": "群众/志愿者"}]
    assert body["scope_code"] is None
