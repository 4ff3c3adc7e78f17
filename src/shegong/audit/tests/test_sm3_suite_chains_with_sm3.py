from __future__ import annotations

from django.test import override_settings

from shegong.audit.actions import record
from shegong.audit.models import AuditEntry
from shegong.audit.queries import verify_chain
from shegong.conftest import Cast


def test_the_sm_suite_writes_sm3_rows_that_verify(cast: Cast) -> None:
    with override_settings(CRYPTO_SUITE="sm"):
        record(actor=cast.staff, verb="accounts.login")
        record(actor=cast.staff, verb="accounts.logout")

    assert set(AuditEntry.objects.values_list("hash_alg", flat=True)) == {"sm3"}
    assert verify_chain().ok


def test_a_chain_can_switch_suites_midway(cast: Cast) -> None:
    record(actor=cast.staff, verb="accounts.login")
    with override_settings(CRYPTO_SUITE="sm"):
        record(actor=cast.staff, verb="accounts.login")
    record(actor=cast.staff, verb="accounts.logout")

    algorithms = list(AuditEntry.objects.order_by("id").values_list("hash_alg", flat=True))
    assert algorithms == ["sha256", "sm3", "sha256"]
    # Each row is checked with the algorithm it was written with, not the current setting.
    with override_settings(CRYPTO_SUITE="sm"):
        assert verify_chain().ok
