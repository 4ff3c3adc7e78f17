"""Bulk actions from the inbox: the dispatcher dispatches several new appeals by the 派单目录
(R24), the handler accepts several at once; each case is its own transaction, and the page says
how many went through and why the others did not."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.test import Client

from shegong.cases.tests.steps import client_for, dispatched, fresh, submitted
from shegong.conftest import Cast

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response


def bulk(client: Client, action: str, *numbers: str) -> Response:
    data = {"action": action, "numbers": list(numbers), "next": "/appeals/?tab=dispatch"}
    return client.post("/appeals/bulk/", data, follow=True)


def test_r24_bulk_dispatch_sends_each_case_by_the_catalogue_and_explains_a_failure(
    cast: Cast,
) -> None:
    first, second = submitted(cast), submitted(cast)
    # Someone else dispatched this one after the dispatcher loaded the page.
    taken = dispatched(cast)
    response = bulk(
        client_for(cast.dispatcher), "dispatch", first.number, second.number, taken.number
    )
    body = response.content.decode()
    assert response.redirect_chain[-1][0] == "/appeals/?tab=dispatch"
    assert "已派单 2 件" in body
    assert f"1 件未能派单：{taken.number}：工单当前为「待签收」，不能派单" in body
    # No dispatch rule is configured, so the district government takes both (R24).
    assert {fresh(first).lead_unit, fresh(second).lead_unit} == {cast.district}
    assert fresh(taken).lead_unit == cast.department


def test_the_handler_accepts_several_cases_at_once(cast: Cast) -> None:
    first, second = dispatched(cast), dispatched(cast)
    body = bulk(client_for(cast.handler), "accept", first.number, second.number).content.decode()
    assert "已签收 2 件" in body
    assert (fresh(first).status, fresh(second).status) == ("processing", "processing")


def test_a_leader_cannot_dispatch_in_bulk(cast: Cast) -> None:
    case = submitted(cast)
    body = bulk(client_for(cast.leader), "dispatch", case.number).content.decode()
    assert f"1 件未能派单：{case.number}：您没有权限派单" in body
    assert fresh(case).status == "received"


def test_a_case_outside_the_scope_is_reported_as_not_found(cast: Cast) -> None:
    case = submitted(cast)
    body = bulk(client_for(cast.outsider), "accept", case.number).content.decode()
    assert f"{case.number}：未找到该工单" in body


def test_nothing_ticked_asks_to_tick_cases_first(cast: Cast) -> None:
    body = bulk(client_for(cast.dispatcher), "dispatch").content.decode()
    assert "请先勾选工单" in body


def test_bulk_actions_need_a_post(cast: Cast) -> None:
    assert client_for(cast.dispatcher).get("/appeals/bulk/").status_code == 405
