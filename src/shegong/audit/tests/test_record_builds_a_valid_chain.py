from __future__ import annotations

from shegong.audit.actions import record, record_read
from shegong.audit.models import GENESIS_HASH, AuditEntry
from shegong.audit.queries import entries_for, verify_chain
from shegong.conftest import VILLAGE, Cast


def test_each_row_hashes_the_one_before(cast: Cast) -> None:
    first = record(actor=cast.staff, verb="accounts.login")
    second = record(actor=None, verb="accounts.login_failed", payload={"username": "nobody"})
    third = record(actor=cast.staff, verb="accounts.logout")

    assert first.prev_hash == GENESIS_HASH
    assert second.prev_hash == first.hash
    assert third.prev_hash == second.hash
    assert verify_chain() == verify_chain(batch=2)
    assert verify_chain().ok
    assert verify_chain().checked == 3


def test_stored_rows_recompute_to_their_hash(cast: Cast) -> None:
    record(actor=cast.staff, verb="accounts.login", payload={"ip": "10.0.0.1", "n": 1.5})

    stored = AuditEntry.objects.get()
    # The hash comes out the same from what the database gives back, not only from memory.
    assert stored.compute_hash() == stored.hash
    assert stored.hash_alg == "sha256"
    assert len(stored.hash) == 64


def test_an_object_fills_in_type_id_and_region(cast: Cast) -> None:
    entry = record(actor=cast.staff, verb="accounts.unit_renamed", obj=cast.village_unit)

    assert entry.object_type == "accounts.orgunit"
    assert entry.object_id == str(cast.village_unit.pk)
    assert entry.region_code == VILLAGE
    assert list(entries_for(cast.village_unit)) == [entry]


def test_the_actor_is_named_as_they_were_at_the_time(cast: Cast) -> None:
    entry = record(actor=cast.staff, verb="accounts.login")
    cast.staff.name = "林新名"
    cast.staff.save()

    entry.refresh_from_db()
    assert entry.actor_label == "林社工（staff）"
    assert entry.actor_id == cast.staff.pk


def test_a_sensitive_read_is_logged_with_its_reason_and_fields(cast: Cast) -> None:
    entry = record_read(actor=cast.staff, obj=cast.resident, reason="回访核实", fields=["phone"])

    assert entry.verb == "read"
    assert entry.object_type == "accounts.user"
    assert entry.payload == {"reason": "回访核实", "fields": ["phone"]}
    assert verify_chain().ok
