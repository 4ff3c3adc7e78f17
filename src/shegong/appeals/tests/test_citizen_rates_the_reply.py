"""R29: the resident rates the reply from the phone: 满意/基本满意/不满意 and 已解决/未解决.

Without an account the number and the tracking code are the proof (`do_rate_with_code`); a
logged-in submitter rates as themselves (`do_rate`).
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from shegong.appeals.actions import do_rate_with_code
from shegong.audit.models import AuditEntry
from shegong.cases.models import Action, Case
from shegong.conftest import Cast, login

from .citizen_steps import replied_with_code


def _proved(case: Case, code: str) -> Client:
    client = Client()
    client.post("/m/appeals/track", {"number": case.number, "code": code})
    return client


def _rate(client: Client, case: Case, **fields: str) -> Client:
    body = {"rating": "satisfied", "resolved": "yes", **fields}
    client.post(f"/m/appeals/{case.number}/rate", body)
    return client


def test_r29_a_satisfied_and_resolved_rating_closes_the_case(cast: Cast) -> None:
    case, code = replied_with_code(cast)
    client = _proved(case, code)
    assert "请您评价" in client.get(f"/m/appeals/{case.number}").content.decode()
    response = client.post(
        f"/m/appeals/{case.number}/rate",
        {"rating": "satisfied", "resolved": "yes", "note": "很快就修好了"},
        follow=True,
    )
    page = response.content.decode()
    case.refresh_from_db()
    assert case.status == "closed"
    assert (case.rating, case.resolved) == ("satisfied", True)
    assert "感谢您的评价！" in page
    assert "已办结" in page
    assert "满意，已解决" in page
    assert "请您评价" not in page  # rated once, the form is gone


def test_r29_an_anonymous_rating_is_recorded_with_its_proof(cast: Cast) -> None:
    case, code = replied_with_code(cast)
    _rate(_proved(case, code), case)
    action = Action.objects.filter(case=case, verb="rate").get()
    assert action.actor is None
    assert action.data["proof"] == "tracking_code"
    entry = AuditEntry.objects.filter(verb="appeals.rate").get()
    assert entry.payload["proof"] == "tracking_code"


def test_r29_unresolved_sends_the_case_back_to_the_unit(cast: Cast) -> None:
    case, code = replied_with_code(cast)
    _rate(_proved(case, code), case, rating="unsatisfied", resolved="no")
    case.refresh_from_db()
    assert case.status == "processing"
    assert case.reopen_count == 1


def test_r29_the_logged_in_submitter_rates_as_themselves(cast: Cast) -> None:
    case, _code = replied_with_code(cast, submitter=cast.resident)
    _rate(login(Client(), cast.resident), case, rating="partly")
    case.refresh_from_db()
    assert case.status == "closed"
    assert Action.objects.get(case=case, verb="rate").actor == cast.resident


def test_a_rating_without_proof_is_not_found(cast: Cast) -> None:
    case, _code = replied_with_code(cast)
    response = Client().post(
        f"/m/appeals/{case.number}/rate", {"rating": "satisfied", "resolved": "yes"}
    )
    assert response.status_code == 404
    case.refresh_from_db()
    assert case.status == "replied"


def test_a_missing_answer_is_asked_for_in_chinese(cast: Cast) -> None:
    case, code = replied_with_code(cast)
    client = _proved(case, code)
    response = client.post(f"/m/appeals/{case.number}/rate", {"rating": "satisfied"})
    assert response.status_code == 400
    assert "请选择是否解决" in response.content.decode()
    case.refresh_from_db()
    assert case.status == "replied"


def test_a_second_rating_is_refused_with_the_reason(cast: Cast) -> None:
    case, code = replied_with_code(cast)
    client = _rate(_proved(case, code), case)
    response = client.post(
        f"/m/appeals/{case.number}/rate",
        {"rating": "unsatisfied", "resolved": "no"},
        follow=True,
    )
    assert "不能评价" in response.content.decode()
    case.refresh_from_db()
    assert (case.status, case.rating) == ("closed", "satisfied")


def test_r29_rating_with_a_wrong_code_is_refused_by_the_action(cast: Cast) -> None:
    case, _code = replied_with_code(cast)
    with pytest.raises(PermissionDenied):
        do_rate_with_code(case, code="AAAAAA", rating="satisfied", resolved=True)
    case.refresh_from_db()
    assert case.status == "replied"
