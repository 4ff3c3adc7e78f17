"""Reads behind the shell pages."""

from __future__ import annotations

from typing import TypedDict

from django.db import connection
from django.db.models import Count, QuerySet

from shegong.accounts.models import OrgUnit, RoleCode, User
from shegong.accounts.queries import scoped, units_in_scope, users_in_scope
from shegong.regions.models import Grid, Region
from shegong.regions.queries import get_region


class Stat(TypedDict):
    label: str
    value: int


def scope_name(user: User) -> str:
    code = user.scope_code
    if code is None:
        return "全部区划"
    region = get_region(code)
    return region.full_name if region else code


def workbench_stats(user: User) -> list[Stat]:
    return [
        Stat(label="辖区内区划", value=scoped(Region.objects.all(), user, "code").count()),
        Stat(label="单位", value=units_in_scope(user).count()),
        Stat(label="工作人员", value=users_in_scope(user).count()),
        Stat(label="网格", value=scoped(Grid.objects.all(), user).count()),
    ]


def role_labels(user: User) -> list[str]:
    return [str(RoleCode(code).label) for code in sorted(user.role_codes())]


def units_with_counts(user: User) -> QuerySet[OrgUnit]:
    return units_in_scope(user).annotate(member_count=Count("members"))


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return bool(cursor.fetchone() == (1,))
    except Exception:
        return False


def queue_ok() -> bool:
    from huey.contrib.djhuey import HUEY

    try:
        HUEY.pending_count()
    except Exception:
        return False
    return True
