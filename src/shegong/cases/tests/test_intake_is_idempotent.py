"""Intake is idempotent: a retried submission with the same client token gets the same case,
number and tracking code, and nothing is registered twice."""

from __future__ import annotations

import secrets
from typing import Any

import pytest
from django.test import Client

from shegong.appeals.actions import do_submit_appeal
from shegong.cases.models import Action, Case, Clock
from shegong.cases.tests.steps import intake_data
from shegong.conftest import VILLAGE, Cast

APPEAL = {
    "type": "complaint",
    "title": "工地夜间施工",
    "content": "进东社区旁的工地每晚十一点后还在打桩，影响休息。",
    "region_code": VILLAGE,
    "category": "urban.construction",
    "phone": "13912345678",
}


def post(body: dict[str, Any]) -> Any:
    return Client().post("/api/v1/appeals", body, content_type="application/json")


def test_a_retry_with_the_same_token_returns_the_same_case(cast: Cast) -> None:
    first = post({**APPEAL, "client_token": "phone-7f3a-0001"})
    retry = post({**APPEAL, "client_token": "phone-7f3a-0001"})
    assert (first.status_code, retry.status_code) == (201, 200)
    assert first.json()["created"] is True
    assert retry.json()["created"] is False
    assert retry.json()["number"] == first.json()["number"]
    assert retry.json()["code"] == first.json()["code"]
    assert Case.objects.count() == 1
    assert Action.objects.filter(verb="intake").count() == 1
    assert Clock.objects.filter(name="dispatch").count() == 1


def test_the_retried_code_opens_the_tracking_page(cast: Cast) -> None:
    post({**APPEAL, "client_token": "phone-7f3a-0002"})
    retry = post({**APPEAL, "client_token": "phone-7f3a-0002"}).json()
    tracked = Client().get(f"/api/v1/track/{retry['number']}", {"code": retry["code"]})
    assert tracked.status_code == 200


def test_a_retry_never_changes_the_first_submission(cast: Cast) -> None:
    post({**APPEAL, "client_token": "phone-7f3a-0003"})
    post({**APPEAL, "title": "改过的标题", "client_token": "phone-7f3a-0003"})
    assert Case.objects.get().title == "工地夜间施工"


def test_different_tokens_make_different_cases(cast: Cast) -> None:
    a = post({**APPEAL, "client_token": "phone-7f3a-0004"}).json()
    b = post({**APPEAL, "client_token": "phone-7f3a-0005"}).json()
    assert a["number"] != b["number"]
    assert Case.objects.count() == 2


def test_without_a_token_each_submission_is_a_new_case(cast: Cast) -> None:
    post(APPEAL)
    post(APPEAL)
    assert Case.objects.count() == 2


def test_a_number_drawn_twice_is_drawn_again(cast: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    # The random part of the number is six digits; on a busy day two draws can meet.
    draws = iter([123456, 123456, 654321])
    monkeypatch.setattr(secrets, "randbelow", lambda _n: next(draws))
    first = do_submit_appeal(intake_data(cast), actor=cast.resident).case
    second = do_submit_appeal(intake_data(cast), actor=cast.resident).case
    assert first.number.endswith("123456")
    assert second.number.endswith("654321")
    assert Case.objects.count() == 2
