"""R11: the handling organ answers within 60 days of 受理; one extension of at most 30 days,
approved by a 负责人 of that organ, with a 延期告知书 giving the reason to the petitioner.

Accepted on Tuesday 2 June 2026: day 60 is Saturday 1 August, a rest day, so the period ends at
24:00 on Monday 3 August. A 30-day extension counts on from that last day: Wednesday 2 September.
"""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from shegong.cases.actions import CaseConflictError
from shegong.cases.models import Case
from shegong.conftest import Cast
from shegong.lib.workdays import end_of_day
from shegong.petitions import actions
from shegong.petitions.models import DocumentKind, PetitionDocument
from shegong.petitions.tests.conftest import Offices
from shegong.petitions.tests.steps import (
    accepted,
    act,
    at,
    client_for,
    clock,
    document,
    document_text,
)

ACCEPTED_ON = date(2026, 6, 2)
REASON = "需委托第三方检测机构鉴定渗漏原因"


def accepted_in_june(cast: Cast, offices: Offices) -> Case:
    with time_machine.travel(at(ACCEPTED_ON), tick=False):
        return accepted(cast, offices)


def extend(case: Case, offices: Offices, days: int = 30) -> Case:
    with time_machine.travel(at(date(2026, 7, 20)), tick=False):
        return actions.do_extend(
            case,
            actor=offices.dept_colleague,
            days=days,
            reason=REASON,
            approver=offices.dept_leader,
        )


def test_r11_the_handling_clock_runs_60_days_from_acceptance(cast: Cast, offices: Offices) -> None:
    case = accepted_in_june(cast, offices)
    handling = clock(case, "handling")
    assert handling.unit == cast.department
    assert handling.due_at == end_of_day(date(2026, 8, 3))
    # The 受理告知书 names the last day the petitioner can expect an answer by.
    assert "2026年8月3日" in document_text(document(case, DocumentKind.ACCEPTANCE))


def test_r11_a_leader_approves_one_extension_of_30_days(cast: Cast, offices: Offices) -> None:
    case = extend(accepted_in_june(cast, offices), offices)
    handling = clock(case, "handling")
    assert handling.due_at == end_of_day(date(2026, 9, 2))
    assert handling.extensions == 1
    text = document_text(document(case, DocumentKind.EXTENSION))
    for words in ("信访事项延期办理告知书", REASON, "钟局长", "延长30日", "2026年9月2日"):
        assert words in text


def test_r11_a_second_extension_is_refused(cast: Cast, offices: Offices) -> None:
    case = extend(accepted_in_june(cast, offices), offices, days=10)
    with pytest.raises(CaseConflictError, match="只能延长一次"):
        extend(case, offices, days=10)
    assert clock(case, "handling").extensions == 1
    assert PetitionDocument.objects.filter(case=case, kind=DocumentKind.EXTENSION).count() == 1


def test_r11_it_refuses_more_than_30_days(cast: Cast, offices: Offices) -> None:
    case = accepted_in_june(cast, offices)
    with pytest.raises(ValidationError):
        extend(case, offices, days=31)
    assert clock(case, "handling").extensions == 0


def test_r11_only_a_leader_of_the_handling_organ_approves(cast: Cast, offices: Offices) -> None:
    case = accepted_in_june(cast, offices)
    for approver in (offices.dept_colleague, cast.leader):  # not a 负责人; another unit's
        with pytest.raises(PermissionDenied, match="负责人"):
            actions.do_extend(case, actor=cast.handler, days=30, reason=REASON, approver=approver)
    response = act(
        client_for(cast.handler),
        case.number,
        "extend",
        days=30,
        reason=REASON,
        approver=cast.leader.pk,
    )
    assert response.status_code == 403
    assert clock(case, "handling").extensions == 0
