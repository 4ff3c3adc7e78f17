"""Writing the audit trail: the only code that inserts `AuditEntry` rows."""

from __future__ import annotations

from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from shegong.accounts.models import User
from shegong.audit.models import GENESIS_HASH, AuditEntry, plain_payload
from shegong.lib import crypto

# The PostgreSQL advisory lock that serialises appends to the chain: b"shegaudt" as a bigint,
# a key no other part of shegong uses.
CHAIN_LOCK_KEY = 0x7368656761756474


def actor_label(actor: User | None) -> str:
    """How the actor is named in the trail: "林社工（staff）", or "" for the system itself."""
    if actor is None:
        return ""
    if actor.name and actor.name != actor.username:
        return f"{actor.name}（{actor.username}）"[:200]
    return actor.username[:200]


def _last_hash() -> str:
    """The hash of the newest row, read only after this transaction holds the chain.

    On PostgreSQL the advisory lock is held until the surrounding transaction ends, and the read
    after it sees every row committed before it (READ COMMITTED). Both go in one round trip: the
    simple query protocol runs the two statements in order, and the read takes its snapshot only
    once the lock is granted. On SQLite the write transaction is already exclusive from BEGIN
    IMMEDIATE (settings), so the read needs no lock. Plain SQL: the ORM would spend longer
    building this one-column query than the database spends answering it.
    """
    newest = f"SELECT hash FROM {connection.ops.quote_name(AuditEntry._meta.db_table)}"
    newest += " ORDER BY id DESC LIMIT 1"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT pg_advisory_xact_lock({CHAIN_LOCK_KEY}); {newest}")
            cursor.nextset()
        else:
            cursor.execute(newest)
        row = cursor.fetchone()
    return str(row[0]) if row else GENESIS_HASH


def record(
    *,
    actor: User | None,
    verb: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    region_code: str = "",
    payload: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one row to the audit chain and return it.

    With `obj`, the object's type ("app_label.model"), primary key and `region_code` fill in
    whatever was not given. The row joins the caller's transaction, so an action that rolls back
    leaves no audit row; standalone it commits on its own. Cost: one advisory lock (PostgreSQL),
    one indexed read of the newest row and one insert. On PostgreSQL the lock is held until the
    caller's transaction ends and every other audited write waits for it, so call `record` last,
    just before the transaction commits.

    Raises ValueError when `obj` is unsaved or the payload holds NaN or infinity, and TypeError
    when the payload holds something JSON cannot represent.
    """
    if obj is not None:
        if obj.pk is None:
            raise ValueError("record() needs a saved object")
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        region_code = region_code or getattr(obj, "region_code", "") or ""
    entry = AuditEntry(
        actor=actor,
        actor_label=actor_label(actor),
        verb=verb,
        object_type=object_type,
        object_id=object_id,
        region_code=region_code,
        payload=plain_payload(payload),
        hash_alg=crypto.digest_name(),
    )
    # No savepoint: a failed audit write must fail the caller's action as a whole anyway.
    with transaction.atomic(savepoint=False):
        entry.prev_hash = _last_hash()
        entry.at = timezone.now()
        entry.hash = entry.compute_hash()
        entry.save()
    return entry


def record_read(
    *,
    actor: User | None,
    obj: models.Model,
    reason: str = "",
    fields: list[str] | None = None,
) -> AuditEntry:
    """Log that `actor` looked at a sensitive record (DESIGN: data protection; R15).

    `fields` names what was revealed (e.g. ["phone"] when a masked phone number was shown in
    full); `reason` is why, when the screen asks for one.
    """
    payload: dict[str, Any] = {}
    if reason:
        payload["reason"] = reason
    if fields:
        payload["fields"] = list(fields)
    return record(actor=actor, verb="read", obj=obj, payload=payload)
