"""Test support: let pytest-django flush a PostgreSQL test database that holds audit rows.

A transactional test ends with a TRUNCATE of every table, which the audit trigger refuses while
the trail has rows. `pytest_runtest_teardown` below empties the trail first, with the trigger
switched off inside one transaction. Import it into a conftest.py to enable it there.
"""

from __future__ import annotations

import pytest
from django.db import connection, transaction


def erase_trail_for_tests() -> None:
    """Delete every audit row behind the guard trigger. Never call this outside tests."""
    if connection.vendor != "postgresql":
        return  # SQLite flushes with DELETE and has no trigger.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER USER")
        cursor.execute("DELETE FROM audit_auditentry")
        cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER USER")


def _is_transactional(item: pytest.Item) -> bool:
    names = getattr(item, "fixturenames", ())
    marker = item.get_closest_marker("django_db")
    marked = marker is not None and bool(marker.kwargs.get("transaction"))
    return marked or "transactional_db" in names or "live_server" in names


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_teardown(item: pytest.Item) -> None:
    """Runs before the test's fixtures are finalised, while it still has database access."""
    if _is_transactional(item):
        erase_trail_for_tests()
