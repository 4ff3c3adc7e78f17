"""GET /api/v1/appeals/similar: the duplicate hints for the staff forms, scoped to the caller."""

from __future__ import annotations

from typing import Any

from django.test import Client

from shegong.cases.tests.steps import client_for, submitted
from shegong.conftest import VILLAGE, Cast

LAT, LNG = 23.5418, 116.3729
QUERY = {
    "text": "进东社区3号楼前路灯不亮，晚上很黑",
    "region_code": VILLAGE,
    "category": "urban.roads",
    "lat": str(LAT),
    "lng": str(LNG),
}


def test_the_form_gets_number_title_status_reason_score_and_distance(
    cast: Cast, django_assert_max_num_queries: Any
) -> None:
    lamp = submitted(cast, latitude=LAT + 0.0009, longitude=LNG)
    for _ in range(3):
        submitted(cast, title="路灯", content="公园里的路灯坏了。", region_code="445202001002")
    client = client_for(cast.dispatcher)
    with django_assert_max_num_queries(7):
        response = client.get("/api/v1/appeals/similar", QUERY)
    assert response.status_code == 200, response.content
    first = response.json()[0]
    assert first["number"] == lamp.number
    assert first["title"] == "小区路灯不亮"
    assert (first["status"], first["status_label"]) == ("received", "待派单")
    assert first["reason"] == "内容相似"
    assert first["score"] >= 0.25
    assert 90 < first["distance_m"] < 110


def test_the_case_page_can_leave_its_own_case_out(cast: Cast) -> None:
    lamp = submitted(cast)
    response = client_for(cast.dispatcher).get(
        "/api/v1/appeals/similar", {**QUERY, "exclude": lamp.number}
    )
    assert response.json() == []


def test_another_county_and_residents_get_404_and_strangers_401(cast: Cast) -> None:
    submitted(cast)
    assert client_for(cast.outsider).get("/api/v1/appeals/similar", QUERY).status_code == 404
    assert client_for(cast.resident).get("/api/v1/appeals/similar", QUERY).status_code == 404
    assert Client().get("/api/v1/appeals/similar", QUERY).status_code == 401


def test_a_malformed_region_code_is_404(cast: Cast) -> None:
    response = client_for(cast.dispatcher).get(
        "/api/v1/appeals/similar", {**QUERY, "region_code": "abc"}
    )
    assert response.status_code == 404
