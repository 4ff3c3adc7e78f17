"""R6: a 交办 item carries a due date, to 24:00 of that day, and cannot be concluded without the
organ's 办结报告."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from shegong.cases.models import Case, ClockState
from shegong.conftest import Cast
from shegong.lib.workdays import end_of_day
from shegong.petitions import actions
from shegong.petitions.models import DocumentKind, PetitionStatus, Route
from shegong.petitions.tests.conftest import Offices
from shegong.petitions.tests.steps import (
    at,
    clock,
    document,
    document_text,
    fresh,
    opinion,
    register,
)

TODAY = date(2026, 6, 2)
DUE_ON = date(2026, 7, 10)
REPORT = "已约谈开发商，防水层于 7 月 6 日修复完毕，业主代表现场验收合格。"


def assigned(cast: Cast, offices: Offices) -> Case:
    with time_machine.travel(at(TODAY), tick=False):
        case = register(offices.county_clerk)
        actions.do_assign(case, actor=offices.county_clerk, unit=cast.department, due_on=DUE_ON)
        return actions.do_accept(case, actor=cast.handler)


def test_r06_an_assignment_runs_to_the_end_of_its_due_date(cast: Cast, offices: Offices) -> None:
    case = assigned(cast, offices)
    due = clock(case, "assignment")
    assert due.unit == cast.department
    assert due.due_at == end_of_day(DUE_ON)
    assert fresh(case).petition.route == Route.ASSIGNED
    assert "2026年7月10日" in document_text(document(case, DocumentKind.ASSIGN))


def test_r06_an_assignment_needs_a_due_date_after_today(cast: Cast, offices: Offices) -> None:
    case = register(offices.county_clerk)
    with pytest.raises(ValidationError) as error:
        actions.do_assign(
            case, actor=offices.county_clerk, unit=cast.department, due_on=timezone.localdate()
        )
    assert "due_on" in error.value.message_dict
    assert fresh(case).status == PetitionStatus.REGISTERED


def test_r06_it_will_not_conclude_without_the_completion_report(
    cast: Cast, offices: Offices
) -> None:
    case = assigned(cast, offices)
    with pytest.raises(ValidationError) as error:
        actions.do_conclude(case, actor=cast.handler, opinion=opinion(), completion_report="  ")
    assert "办结报告" in error.value.message_dict["completion_report"][0]
    assert fresh(case).status == PetitionStatus.ACCEPTED


def test_r06_the_completion_report_concludes_it_in_time(cast: Cast, offices: Offices) -> None:
    case = assigned(cast, offices)
    with time_machine.travel(at(DUE_ON, 23, 50), tick=False):
        actions.do_conclude(case, actor=cast.handler, opinion=opinion(), completion_report=REPORT)
    case = fresh(case)
    assert case.status == PetitionStatus.CONCLUDED
    assert case.petition.completion_report == REPORT
    assert clock(case, "assignment").state() == ClockState.MET
