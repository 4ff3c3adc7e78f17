"""A logged-in resident sees the appeals they brought, and nobody else's."""

from __future__ import annotations

from typing import Any

from django.test import Client

from shegong.conftest import Cast, login

from .citizen_steps import replied_with_code, submit

MINE = "/m/appeals/mine"


def test_a_resident_sees_their_own_appeals_with_their_status(cast: Cast) -> None:
    client = login(Client(), cast.resident)
    submit(client, title="楼道灯坏了")
    replied_with_code(cast, submitter=cast.resident)
    replied_with_code(cast)  # someone else's
    page = client.get(MINE).content.decode()
    assert "楼道灯坏了" in page
    assert "待派单" in page
    assert "已答复待回访" in page
    assert page.count('class="card m-case-row"') == 2


def test_the_list_costs_the_same_few_queries_however_long_it_is(
    cast: Cast, django_assert_max_num_queries: Any
) -> None:
    client = login(Client(), cast.resident)
    for n in range(5):
        submit(client, title=f"诉求{n}")
    with django_assert_max_num_queries(3):
        response = client.get(MINE)
    assert response.content.decode().count('class="card m-case-row"') == 5


def test_a_visitor_is_asked_to_log_in_by_phone(cast: Cast) -> None:
    response = Client().get(MINE)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/sms/?next=")
