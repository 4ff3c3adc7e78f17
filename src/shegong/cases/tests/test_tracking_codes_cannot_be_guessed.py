"""Tracking by number and code is throttled: ten wrong codes lock that number for a while."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.test import Client

from shegong.conftest import VILLAGE, Cast


@pytest.fixture(autouse=True)
def clean_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def submit(client: Client) -> tuple[str, str]:
    body = {
        "type": "consult",
        "title": "咨询社保",
        "content": "请问社保关系怎么转移到揭阳？",
        "region_code": VILLAGE,
    }
    receipt = client.post("/api/v1/appeals", body, content_type="application/json").json()
    return receipt["number"], receipt["code"]


def test_ten_wrong_codes_lock_the_number_even_for_the_right_code(cast: Cast) -> None:
    client = Client()
    number, code = submit(client)
    for _ in range(10):
        assert client.get(f"/api/v1/track/{number}", {"code": "WRONG1"}).status_code == 404
    locked = client.get(f"/api/v1/track/{number}", {"code": code})
    assert locked.status_code == 404
    assert "次数过多" in locked.json()["message"]


def test_a_few_wrong_codes_do_not_lock_the_number(cast: Cast) -> None:
    client = Client()
    number, code = submit(client)
    for _ in range(3):
        client.get(f"/api/v1/track/{number}", {"code": "WRONG1"})
    assert client.get(f"/api/v1/track/{number}", {"code": code}).status_code == 200


def test_the_lock_says_the_same_for_a_number_that_does_not_exist(cast: Cast) -> None:
    client = Client()
    for _ in range(10):
        client.get("/api/v1/track/SQ20260101000000", {"code": "WRONG1"})
    body = client.get("/api/v1/track/SQ20260101000000", {"code": "WRONG1"}).json()
    # Locked numbers look the same whether or not they exist: nothing is revealed.
    assert "次数过多" in body["message"]
