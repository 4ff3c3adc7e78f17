"""Helpers for audit tests: reaching the table behind the ORM's back."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection
from django.db.backends.utils import CursorWrapper


@contextmanager
def behind_the_orm() -> Iterator[CursorWrapper]:
    """A raw cursor on the audit table, as a database superuser would have it.

    On PostgreSQL the guard trigger is switched off for the duration (what only a superuser or
    the table owner can do), so the test can tamper the way a real attacker with that power would.
    """
    postgres = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if postgres:
            # Rows inserted in this transaction leave deferred foreign-key checks pending, and
            # PostgreSQL refuses ALTER TABLE while any are.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER USER")
        try:
            yield cursor
        finally:
            if postgres:
                cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER USER")
