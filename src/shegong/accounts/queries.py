"""Reads of units and users, and the region-scope helpers every app builds on.

`access_*` lookups answer 404 (never 403) outside the actor's scope, so they reveal nothing about
what exists elsewhere.
"""

from __future__ import annotations

from typing import TypeVar

from django.db import models
from django.http import Http404

from shegong.accounts.models import ApiToken, OrgUnit, User
from shegong.lib import regioncodes
from shegong.lib.crypto import lookup_hash, secret_hash
from shegong.regions.scope import in_subtree

M = TypeVar("M", bound=models.Model)


def has_scope(actor: User) -> bool:
    """Whether the actor may read region-scoped records at all (staff or superuser)."""
    return actor.is_active and (actor.is_superuser or actor.is_staff_member)


def scoped(
    queryset: models.QuerySet[M], actor: User, field: str = "region_code"
) -> models.QuerySet[M]:
    """Restrict a queryset to the actor's region; nothing at all for actors without a scope."""
    if not has_scope(actor):
        return queryset.none()
    code = actor.scope_code
    return queryset if code is None else in_subtree(queryset, code, field)


def in_scope(actor: User, region_code: str) -> bool:
    """Whether one region code lies inside the actor's scope."""
    if not has_scope(actor):
        return False
    code = actor.scope_code
    return code is None or regioncodes.contains(code, region_code)


def access_region_code(actor: User, region_code: str) -> str:
    """The normalised code when it is in scope; 404 otherwise (also for malformed codes)."""
    try:
        code = regioncodes.normalize(region_code)
    except regioncodes.InvalidRegionCodeError as exc:
        raise Http404("区划代码无效") from exc
    if not in_scope(actor, code):
        raise Http404("未找到该区划")
    return code


def units_in_scope(actor: User) -> models.QuerySet[OrgUnit]:
    return scoped(OrgUnit.objects.all(), actor)


def access_org_unit(actor: User, unit_id: int) -> OrgUnit:
    try:
        return units_in_scope(actor).get(pk=unit_id)
    except OrgUnit.DoesNotExist as exc:
        raise Http404("未找到该单位") from exc


def users_in_scope(actor: User) -> models.QuerySet[User]:
    return scoped(User.objects.select_related("unit"), actor, field="unit__region_code")


def access_user(actor: User, user_id: int) -> User:
    """Staff see users of units in their scope; everyone sees themselves."""
    if actor.pk == user_id:
        return actor
    try:
        return users_in_scope(actor).get(pk=user_id)
    except User.DoesNotExist as exc:
        raise Http404("未找到该用户") from exc


def staff_with_role(role: str) -> list[User]:
    """Active users holding a role, with their units (read once, filtered with `covering`)."""
    return list(User.objects.filter(is_active=True, roles__code=role).select_related("unit"))


def covering(users: list[User], region_code: str) -> list[User]:
    """The users whose region scope contains `region_code` (no scope: everywhere)."""
    return [
        u for u in users if u.scope_code is None or regioncodes.contains(u.scope_code, region_code)
    ]


def user_by_phone(phone: str) -> User | None:
    return User.objects.filter(phone_hash=lookup_hash(phone)).first()


def user_by_api_key(key: str) -> User | None:
    """The active owner of a live API token, or None."""
    token = (
        ApiToken.objects.select_related("user", "user__unit")
        .filter(key_hash=secret_hash(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    return token.user if token else None
