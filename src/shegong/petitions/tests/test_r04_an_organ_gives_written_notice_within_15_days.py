"""R4: an organ that receives a petition directly gives the petitioner written notice of its
受理 on the spot or within 15 days; only a petitioner whose name or address is unclear gets none.
"""

from __future__ import annotations

from datetime import date

import time_machine

from shegong.cases.models import Clock, ClockState
from shegong.conftest import Cast
from shegong.lib.workdays import end_of_day
from shegong.petitions import actions
from shegong.petitions.models import DocumentKind, PetitionDocument
from shegong.petitions.tests.steps import at, clock, document, document_text, register

RECEIVED = at(date(2026, 6, 2), 9)  # a Tuesday; day 15 is Wednesday 17 June


def test_r04_a_petition_received_directly_starts_the_15_day_notice_clock(cast: Cast) -> None:
    with time_machine.travel(at(date(2026, 6, 3)), tick=False):
        case = register(cast.handler, received_at=RECEIVED)
    notice = clock(case, "notice")
    assert notice.unit == cast.department
    assert notice.due_at == end_of_day(date(2026, 6, 17))
    assert not Clock.objects.filter(case=case, name="route").exists()  # not a 信访部门 (R3)


def test_r04_accepting_issues_the_written_notice_and_meets_the_clock(cast: Cast) -> None:
    with time_machine.travel(at(date(2026, 6, 3)), tick=False):
        case = register(cast.handler, received_at=RECEIVED)
        actions.do_accept(case, actor=cast.handler)
    assert clock(case, "notice").state() == ClockState.MET
    text = document_text(document(case, DocumentKind.ACCEPTANCE))
    assert "信访事项受理告知书" in text
    assert "陈信访" in text


def test_r04_no_notice_is_owed_when_name_or_address_is_unclear(cast: Cast) -> None:
    case = register(cast.handler, name="", address="", contact_unclear=True)
    assert not Clock.objects.filter(case=case, name="notice").exists()
    actions.do_accept(case, actor=cast.handler)
    assert not PetitionDocument.objects.filter(case=case).exists()
    assert clock(case, "handling").is_running  # the matter itself is still handled (R11)
