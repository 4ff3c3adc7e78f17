"""Acceptance: retried submissions with the same client token create one case, even when the
retries arrive at the same moment (a phone on a bad network), on SQLite and PostgreSQL."""

from __future__ import annotations

from functools import partial
from typing import Any

import pytest
from django.test import Client

from shegong.cases.models import Action, Case, Clock
from shegong.cases.tests.steps import run_together
from shegong.conftest import VILLAGE

THREADS = 8
APPEAL = {
    "type": "complaint",
    "title": "小区电梯停运",
    "content": "进东社区5号楼电梯停运三天，老人上下楼困难。",
    "region_code": VILLAGE,
    "category": "urban.housing",
    "phone": "13912345678",
    "client_token": "android-3c1e-retry",
}


def submit() -> tuple[int, dict[str, Any]]:
    response = Client().post("/api/v1/appeals", APPEAL, content_type="application/json")
    return response.status_code, response.json()


@pytest.mark.usefixtures("shared_database")
def test_simultaneous_retries_with_one_token_create_one_case() -> None:
    answers = run_together([submit] * THREADS)

    statuses = sorted(status for status, _ in answers)
    assert statuses == [200] * (THREADS - 1) + [201], answers
    assert len({body["number"] for _, body in answers}) == 1
    assert len({body["code"] for _, body in answers}) == 1
    assert [body["created"] for _, body in answers].count(True) == 1

    case = Case.objects.get()
    assert case.number == answers[0][1]["number"]
    assert Action.objects.filter(case=case).count() == 1
    assert Clock.objects.filter(case=case, name="dispatch").count() == 1


@pytest.mark.usefixtures("shared_database")
def test_simultaneous_submissions_with_different_tokens_all_count() -> None:
    def submit_as(token: str) -> int:
        body = {**APPEAL, "client_token": token}
        return Client().post("/api/v1/appeals", body, content_type="application/json").status_code

    jobs = [partial(submit_as, f"phone-{n}") for n in range(THREADS)]
    assert run_together(jobs) == [201] * THREADS
    assert Case.objects.count() == THREADS
    assert len(set(Case.objects.values_list("number", flat=True))) == THREADS
