"""Acceptance: two dispatchers acting on the same case at once leave one consistent assignment
(R26), on SQLite and PostgreSQL.

The case row is locked (`select_for_update` on PostgreSQL, BEGIN IMMEDIATE on SQLite) before
the procedure checks the state, so the second action waits, then finds the case already moved
and gets 409. Each action is slowed down between its check and its writes, so that without the
lock both would pass the check.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from shegong.accounts.models import OrgUnit, RoleCode
from shegong.appeals import actions
from shegong.appeals.models import UrgencyTier
from shegong.cases.models import Action, Assignment, Case, Clock, Notice
from shegong.cases.tests.steps import act, client_for, fresh, run_together, submitted
from shegong.conftest import Cast, make_user

Answer = tuple[int, dict[str, Any]]


@pytest.fixture
def slow_procedure(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hold every dispatch for a moment after its state check, before it writes anything."""
    tier_for = actions.tier_for

    def slow_tier_for(code: str | None) -> UrgencyTier:
        time.sleep(0.3)
        return tier_for(code)

    monkeypatch.setattr(actions, "tier_for", slow_tier_for)


def dispatch_to(client: Client, number: str, unit: OrgUnit) -> Callable[[], Answer]:
    def job() -> Answer:
        response = act(client, number, "dispatch", unit_id=unit.pk)
        return response.status_code, response.json()

    return job


def second_dispatcher(cast: Cast) -> Client:
    return client_for(make_user("dispatcher2", cast.county_unit, RoleCode.DISPATCHER))


@pytest.mark.usefixtures("shared_database", "slow_procedure")
def test_two_dispatchers_at_once_leave_one_lead_unit(cast: Cast) -> None:
    case = submitted(cast)
    units = [cast.department, cast.township_unit]
    clients = [client_for(cast.dispatcher), second_dispatcher(cast)]
    answers = run_together(
        [dispatch_to(c, case.number, u) for c, u in zip(clients, units, strict=True)]
    )

    assert sorted(status for status, _ in answers) == [200, 409], answers
    winner = units[[status for status, _ in answers].index(200)]
    (refused,) = [body for status, body in answers if status == 409]
    assert refused["code"] == "not_allowed"
    assert "待签收" in refused["message"]

    case = fresh(case)
    assert case.status == "dispatched"
    assert case.lead_unit == winner
    assert case.version == 1
    leads = Assignment.objects.filter(case=case, role="lead")
    assert [(a.unit, a.state) for a in leads] == [(winner, "active")]
    assert Action.objects.filter(case=case, verb="dispatch").count() == 1
    # One set of clocks, all for the winning unit.
    for name in ("feedback", "response"):
        (clock,) = Clock.objects.filter(case=case, name=name)
        assert clock.unit == winner
    assert Clock.objects.get(case=case, name="dispatch").state() == "met"


@pytest.mark.usefixtures("shared_database", "slow_procedure")
def test_a_dispatch_and_a_triage_at_once_leave_one_outcome(cast: Cast) -> None:
    case = submitted(cast)

    def triage() -> Answer:
        response = act(second_dispatcher_client, case.number, "triage", outcome="market")
        return response.status_code, response.json()

    second_dispatcher_client = second_dispatcher(cast)
    answers = run_together(
        [dispatch_to(client_for(cast.dispatcher), case.number, cast.department), triage]
    )

    assert sorted(status for status, _ in answers) == [200, 409], answers
    case = fresh(case)
    if case.status == "dispatched":
        assert Assignment.objects.filter(case=case).count() == 1
        assert Clock.objects.filter(case=case, name="feedback", cancelled=False).count() == 1
    else:
        assert case.status == "diverted"
        assert not Assignment.objects.filter(case=case).exists()
        assert not Notice.objects.filter(case=case).exists()
    assert Action.objects.filter(case=case).exclude(verb="intake").count() == 1


@pytest.mark.usefixtures("shared_database")
def test_the_same_dispatch_sent_twice_at_once_is_applied_once(cast: Cast) -> None:
    # A double click: the same dispatcher, the same unit, two requests.
    case = submitted(cast)
    client = client_for(cast.dispatcher)
    answers = run_together([dispatch_to(client, case.number, cast.department)] * 2)
    assert sorted(status for status, _ in answers) == [200, 409]
    assert Assignment.objects.filter(case=case).count() == 1
    assert Case.objects.get(pk=case.pk).version == 1
