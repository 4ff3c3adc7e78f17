"""R12: a 复查 request is accepted only within 30 days of the day the petitioner received the
written answer, only by the organ one level above the one that answered, and is answered in
writing within 30 days.

The 处理意见书 is delivered online on Tuesday 2 June 2026: day 30 is Thursday 2 July, so a
request received on 3 July is late. A request received on 2 July is due an answer by day 30,
Saturday 1 August, a rest day: by 24:00 on Monday 3 August.
"""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from shegong.accounts.models import OrgUnit, User
from shegong.cases.actions import CaseConflictError
from shegong.cases.models import Case, ClockState
from shegong.conftest import Cast
from shegong.lib.workdays import end_of_day
from shegong.petitions import actions
from shegong.petitions.models import DocumentKind, PetitionStatus, Stage
from shegong.petitions.tests.conftest import Offices
from shegong.petitions.tests.steps import (
    accepted,
    at,
    clock,
    concluded,
    document,
    fresh,
    opinion,
)

ANSWERED = date(2026, 6, 2)
DAY_30 = date(2026, 7, 2)


def answered(cast: Cast, offices: Offices) -> Case:
    with time_machine.travel(at(ANSWERED), tick=False):
        return concluded(cast, offices)


def request(case: Case, actor: User, unit: OrgUnit, received_on: date) -> Case:
    with time_machine.travel(at(received_on, 16), tick=False):
        return actions.do_request_review(case, actor=actor, unit=unit, received_on=received_on)


def test_r12_a_request_on_day_30_goes_to_the_city(cast: Cast, offices: Offices) -> None:
    case = request(answered(cast, offices), offices.city_clerk, offices.city_organ, DAY_30)
    case = fresh(case)
    assert case.status == PetitionStatus.REVIEWING
    assert case.petition.stage == Stage.REVIEW
    assert case.lead_unit == offices.city_organ
    review = clock(case, "review")
    assert review.unit == offices.city_organ
    assert review.due_at == end_of_day(date(2026, 8, 3))


def test_r12_a_request_on_day_31_is_refused(cast: Cast, offices: Offices) -> None:
    case = answered(cast, offices)
    with pytest.raises(ValidationError, match="30 日"):
        request(case, offices.city_clerk, offices.city_organ, date(2026, 7, 3))
    assert fresh(case).status == PetitionStatus.CONCLUDED


def test_r12_only_the_next_higher_level_reviews(cast: Cast, offices: Offices) -> None:
    case = answered(cast, offices)
    with pytest.raises(ValidationError, match="上一级"):
        request(case, offices.province_clerk, offices.province_organ, DAY_30)
    with pytest.raises(ValidationError, match="上一级"):
        request(case, offices.county_clerk, offices.county_office, DAY_30)
    with pytest.raises(ValidationError, match="本级或下级"):
        request(case, offices.county_clerk, offices.city_organ, DAY_30)
    assert fresh(case).status == PetitionStatus.CONCLUDED


def test_r12_no_review_before_the_written_answer(cast: Cast, offices: Offices) -> None:
    case = accepted(cast, offices)
    with pytest.raises(CaseConflictError):
        actions.do_request_review(
            case,
            actor=offices.city_clerk,
            unit=offices.city_organ,
            received_on=timezone.localdate(),
        )


def test_r12_the_review_is_answered_in_writing(cast: Cast, offices: Offices) -> None:
    case = request(answered(cast, offices), offices.city_clerk, offices.city_organ, DAY_30)
    with time_machine.travel(at(date(2026, 7, 20)), tick=False):
        actions.do_conclude_review(case, actor=offices.city_handler, opinion=opinion())
    case = fresh(case)
    assert case.status == PetitionStatus.REVIEWED
    assert case.petition.reply_received_on == date(2026, 7, 20)  # the 复核 window counts from it
    assert clock(case, "review").state() == ClockState.MET
    assert document(case, DocumentKind.REVIEW).unit == offices.city_organ
