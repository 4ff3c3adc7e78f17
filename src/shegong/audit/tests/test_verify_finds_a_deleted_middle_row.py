from __future__ import annotations

from shegong.audit.actions import record
from shegong.audit.queries import verify_chain
from shegong.audit.tests.helpers import behind_the_orm
from shegong.conftest import Cast


def test_the_row_after_a_deleted_one_is_reported(cast: Cast) -> None:
    entries = [record(actor=cast.staff, verb="accounts.login") for _ in range(5)]
    with behind_the_orm() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [entries[2].pk])

    result = verify_chain(batch=2)

    assert not result.ok
    assert result.broken_id == entries[3].pk
    assert result.reason == "前序哈希不符（可能有行被删除或插入）"
    assert result.checked == 2


def test_a_deleted_first_row_is_found(cast: Cast) -> None:
    entries = [record(actor=cast.staff, verb="accounts.login") for _ in range(3)]
    with behind_the_orm() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [entries[0].pk])

    assert verify_chain().broken_id == entries[1].pk
