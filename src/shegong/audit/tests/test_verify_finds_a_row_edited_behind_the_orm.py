from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from shegong.audit.actions import record
from shegong.audit.queries import verify_chain
from shegong.audit.tests.helpers import behind_the_orm
from shegong.conftest import Cast


def test_verify_names_the_edited_row_and_exits_non_zero(cast: Cast) -> None:
    record(actor=cast.staff, verb="accounts.login")
    edited = record(actor=cast.staff, verb="cases.dispatch", payload={"unit": "住建局"})
    record(actor=cast.staff, verb="accounts.logout")
    with behind_the_orm() as cursor:
        cursor.execute(
            "UPDATE audit_auditentry SET payload = %s WHERE id = %s",
            ['{"unit": "城管局"}', edited.pk],
        )
    stderr = StringIO()

    with pytest.raises(SystemExit) as exited:
        call_command("audit", "verify", stdout=StringIO(), stderr=stderr)

    assert exited.value.code == 1
    assert stderr.getvalue().strip() == f"审计链断裂：第一处在 #{edited.pk}（哈希不符）"


def test_rewriting_a_row_together_with_its_hash_breaks_the_next_link(cast: Cast) -> None:
    record(actor=cast.staff, verb="accounts.login")
    edited = record(actor=cast.staff, verb="cases.dispatch")
    following = record(actor=cast.staff, verb="accounts.logout")
    edited.verb = "cases.reject"
    forged = edited.compute_hash()
    with behind_the_orm() as cursor:
        cursor.execute(
            "UPDATE audit_auditentry SET verb = %s, hash = %s WHERE id = %s",
            ["cases.reject", forged, edited.pk],
        )

    result = verify_chain()

    assert result.broken_id == following.pk
    assert result.reason == "前序哈希不符（可能有行被删除或插入）"
    assert result.checked == 2


def test_verify_reports_an_intact_chain(cast: Cast) -> None:
    for _ in range(3):
        record(actor=cast.staff, verb="accounts.login")
    stdout = StringIO()

    call_command("audit", "verify", stdout=stdout)

    assert stdout.getvalue().strip() == "审计链完整：已校验 3 条"
