"""The inbox at /appeals/: a tab per box the actor's roles give (派单员: 待派单/退单审核, 承办人:
本单位工单, 督办人: 超期工单, 领导: 全部, read-only), filters, paging and a fixed query count."""

from __future__ import annotations

from typing import Any

from django.test import Client

from shegong.appeals.actions import do_object
from shegong.cases.models import Case, Category
from shegong.cases.tests.steps import client_for, dispatched, submitted
from shegong.conftest import Cast


def inbox(client: Client, **params: Any) -> str:
    response = client.get("/appeals/", params)
    assert response.status_code == 200
    return response.content.decode()


def rows(body: str) -> int:
    return body.count('data-testid="inbox-row"')


def test_residents_and_grid_workers_have_no_inbox(cast: Cast) -> None:
    assert client_for(cast.resident).get("/appeals/").status_code == 404
    assert client_for(cast.grid_worker).get("/appeals/").status_code == 404


def test_the_dispatcher_sees_new_appeals_waiting_for_dispatch(cast: Cast) -> None:
    new, sent = submitted(cast), dispatched(cast)
    body = inbox(client_for(cast.dispatcher))
    assert [tab in body for tab in ("待派单", "退单审核", "全部", "本单位工单")] == [
        True,
        True,
        True,
        False,
    ]
    assert new.number in body
    assert sent.number not in body
    assert 'name="numbers"' in body  # rows can be ticked for the bulk dispatch
    assert "按派单目录派单" in body


def test_the_objection_tab_lists_cases_waiting_for_the_dispatchers_review(cast: Cast) -> None:
    objected = dispatched(cast)
    do_object(objected, actor=cast.handler, reason="不属于本局职责")
    new = submitted(cast)
    body = inbox(client_for(cast.dispatcher), tab="objected")
    assert objected.number in body
    assert new.number not in body


def test_the_handler_sees_the_cases_its_unit_holds(cast: Cast) -> None:
    mine, township, new = dispatched(cast), dispatched(cast, cast.township_unit), submitted(cast)
    body = inbox(client_for(cast.handler))
    assert "本单位工单" in body
    assert mine.number in body
    assert township.number not in body
    assert new.number not in body
    assert "批量签收" in body


def test_the_leader_reads_everything_in_scope_without_bulk_actions(cast: Cast) -> None:
    new, sent = submitted(cast), dispatched(cast)
    body = inbox(client_for(cast.leader))
    assert new.number in body
    assert sent.number in body
    assert 'name="numbers"' not in body
    assert "按派单目录派单" not in body
    assert "批量签收" not in body


def test_staff_of_another_county_see_none_of_these_cases(cast: Cast) -> None:
    case = submitted(cast)
    # The outsider has no 全部 tab, so asking for it falls back to their own box.
    body = inbox(client_for(cast.outsider), tab="all")
    assert case.number not in body
    assert "没有符合条件的工单" in body


def test_the_filters_narrow_the_list(cast: Cast) -> None:
    lamp = submitted(cast)
    noise = submitted(
        cast,
        title="广场舞噪音扰民",
        content="每晚十点后广场舞音响很大，影响休息。",
        category=Category.objects.get(code="env.noise"),
        urgency="urgent",
    )
    leader = client_for(cast.leader)
    assert noise.number not in inbox(leader, category="urban.roads")
    assert lamp.number not in inbox(leader, urgency="urgent")
    assert lamp.number not in inbox(leader, q="广场舞")
    body = inbox(leader, q=noise.number.lower())
    assert (noise.number in body, lamp.number in body) == (True, False)
    assert rows(inbox(leader, status="dispatched")) == 0


def test_a_filter_change_through_htmx_answers_with_the_results_only(cast: Cast) -> None:
    case = submitted(cast)
    response = client_for(cast.leader).get(
        "/appeals/", {"q": "路灯"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="inbox-results">')
    assert case.number in body
    # The tabs come along out of band, their links keeping the new filter.
    assert '<div id="inbox-tabs" hx-swap-oob="true">' in body
    assert 'href="/appeals/?q=%E8%B7%AF%E7%81%AF&amp;kind=appeals&amp;tab=all"' in body


def make_cases(cast: Cast, count: int) -> list[Case]:
    return [submitted(cast, title=f"第{i}号路灯不亮") for i in range(count)]


def test_the_inbox_pages_by_fifty_with_a_fixed_number_of_queries(
    cast: Cast, django_assert_max_num_queries: Any
) -> None:
    make_cases(cast, 55)
    dispatcher = client_for(cast.dispatcher)
    dispatcher.get("/appeals/")  # warm the session and the content types
    with django_assert_max_num_queries(10):
        body = inbox(dispatcher)
    assert rows(body) == 50
    assert "共 55 件" in body
    assert "下一页" in body
    second = inbox(dispatcher, page=2)
    assert rows(second) == 5
    assert "上一页" in second


def test_the_navigation_offers_the_shared_inbox_and_the_hotline_form_by_role(cast: Cast) -> None:
    dispatcher = client_for(cast.dispatcher).get("/workbench/").content.decode()
    handler = client_for(cast.handler).get("/workbench/").content.decode()
    grid = client_for(cast.grid_worker).get("/workbench/").content.decode()
    assert ('href="/inbox/"' in dispatcher, 'href="/appeals/hotline/"' in dispatcher) == (
        True,
        True,
    )
    assert ('href="/inbox/"' in handler, 'href="/appeals/hotline/"' in handler) == (True, False)
    assert 'href="/inbox/"' not in grid


def test_an_absurd_page_number_is_ignored(cast: Cast) -> None:
    submitted(cast)
    response = client_for(cast.leader).get("/appeals/", {"tab": "all", "page": "9" * 20})
    assert response.status_code == 200
    assert rows(response.content.decode()) == 1
