"""Emergency matches run one at a time on PostgreSQL: a match started while another is still in
its transaction waits for it, instead of locking volunteers in a crossing order and deadlocking.
(SQLite runs every write transaction alone already.)"""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection, transaction

from shegong.accounts.models import User
from shegong.conftest import VILLAGE, Cast
from shegong.volunteers.actions import emergency
from shegong.volunteers.actions.emergency import DemandData, do_create_demand, do_match_demands
from shegong.volunteers.models import EmergencyAssignment
from shegong.volunteers.tests.steps import START, volunteer

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the advisory lock is PostgreSQL's"
)


@pytest.mark.usefixtures("shared_database")
def test_a_second_match_waits_until_the_first_one_ends(cast: Cast) -> None:
    volunteer(0)
    demand = do_create_demand(
        DemandData("防汛转移", VILLAGE, START, START + timedelta(hours=3), 1),
        actor=cast.staff,
    )
    holding, release, finished = threading.Event(), threading.Event(), threading.Event()

    def first() -> None:
        try:
            with transaction.atomic():
                emergency.one_matcher_at_a_time()
                holding.set()
                release.wait(10)
        finally:
            connection.close()

    def second() -> None:
        try:
            do_match_demands([demand.pk], actor=User.objects.get(pk=cast.staff.pk))
            finished.set()
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    threads[0].start()
    assert holding.wait(10)
    threads[1].start()

    assert not finished.wait(1.0)  # queued behind the first match
    assert not EmergencyAssignment.objects.exists()
    release.set()
    for thread in threads:
        thread.join(10)
    assert finished.is_set()
    assert EmergencyAssignment.objects.count() == 1
