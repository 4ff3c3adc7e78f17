"""R25 on the inbox: a case whose running clock is in its last stretch is marked amber
"即将到期", one past its limit red "已超期", and supervisors get a box of the overdue ones."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.test import Client

from shegong.cases.models import Case
from shegong.cases.tests.steps import client_for, submitted
from shegong.conftest import Cast


def later(case: Case, hours: int) -> time_machine.travel:
    # An ordinary appeal must be dispatched within 24 hours; the last 6 are "due soon".
    return time_machine.travel(case.received_at + timedelta(hours=hours), tick=False)


def row_of(body: str, number: str) -> str:
    start = body.index(f'data-number="{number}"')
    return body[start : body.index("</tr>", start)]


def inbox(client: Client, **params: str) -> str:
    return client.get("/appeals/", params).content.decode()


def test_r25_a_case_near_its_dispatch_limit_is_marked_due_soon(cast: Cast) -> None:
    case = submitted(cast)
    dispatcher = client_for(cast.dispatcher)
    assert "即将到期" not in row_of(inbox(dispatcher), case.number)
    with later(case, 20):
        body = inbox(dispatcher)
    assert "即将到期" in row_of(body, case.number)
    assert 'class="sg-due-soon"' in body


def test_r25_a_case_past_its_dispatch_limit_is_marked_overdue(cast: Cast) -> None:
    case = submitted(cast)
    with later(case, 25):
        body = inbox(client_for(cast.dispatcher))
    row = row_of(body, case.number)
    assert "已超期" in row
    assert 'class="sg-overdue"' in body


def test_r25_the_supervisors_overdue_box_holds_only_overdue_cases(cast: Cast) -> None:
    late = submitted(cast)
    with time_machine.travel(late.received_at + timedelta(hours=20), tick=False):
        fresh = submitted(cast, title="新来的诉求")
    with later(late, 25):
        body = inbox(client_for(cast.supervisor), tab="overdue")
    assert "超期工单" in body
    assert late.number in body
    assert fresh.number not in body


def test_r25_the_overdue_filter_keeps_only_overdue_cases(cast: Cast) -> None:
    late = submitted(cast)
    with time_machine.travel(late.received_at + timedelta(hours=20), tick=False):
        fresh = submitted(cast, title="新来的诉求")
    with later(late, 25):
        body = inbox(client_for(cast.leader), overdue="on")
    assert late.number in body
    assert fresh.number not in body
