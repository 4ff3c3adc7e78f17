"""State changes behind Open311 GeoReport v2: keys, and appeals posted by Open311 clients."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from shegong.accounts.models import User
from shegong.api.models import Open311Key, Open311Request
from shegong.appeals.actions import do_submit_appeal
from shegong.audit.actions import record
from shegong.cases.actions import IntakeData, IntakeResult
from shegong.lib.crypto import secret_hash

KEY_PREFIX = "o311_"


@dataclass
class Open311Submission:
    """A POST requests.{format}: the appeal, plus what only Open311 has (spec field names)."""

    intake: IntakeData
    client_token: str = ""
    media_url: str = ""
    address_id: str = ""
    email: str = ""
    device_id: str = ""
    account_id: str = ""


@dataclass(frozen=True)
class Open311Receipt:
    result: IntakeResult
    request: Open311Request


@transaction.atomic
def do_create_open311_key(*, actor: User | None, name: str) -> tuple[Open311Key, str]:
    """Issue an api_key for an Open311 client (intake of R22 appeals by the open311 channel).

    The key is returned once; only its keyed hash is kept. Writes an audit row.
    """
    value = KEY_PREFIX + secrets.token_urlsafe(32)
    key = Open311Key.objects.create(
        name=name.strip()[:100] or "Open311", prefix=value[:12], key_hash=secret_hash(value)
    )
    record(actor=actor, verb="open311.create_key", obj=key, payload={"name": key.name})
    return key, value


@transaction.atomic
def do_revoke_open311_key(key: Open311Key, *, actor: User | None) -> Open311Key:
    """Revoke an api_key: its POSTs answer 403 from now on (R22 intake stays with live keys).

    Idempotent: revoking a revoked key keeps the first revocation time. Writes an audit row.
    """
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
        record(actor=actor, verb="open311.revoke_key", obj=key)
    return key


def scoped_client_token(key: Open311Key, client_token: str) -> str | None:
    """A client's retry token, made unique per key so two clients' tokens never meet."""
    if not client_token:
        return None
    raw = f"{key.pk}:{client_token}".encode()
    return "o311-" + hashlib.sha256(raw).hexdigest()[:40]


@transaction.atomic
def do_submit_open311_request(submission: Open311Submission, *, key: Open311Key) -> Open311Receipt:
    """R22: register an appeal posted by an Open311 client, through `do_submit_appeal`.

    A retry with the same `client_token` and key returns the first appeal and its token (intake
    is idempotent). The appeal and its Open311 record commit together; writes an audit row that
    names the key.
    """
    result = do_submit_appeal(
        submission.intake,
        actor=None,
        client_token=scoped_client_token(key, submission.client_token),
    )
    existing = Open311Request.objects.filter(case=result.case).first()
    if existing is not None:
        return Open311Receipt(result, existing)
    request = _create_request(submission, key=key, result=result)
    record(
        actor=None,
        verb="open311.submit",
        obj=request,
        payload={"number": result.case.number, "key": key.prefix, "key_name": key.name},
    )
    return Open311Receipt(result, request)


def _create_request(
    submission: Open311Submission, *, key: Open311Key, result: IntakeResult
) -> Open311Request:
    return Open311Request.objects.create(
        case=result.case,
        key=key,
        token=secrets.token_hex(8),
        region_code=result.case.region_code,
        media_url=submission.media_url[:500],
        address_id=submission.address_id[:100],
        email=submission.email.strip()[:254],
        device_id=submission.device_id[:100],
        account_id=submission.account_id[:100],
    )
