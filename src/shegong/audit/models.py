"""The audit trail: an append-only, hash-chained record of who did what and who looked at what.

DESIGN (Data protection): every state change and every sensitive read is written here. Each row
carries the hash of the row before it and a hash of its own content, so an edited, removed or
inserted row breaks the chain at the first place it was touched, and `shegong audit verify` names
that row. Rows are written only by `shegong.audit.actions.record`; the ORM refuses to change or
delete them, and on PostgreSQL a trigger refuses it too (migration 0002).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shegong.lib import crypto
from shegong.lib.appendonly import AppendOnlyModel, AppendOnlyQuerySet, Refused

# The prev_hash of the first row: there is nothing before it.
GENESIS_HASH = "0" * 64


class HashAlgorithm(models.TextChoices):
    """The hash a row was chained with; DESIGN (data protection) allows SM3 for 密评."""

    SHA256 = "sha256", _("SHA-256")
    SM3 = "sm3", _("SM3（国密）")


class AuditImmutableError(Exception):
    """Raised when code tries to change or delete an audit row; the trail is append-only."""

    def __init__(self) -> None:
        super().__init__(str(_("审计记录只能追加，不可修改或删除")))


def _whole_floats_as_int(text: str) -> int | float:
    value = float(text)
    # PostgreSQL's jsonb stores numbers as numeric and writes 1e+20 back as 100000000000000000000,
    # which reads back as an int; storing whole floats as ints up front keeps stored == hashed.
    return int(value) if value.is_integer() else value


def plain_payload(payload: Mapping[str, Any] | None) -> dict[str, Any]:
    """The payload as plain JSON values, exactly as it will read back from either database.

    Dates, datetimes, Decimals and UUIDs become strings (DjangoJSONEncoder); NaN and infinity are
    refused because neither database can store them. What is stored is what is hashed.
    """
    text = json.dumps(payload or {}, cls=DjangoJSONEncoder, ensure_ascii=False, allow_nan=False)
    plain: dict[str, Any] = json.loads(text, parse_float=_whole_floats_as_int)
    return plain


def chain_digest(
    *,
    hash_alg: str,
    prev_hash: str,
    at: datetime,
    actor_id: int | None,
    actor_label: str,
    verb: str,
    object_type: str,
    object_id: str,
    region_code: str,
    payload: Any,
) -> str:
    """The hash of one row: its predecessor's hash and its own content, in a canonical form.

    The form is a compact JSON array with sorted keys and raw (non-escaped) Chinese, encoded as
    UTF-8; `at` is written in UTC with microseconds so that both databases give the same text.
    """
    fields = [
        prev_hash,
        at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        actor_id,
        actor_label,
        verb,
        object_type,
        object_id,
        region_code,
        payload,
    ]
    text = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return crypto.digest(text.encode(), hash_alg)


class AuditEntryQuerySet(AppendOnlyQuerySet["AuditEntry"]):
    """A queryset that can read and insert but never update or delete."""


class AuditEntry(AppendOnlyModel):
    """One link of the audit chain: who (actor) did what (verb) to which object, and when.

    Invariants: rows are only ever inserted, by `actions.record`, which serialises appends so the
    chain never forks (the unique `prev_hash` makes a fork impossible even if a writer skipped the
    lock). `hash` = `chain_digest` of the row with `hash_alg`; the first row's `prev_hash` is
    `GENESIS_HASH`. `actor_label` keeps the actor's name as it was, so a row stays readable after
    the user is renamed; the user itself can never be deleted while it has audit rows.
    """

    id = models.BigAutoField(primary_key=True)
    at = models.DateTimeField(_("时间"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_label = models.CharField(_("操作人名称"), max_length=200, blank=True)
    verb = models.CharField(_("动作"), max_length=64)
    object_type = models.CharField(_("对象类型"), max_length=100, blank=True)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    region_code = models.CharField(
        _("区划代码"), max_length=12, blank=True, default="", db_index=True
    )
    payload = models.JSONField(_("内容"), default=dict, blank=True)
    prev_hash = models.CharField(_("前序哈希"), max_length=64, unique=True)
    hash = models.CharField(_("哈希"), max_length=64)
    hash_alg = models.CharField(_("哈希算法"), max_length=8, choices=HashAlgorithm.choices)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_object_idx"),
            models.Index(fields=["at"], name="audit_at_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.verb} {self.object_type}:{self.object_id}"

    @classmethod
    def refusal(cls, verb: Refused) -> Exception:
        return AuditImmutableError()

    def compute_hash(self) -> str:
        """The hash this row should carry, recomputed from its stored fields."""
        return chain_digest(
            hash_alg=self.hash_alg,
            prev_hash=self.prev_hash,
            at=self.at,
            actor_id=self.actor_id,
            actor_label=self.actor_label,
            verb=self.verb,
            object_type=self.object_type,
            object_id=self.object_id,
            region_code=self.region_code,
            payload=self.payload,
        )
