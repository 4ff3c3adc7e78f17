"""Fixtures for the volunteer tests that run many threads against one database."""

from __future__ import annotations

import queue
import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from django.db import connection, connections
from django.db.backends.sqlite3.base import DatabaseWrapper as SQLiteWrapper

T = TypeVar("T")


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    """Stored files (certificate PDFs) go to a fresh folder of the test, not var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def shared_database(transactional_db: None, tmp_path: Path) -> Iterator[None]:
    """The test database, written to for real by every thread, configured as in production.

    PostgreSQL serves as it is. An in-memory SQLite database shares its pages between
    connections under table locks that fail at once instead of waiting, which is not how the
    production file behaves (WAL, BEGIN IMMEDIATE, busy timeout: settings.py); so on SQLite the
    in-memory database is copied to a file and the default alias points there until the test
    ends. The seeded rows (roles, skills) an earlier test's flush removed are back already
    (`_seeded_reference_data` in shegong/conftest.py).
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


def run_concurrently(jobs: list[Callable[[], T]], workers: int) -> list[T | BaseException]:
    """Run the jobs on `workers` threads released together; each result (or the exception it
    raised) in job order. Each thread has its own database connection, closed when it is done,
    as separate requests would; `workers` stays under PostgreSQL's connection limit."""
    pending: queue.SimpleQueue[int] = queue.SimpleQueue()
    for index in range(len(jobs)):
        pending.put(index)
    results: list[T | BaseException | None] = [None] * len(jobs)
    start = threading.Barrier(workers)

    def work() -> None:
        start.wait()
        try:
            while True:
                try:
                    index = pending.get_nowait()
                except queue.Empty:
                    return
                try:
                    results[index] = jobs[index]()
                except Exception as exc:  # handed back to the test, which looks at each one
                    results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [r for r in results if r is not None]
