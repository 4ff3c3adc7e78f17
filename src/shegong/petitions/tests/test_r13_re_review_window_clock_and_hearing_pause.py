"""R13: a 复核 request within 30 days of the 复查意见书, at the next level up again; the answer is
due in 30 days, and the time a hearing takes is not counted: it is added to the due time.

The 复查意见书 is delivered on Wednesday 10 June 2026: day 30 is Friday 10 July. A request
received that day is due an answer by day 30, Sunday 9 August, moved to Monday 10 August.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError

from shegong.cases.actions import CaseConflictError
from shegong.cases.models import Case, ClockState
from shegong.conftest import Cast
from shegong.lib.workdays import end_of_day
from shegong.petitions import actions
from shegong.petitions.models import DocumentKind, PetitionStatus, Stage
from shegong.petitions.tests.conftest import Offices
from shegong.petitions.tests.steps import at, clock, concluded, document, fresh, opinion

DAY_30 = date(2026, 7, 10)
DUE = end_of_day(date(2026, 8, 10))


def reviewed(cast: Cast, offices: Offices) -> Case:
    with time_machine.travel(at(date(2026, 6, 2)), tick=False):
        case = concluded(cast, offices)
        actions.do_request_review(
            case, actor=offices.city_clerk, unit=offices.city_organ, received_on=date(2026, 6, 2)
        )
    with time_machine.travel(at(date(2026, 6, 10)), tick=False):
        return actions.do_conclude_review(case, actor=offices.city_handler, opinion=opinion())


def re_review(case: Case, offices: Offices, received_on: date = DAY_30) -> Case:
    with time_machine.travel(at(received_on, 16), tick=False):
        return actions.do_request_re_review(
            case,
            actor=offices.province_clerk,
            unit=offices.province_organ,
            received_on=received_on,
        )


def hearing(case: Case, offices: Offices, action: str, when: date, hour: int) -> None:
    with time_machine.travel(at(when, hour), tick=False):
        actions.do_hearing(case, actor=offices.province_handler, action=action)


def test_r13_a_request_on_day_30_goes_to_the_province(cast: Cast, offices: Offices) -> None:
    case = fresh(re_review(reviewed(cast, offices), offices))
    assert case.status == PetitionStatus.RE_REVIEWING
    assert case.petition.stage == Stage.RE_REVIEW
    assert clock(case, "re_review").unit == offices.province_organ
    assert clock(case, "re_review").due_at == DUE


def test_r13_a_request_on_day_31_is_refused(cast: Cast, offices: Offices) -> None:
    case = reviewed(cast, offices)
    with pytest.raises(ValidationError, match="30 日"):
        re_review(case, offices, date(2026, 7, 11))
    assert fresh(case).status == PetitionStatus.REVIEWED


def test_r13_the_reviewing_level_cannot_re_review(cast: Cast, offices: Offices) -> None:
    case = reviewed(cast, offices)
    with time_machine.travel(at(DAY_30), tick=False), pytest.raises(ValidationError):
        actions.do_request_re_review(
            case, actor=offices.city_clerk, unit=offices.city_organ, received_on=DAY_30
        )


def test_r13_the_hearing_pauses_the_clock_and_adds_its_time(cast: Cast, offices: Offices) -> None:
    case = re_review(reviewed(cast, offices), offices)
    hearing(case, offices, "start", date(2026, 7, 20), 9)
    paused = clock(case, "re_review")
    assert paused.state(at(date(2026, 9, 1))) != ClockState.OVERDUE  # time does not run
    hearing(case, offices, "end", date(2026, 7, 22), 17)
    resumed = clock(case, "re_review")
    assert resumed.paused_seconds == int(timedelta(days=2, hours=8).total_seconds())
    assert resumed.due_at == DUE + timedelta(days=2, hours=8)


def test_r13_a_hearing_cannot_end_before_it_starts(cast: Cast, offices: Offices) -> None:
    case = re_review(reviewed(cast, offices), offices)
    with pytest.raises(CaseConflictError, match="听证尚未开始"):
        hearing(case, offices, "end", date(2026, 7, 20), 9)
    assert clock(case, "re_review").due_at == DUE


def test_r13_the_re_review_is_answered_in_writing(cast: Cast, offices: Offices) -> None:
    case = re_review(reviewed(cast, offices), offices)
    with time_machine.travel(at(date(2026, 8, 10), 23), tick=False):
        actions.do_conclude_re_review(case, actor=offices.province_handler, opinion=opinion())
    assert fresh(case).status == PetitionStatus.CLOSED
    assert clock(case, "re_review").state() == ClockState.MET
    assert document(case, DocumentKind.RE_REVIEW).unit == offices.province_organ
