from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from shegong.audit.actions import record
from shegong.audit.models import AuditEntry
from shegong.conftest import Cast

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the guard trigger exists only on PostgreSQL"
)


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditentry SET verb = 'x' WHERE id = %s",
        "DELETE FROM audit_auditentry WHERE id = %s",
        "TRUNCATE audit_auditentry",
    ],
    ids=["update", "delete", "truncate"],
)
def test_raw_sql_cannot_change_a_row(cast: Cast, sql: str) -> None:
    entry = record(actor=cast.staff, verb="accounts.login")
    with connection.cursor() as cursor:
        # Settle this transaction's deferred foreign-key checks, or PostgreSQL refuses TRUNCATE
        # for that reason before the trigger is ever asked.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    # The savepoint keeps the test's own transaction usable after the refused statement.
    with (
        pytest.raises(DatabaseError, match="审计记录不可修改或删除"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [entry.pk] if "%s" in sql else [])

    assert AuditEntry.objects.get(pk=entry.pk).verb == "accounts.login"
