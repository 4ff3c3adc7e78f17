"""R23: the centre may answer an appeal by triage instead of dispatch: 转紧急热线, 告知法定渠道
(incl. 已进入信访), 告知重复诉求进展, 保密解释, 市场社会渠道, 劝导, and 转人民建议."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from shegong.appeals.actions import do_dispatch, do_triage
from shegong.appeals.models import TriageOutcome
from shegong.cases.actions import CaseConflictError
from shegong.cases.tests.steps import (
    PHONE,
    act,
    client_for,
    clock,
    empty_outbox,
    fresh,
    submitted,
    texts_to,
)
from shegong.conftest import Cast


@pytest.mark.parametrize("outcome", TriageOutcome.values)
def test_r23_every_triage_outcome_closes_the_appeal_and_texts_the_resident(
    cast: Cast, outcome: str, django_capture_on_commit_callbacks: Any
) -> None:
    case = submitted(cast)
    empty_outbox()
    with django_capture_on_commit_callbacks(execute=True):
        do_triage(case, actor=cast.dispatcher, outcome=outcome)

    case = fresh(case)
    assert case.status == "diverted"
    assert case.closed_at is not None
    assert case.data["triage"] == outcome
    label = str(TriageOutcome(outcome).label)
    assert case.actions.last().note == label  # type: ignore[union-attr]
    (text,) = texts_to(PHONE)
    assert case.number in text
    assert label in text
    # The appeal was answered, so its dispatch limit no longer runs.
    assert clock(case, "dispatch").state() == "stopped"


@pytest.mark.parametrize(("outcome", "channel"), [("petition", "信访"), ("suggestion", "人民建议")])
def test_r23_petitions_and_suggestions_are_recorded_as_hand_overs(
    cast: Cast, outcome: str, channel: str
) -> None:
    case = do_triage(submitted(cast), actor=cast.dispatcher, outcome=outcome, note="已转交")
    handover = fresh(case).data["handover"]
    assert handover["to"] == outcome
    assert channel in handover["label"]
    assert handover["by"] == cast.dispatcher.pk
    assert fresh(case).actions.last().data["handover"] == outcome  # type: ignore[union-attr]


def test_r23_the_other_outcomes_hand_nothing_over(cast: Cast) -> None:
    case = do_triage(submitted(cast), actor=cast.dispatcher, outcome="market")
    assert "handover" not in fresh(case).data


def test_r23_a_triage_through_the_api_shows_the_appeal_as_diverted(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    case = submitted(cast)
    empty_outbox()
    with django_capture_on_commit_callbacks(execute=True):
        response = act(
            client_for(cast.dispatcher),
            case.number,
            "triage",
            outcome="legal_channel",
            note="劳动争议请向劳动人事争议仲裁委员会申请仲裁。",
        )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == {"code": "diverted", "label": "已分流告知"}
    assert "仲裁委员会" in texts_to(PHONE)[0]


def test_r23_an_unknown_outcome_is_refused_and_the_appeal_stays_open(cast: Cast) -> None:
    case = submitted(cast)
    with pytest.raises(ValidationError):
        do_triage(case, actor=cast.dispatcher, outcome="ignore")
    response = act(client_for(cast.dispatcher), case.number, "triage", outcome="ignore")
    assert response.status_code == 422
    assert response.json()["message"] == "分流方式无效"
    assert fresh(case).status == "received"


def test_r23_only_the_centre_triages(cast: Cast) -> None:
    case = submitted(cast)
    with pytest.raises(PermissionDenied):
        do_triage(case, actor=cast.handler, outcome="market")
    assert act(client_for(cast.handler), case.number, "triage", outcome="market").status_code == 403


def test_r23_a_dispatched_appeal_can_no_longer_be_triaged(cast: Cast) -> None:
    case = do_dispatch(submitted(cast), actor=cast.dispatcher, unit=cast.department)
    with pytest.raises(CaseConflictError):
        do_triage(case, actor=cast.dispatcher, outcome="market")
