from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection, connections
from django.db.backends.sqlite3.base import DatabaseWrapper as SQLiteWrapper

from shegong.accounts.models import OrgUnit, User
from shegong.audit.actions import record
from shegong.audit.models import AuditEntry
from shegong.audit.queries import verify_chain

THREADS = 8
APPENDS = 25


@pytest.fixture
def shared_database(transactional_db: None, tmp_path: Path) -> Iterator[None]:
    """A database that every thread writes to for real, set up as in production.

    PostgreSQL and a file-backed SQLite test database serve as they are. An in-memory SQLite
    test database shares its pages between connections with table locks that fail at once instead
    of waiting, which is not how the production file (WAL, BEGIN IMMEDIATE, busy timeout) behaves,
    so for this test the default alias points at a fresh file instead.
    """
    memory_connection = connections["default"]
    if not (isinstance(memory_connection, SQLiteWrapper) and memory_connection.is_in_memory_db()):
        yield
        return
    # Threads build their connections from this same dict, so they follow the new name too.
    settings_dict = connections.settings["default"]
    memory_name = settings_dict["NAME"]
    settings_dict["NAME"] = str(tmp_path / "shegong.sqlite3")
    connections["default"] = connections.create_connection("default")
    try:
        with connection.schema_editor() as editor:
            # SQLite wants the actor's table to exist even when every actor here is None.
            for model in (OrgUnit, User, AuditEntry):
                editor.create_model(model)
        yield
    finally:
        connection.close()
        settings_dict["NAME"] = memory_name
        connections["default"] = memory_connection


def _append(failures: list[BaseException], start: threading.Barrier, thread: int) -> None:
    try:
        start.wait()
        for n in range(APPENDS):
            record(actor=None, verb="test.append", payload={"thread": thread, "n": n})
    except BaseException as exc:  # handed to the test thread, which fails on it
        failures.append(exc)
    finally:
        connection.close()


@pytest.mark.usefixtures("shared_database")
def test_parallel_writers_never_fork_the_chain() -> None:
    failures: list[BaseException] = []
    start = threading.Barrier(THREADS)
    threads = [threading.Thread(target=_append, args=(failures, start, n)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    assert AuditEntry.objects.count() == THREADS * APPENDS
    result = verify_chain(batch=50)
    assert result.ok, result
    assert result.checked == THREADS * APPENDS
