"""Region scope as query filters: a subtree is one indexed range on `region_code`."""

from __future__ import annotations

from typing import TypeVar

from django.db import models
from django.db.models import Q

from shegong.lib import regioncodes

M = TypeVar("M", bound=models.Model)


def subtree_q(code: str, field: str = "region_code") -> Q:
    """A filter for rows whose `field` lies in the subtree of `code` (the region included)."""
    low, high = regioncodes.subtree_range(code)
    return Q(**{f"{field}__gte": low, f"{field}__lte": high})


def in_subtree(
    queryset: models.QuerySet[M], code: str, field: str = "region_code"
) -> models.QuerySet[M]:
    return queryset.filter(subtree_q(code, field))
