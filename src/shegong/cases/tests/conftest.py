"""Fixtures for the engine tests that run several threads against one database."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection, connections
from django.db.backends.sqlite3.base import DatabaseWrapper as SQLiteWrapper

from shegong.conftest import Cast


@pytest.fixture
def shared_database(transactional_db: None, cast: Cast, tmp_path: Path) -> Iterator[None]:
    """The test database with the cast in it, written to for real by every thread.

    The seeded reference data (roles, categories, urgency tiers, holidays) an earlier test's
    flush removed is back already (`_seeded_reference_data` in shegong/conftest.py).

    PostgreSQL and a file-backed SQLite test database serve as they are. An in-memory SQLite
    database shares its pages between connections under table locks that fail at once instead
    of waiting, which is not how the production file behaves (WAL, BEGIN IMMEDIATE, busy
    timeout: settings.py). So on SQLite the in-memory database, cast included, is copied to a
    file and the default alias points there, with the production options, until the test ends.
    """
    memory = connections["default"]
    if not (isinstance(memory, SQLiteWrapper) and memory.is_in_memory_db()):
        yield
        return
    path = tmp_path / "shegong.sqlite3"
    memory.ensure_connection()
    with sqlite3.connect(path) as target:
        memory.connection.backup(target)
    target.close()
    # Threads build their connections from this same dict, so they follow the new name too.
    settings_dict = connections.settings["default"]
    memory_name = settings_dict["NAME"]
    settings_dict["NAME"] = str(path)
    connections["default"] = connections.create_connection("default")
    try:
        yield
    finally:
        connection.close()
        settings_dict["NAME"] = memory_name
        connections["default"] = memory
