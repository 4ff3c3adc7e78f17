"""Intake writes the case, its first timeline step, the procedure's clock and the audit row in
one transaction of five statements, and looks the client token up only when the insert
conflicts: a retry costs the refused insert and one lookup. Measured as production runs, with
no test transaction around it (bench/bench_appeals.py prints the same count)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from shegong.cases.models import Case
from shegong.conftest import VILLAGE, Cast

pytestmark = pytest.mark.django_db(transaction=True)

APPEAL = {
    "type": "complaint",
    "title": "小区电梯停运",
    "content": "进东社区5号楼电梯停运三天，老人上下楼困难。",
    "region_code": VILLAGE,
    "category": "urban.housing",
    "phone": "13912345678",
}
TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")


def post(**fields: Any) -> Any:
    body = {**APPEAL, **fields}
    return Client().post("/api/v1/appeals", body, content_type="application/json")


def statements(queries: CaptureQueriesContext) -> list[str]:
    """The SQL that reads or writes rows, without the transaction's own BEGIN/COMMIT."""
    sql = [query["sql"] for query in queries.captured_queries]
    return [s for s in sql if not s.upper().startswith(TRANSACTION_CONTROL)]


def test_a_new_appeal_is_five_statements_in_one_transaction(cast: Cast) -> None:
    post(client_token="warm-up")  # the worker's copies of the tiers and categories
    with CaptureQueriesContext(connection) as queries:
        response = post(client_token="phone-0001")

    assert response.status_code == 201
    sql = statements(queries)
    tables = ["cases_case", "cases_action", "cases_clock", "audit_auditentry"]
    assert len(sql) == 5, sql
    for statement, table in zip([sql[0], sql[1], sql[2], sql[4]], tables, strict=True):
        assert statement.startswith(f'INSERT INTO "{table}"'), statement
    assert "audit_auditentry" in sql[3]  # the newest hash of the chain, read under its lock


def test_a_retry_costs_the_refused_insert_and_one_lookup(cast: Cast) -> None:
    first = post(client_token="phone-0002")
    with CaptureQueriesContext(connection) as queries:
        retry = post(client_token="phone-0002")

    assert (first.status_code, retry.status_code) == (201, 200)
    assert retry.json()["number"] == first.json()["number"]
    sql = statements(queries)
    assert len(sql) == 2, sql
    assert sql[0].startswith('INSERT INTO "cases_case"')
    assert Case.objects.count() == 1


def test_a_retry_whose_text_would_now_be_refused_still_gets_its_case(cast: Cast) -> None:
    first = post(client_token="phone-0003")
    retry = post(client_token="phone-0003", content="太短")

    assert (first.status_code, retry.status_code) == (201, 200)
    assert retry.json()["number"] == first.json()["number"]
    assert Case.objects.get().content == APPEAL["content"]


def test_a_new_appeal_with_text_too_short_is_refused_and_nothing_is_written(cast: Cast) -> None:
    response = post(client_token="phone-0004", content="太短")

    assert response.status_code == 422
    assert "content" in response.json()["fields"]
    assert not Case.objects.exists()
