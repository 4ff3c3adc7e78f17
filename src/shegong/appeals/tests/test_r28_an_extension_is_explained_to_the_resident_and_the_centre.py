"""R28: an extension needs a reason and an explanation; the 诉求人 receives the explanation and
the centre a notice; no more than `APPEAL_MAX_EXTENSIONS` extensions."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from shegong.appeals.actions import do_extend
from shegong.cases.models import Notice
from shegong.cases.tests.steps import (
    PHONE,
    act,
    client_for,
    clock,
    dispatched,
    empty_outbox,
    fresh,
    processing,
    texts_to,
)
from shegong.conftest import Cast

EXPLANATION = "需等待供电部门停电后更换线路，预计延长 3 天。"


def test_r28_an_extension_texts_the_resident_and_tells_the_centre(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    case = processing(cast)
    due = clock(case, "feedback").due_at
    empty_outbox()
    with django_capture_on_commit_callbacks(execute=True):
        response = act(
            client_for(cast.handler),
            case.number,
            "extend",
            reason="需供电部门配合停电",
            explanation=EXPLANATION,
            days=3,
        )
    assert response.status_code == 200, response.content
    feedback = {c["name"]: c for c in response.json()["clocks"]}["feedback"]
    assert feedback["extended_by"] == 3 * 24 * 3600
    assert clock(case, "feedback").due_at == due + timedelta(days=3)
    (text,) = texts_to(PHONE)
    assert EXPLANATION in text
    assert case.number in text
    notice = Notice.objects.get(user=cast.dispatcher, case=case)
    assert "需供电部门配合停电" in notice.text
    assert fresh(case).status == "processing"


@pytest.mark.parametrize(
    ("reason", "explanation", "missing"),
    [("", EXPLANATION, "reason"), ("需停电", "", "explanation"), ("需停电", "   ", "explanation")],
)
def test_r28_an_extension_needs_a_reason_and_an_explanation(
    cast: Cast, reason: str, explanation: str, missing: str
) -> None:
    case = processing(cast)
    due = clock(case, "feedback").due_at
    with pytest.raises(ValidationError) as refused:
        do_extend(case, actor=cast.handler, reason=reason, explanation=explanation, days=3)
    assert missing in refused.value.message_dict
    assert clock(case, "feedback").due_at == due


def test_r28_an_extension_without_an_explanation_is_refused_by_the_api(cast: Cast) -> None:
    case = processing(cast)
    response = act(client_for(cast.handler), case.number, "extend", reason="需停电", days=3)
    assert response.status_code == 422
    assert "explanation" in response.json()["fields"]


def test_r28_an_extension_needs_a_length(cast: Cast) -> None:
    case = processing(cast)
    with pytest.raises(ValidationError):
        do_extend(case, actor=cast.handler, reason="需停电", explanation=EXPLANATION)


@override_settings(APPEAL_MAX_EXTENSIONS=2)
def test_r28_no_more_than_the_allowed_extensions(cast: Cast) -> None:
    case = processing(cast)
    handler = client_for(cast.handler)
    body = {"reason": "需停电", "explanation": EXPLANATION, "days": 1}
    assert act(handler, case.number, "extend", **body).status_code == 200
    assert act(handler, case.number, "extend", **body).status_code == 200
    third = act(handler, case.number, "extend", **body)
    assert third.status_code == 409
    assert "延期次数已达上限（2 次）" in third.json()["message"]
    assert clock(case, "feedback").extensions == 2


def test_r28_by_default_an_order_is_extended_once(cast: Cast) -> None:
    case = processing(cast)
    do_extend(case, actor=cast.handler, reason="需停电", explanation=EXPLANATION, days=1)
    response = act(
        client_for(cast.handler),
        case.number,
        "extend",
        reason="还需停电",
        explanation=EXPLANATION,
        days=1,
    )
    assert response.status_code == 409


def test_r28_an_order_not_yet_accepted_cannot_be_extended(cast: Cast) -> None:
    case = dispatched(cast)
    response = act(
        client_for(cast.handler),
        case.number,
        "extend",
        reason="需停电",
        explanation=EXPLANATION,
        days=1,
    )
    assert response.status_code == 409
