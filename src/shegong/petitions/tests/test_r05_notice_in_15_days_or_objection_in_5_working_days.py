"""R5: an organ that receives a 转送 or 交办 item notifies the petitioner in writing within 15
days, or sends it back with a reasoned objection within 5 working days.

Forwarded on Thursday 4 June 2026: the weekend of 6–7 June is not counted, so the fifth working
day is Thursday 11 June and an objection is late from Friday 12 June. Day 15 of the notice period
is Friday 19 June, the Dragon Boat holiday (19–21 June), so notice is due by Monday 22 June.
"""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from shegong.cases.actions import CaseConflictError
from shegong.cases.models import Case, ClockState
from shegong.conftest import Cast
from shegong.lib.workdays import end_of_day
from shegong.petitions import actions
from shegong.petitions.models import DocumentKind, PetitionStatus
from shegong.petitions.tests.conftest import Offices
from shegong.petitions.tests.steps import act, at, client_for, clock, document, fresh, register

THURSDAY = date(2026, 6, 4)
FIFTH_WORKING_DAY = date(2026, 6, 11)
REASON = "车库渗漏属开发商保修责任，应由市住建局监管的物业企业处理，不属本局职责"


def forwarded(cast: Cast, offices: Offices) -> Case:
    with time_machine.travel(at(THURSDAY, 10), tick=False):
        case = register(offices.county_clerk)
        return actions.do_forward(case, actor=offices.county_clerk, unit=cast.department)


def test_r05_forwarding_starts_the_organs_two_clocks(cast: Cast, offices: Offices) -> None:
    case = forwarded(cast, offices)
    notice, objection = clock(case, "notice"), clock(case, "objection")
    assert notice.unit == objection.unit == cast.department
    assert notice.due_at == end_of_day(date(2026, 6, 22))
    assert objection.due_at == end_of_day(FIFTH_WORKING_DAY)


def test_r05_an_objection_on_the_fifth_working_day_sends_it_back(
    cast: Cast, offices: Offices
) -> None:
    case = forwarded(cast, offices)
    with time_machine.travel(at(FIFTH_WORKING_DAY, 17), tick=False):
        actions.do_object(case, actor=cast.handler, reason=REASON)
    case = fresh(case)
    assert case.status == PetitionStatus.REGISTERED
    assert case.lead_unit == offices.county_office
    assert case.petition.handling_unit is None
    assert clock(case, "objection").state() == ClockState.MET
    # The 信访部门 has the matter again and 15 days to route it afresh (R3).
    assert clock(case, "route").due_at == end_of_day(date(2026, 6, 26))


def test_r05_an_objection_the_day_after_is_refused(cast: Cast, offices: Offices) -> None:
    case = forwarded(cast, offices)
    with time_machine.travel(at(date(2026, 6, 12), 9), tick=False):
        with pytest.raises(CaseConflictError, match="5 个工作日"):
            actions.do_object(case, actor=cast.handler, reason=REASON)
        response = act(client_for(cast.handler), case.number, "object", reason=REASON)
    assert response.status_code == 409
    assert fresh(case).status == PetitionStatus.FORWARDED


def test_r05_an_objection_needs_its_reason(cast: Cast, offices: Offices) -> None:
    case = forwarded(cast, offices)
    with time_machine.travel(at(THURSDAY, 15), tick=False):
        response = act(client_for(cast.handler), case.number, "object", reason="")
    assert response.status_code == 422
    assert fresh(case).status == PetitionStatus.FORWARDED


def test_r05_accepting_in_time_gives_written_notice(cast: Cast, offices: Offices) -> None:
    case = forwarded(cast, offices)
    with time_machine.travel(at(date(2026, 6, 22), 16), tick=False):
        actions.do_accept(case, actor=cast.handler)
    assert clock(case, "notice").state() == ClockState.MET
    assert document(case, DocumentKind.ACCEPTANCE).unit == cast.department
