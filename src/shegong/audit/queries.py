"""Reading the audit trail: chain verification and region-scoped lookups."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from shegong.accounts.models import User
from shegong.audit.models import GENESIS_HASH, AuditEntry, HashAlgorithm, chain_digest
from shegong.lib import regioncodes
from shegong.regions.scope import subtree_q

_HASHED_FIELDS = (
    "prev_hash",
    "at",
    "actor_id",
    "actor_label",
    "verb",
    "object_type",
    "object_id",
    "region_code",
    "payload",
)


@dataclass(frozen=True)
class VerifyResult:
    """The outcome of `verify_chain`: `checked` rows were intact before `broken_id`, if any."""

    ok: bool
    checked: int
    broken_id: int | None = None
    reason: str = ""


def _rows(batch: int) -> Iterator[list[dict[str, Any]]]:
    """All rows in id order, `batch` at a time, by keyset so memory stays constant."""
    last_id = 0
    fields = ("id", "hash", "hash_alg", *_HASHED_FIELDS)
    while True:
        page = AuditEntry.objects.filter(id__gt=last_id).order_by("id").values(*fields)[:batch]
        rows = list(page)
        if not rows:
            return
        yield rows
        last_id = rows[-1]["id"]


def _fault(row: dict[str, Any], expected_prev: str) -> str:
    """Why a row does not fit the chain, or "" when it does."""
    if row["prev_hash"] != expected_prev:
        return _("前序哈希不符（可能有行被删除或插入）")
    # An algorithm name the project does not know cannot have produced a valid hash.
    if row["hash_alg"] not in HashAlgorithm.values:
        return _("哈希不符")
    recomputed = chain_digest(hash_alg=row["hash_alg"], **{f: row[f] for f in _HASHED_FIELDS})
    return "" if recomputed == row["hash"] else _("哈希不符")


def verify_chain(
    *, batch: int = 5000, progress: Callable[[int], object] | None = None
) -> VerifyResult:
    """Recompute every hash and check every link, in id order; stop at the first broken row.

    A row whose own content was changed fails "哈希不符"; a row whose predecessor was removed,
    inserted or rewritten together with its hash fails "前序哈希不符". `progress`, if given, is
    called with the number of rows checked in each batch (for a progress bar).
    """
    expected_prev = GENESIS_HASH
    checked = 0
    for rows in _rows(batch):
        for row in rows:
            reason = _fault(row, expected_prev)
            if reason:
                return VerifyResult(ok=False, checked=checked, broken_id=row["id"], reason=reason)
            expected_prev = row["hash"]
            checked += 1
        if progress is not None:
            progress(len(rows))
    return VerifyResult(ok=True, checked=checked)


def _about(obj: models.Model) -> Q:
    return Q(object_type=obj._meta.label_lower, object_id=str(obj.pk))


def entries_for(obj: models.Model) -> models.QuerySet[AuditEntry]:
    """Every entry about one object, oldest first. Applies no scope: see `access_entries`."""
    return AuditEntry.objects.filter(_about(obj)).order_by("id")


def visible_entries(actor: User) -> models.QuerySet[AuditEntry]:
    """The entries an actor may read: all for a superuser, their region's subtree for staff."""
    if actor.is_superuser:
        return AuditEntry.objects.all()
    scope = actor.scope_code
    if scope is None or not actor.is_staff_member:
        return AuditEntry.objects.none()
    return AuditEntry.objects.filter(subtree_q(scope))


def _may_see_region(actor: User, region_code: str) -> bool:
    if actor.is_superuser:
        return True
    scope = actor.scope_code
    if scope is None or not region_code or not actor.is_staff_member:
        return False
    low, high = regioncodes.subtree_range(scope)
    return low <= region_code <= high


def access_entries(actor: User, obj: models.Model | None = None) -> models.QuerySet[AuditEntry]:
    """The actor's region-scoped entries: all newest first, or those about `obj` oldest first.

    Raises Http404 when `obj` lies outside the actor's scope, so the answer reveals nothing
    about whether the object exists.
    """
    if obj is None:
        return visible_entries(actor).order_by("-id")
    if not _may_see_region(actor, getattr(obj, "region_code", "") or ""):
        raise Http404
    return visible_entries(actor).filter(_about(obj)).order_by("id")


def access_entry(actor: User, entry_id: int) -> AuditEntry:
    """One entry the actor may read; Http404 when it is missing or outside their scope."""
    try:
        return visible_entries(actor).get(pk=entry_id)
    except AuditEntry.DoesNotExist:
        raise Http404 from None
