from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection, connections
from django.db.backends.sqlite3.base import DatabaseWrapper as SQLiteWrapper

from shegong.accounts.models import OrgUnit, User
from shegong.audit.models import AuditEntry
from shegong.conftest import VILLAGE
from shegong.points.actions import PointsError, book_transfer, do_redeem
from shegong.points.models import (
    Account,
    Claim,
    EarningRule,
    Good,
    Household,
    LedgerEntry,
    Transfer,
    TransferKind,
)
from shegong.points.queries import balance_of
from shegong.points.tests.conftest import assert_balanced

THREADS = 8
ATTEMPTS = 3


@pytest.fixture
def shared_database(transactional_db: None, tmp_path: Path) -> Iterator[None]:
    """Every thread writes to a real database; an in-memory SQLite one is swapped for a file
    (as in audit/tests/test_concurrent_appends_keep_one_chain.py)."""
    memory_connection = connections["default"]
    if not (isinstance(memory_connection, SQLiteWrapper) and memory_connection.is_in_memory_db()):
        yield
        return
    settings_dict = connections.settings["default"]
    memory_name = settings_dict["NAME"]
    settings_dict["NAME"] = str(tmp_path / "points.sqlite3")
    connections["default"] = connections.create_connection("default")
    try:
        with connection.schema_editor() as editor:
            for model in (OrgUnit, User, AuditEntry, Household, EarningRule, Claim, Good):
                editor.create_model(model)
            editor.create_model(Transfer)
            editor.create_model(LedgerEntry)
        yield
    finally:
        connection.close()
        settings_dict["NAME"] = memory_name
        connections["default"] = memory_connection


def _redeem(
    household: Household, good: Good, outcomes: list[str], start: threading.Barrier
) -> None:
    try:
        start.wait()
        for _ in range(ATTEMPTS):
            try:
                do_redeem(household, actor=None, good=good)
                outcomes.append("ok")
            except PointsError as refused:
                outcomes.append(refused.code)
    except BaseException as exc:  # handed to the test thread, which fails on it
        outcomes.append(repr(exc))
    finally:
        connection.close()


@pytest.mark.usefixtures("shared_database")
def test_r50_parallel_redemptions_never_take_the_balance_below_zero() -> None:
    household = Household.objects.create(region_code=VILLAGE, number="001", head_name="张三丰")
    good = Good.objects.create(region_code=VILLAGE, name="大米 10斤", price=10, stock=100)
    book_transfer(
        region_code=VILLAGE,
        kind=TransferKind.OPENING,
        memo="期初",
        legs=[(Account.HOUSEHOLD, household, 100), (Account.ISSUED, None, -100)],
        actor=None,
    )
    connection.close()
    outcomes: list[str] = []
    start = threading.Barrier(THREADS)
    threads = [
        threading.Thread(target=_redeem, args=(household, good, outcomes, start))
        for _ in range(THREADS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(set(outcomes)) == ["balance", "ok"]
    assert outcomes.count("ok") == 10
    assert balance_of(household) == 0
    good.refresh_from_db()
    assert good.stock == 90
    assert_balanced()
