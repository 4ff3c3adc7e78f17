"""Reads of the region tree and of grids; `access_grid` applies the actor's region scope.

A subtree is one indexed range on the 12-digit code (R51), so none of these reads recurse.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from shegong.accounts.models import User
from shegong.lib import regioncodes
from shegong.regions.models import Grid, Region, RegionLevel
from shegong.regions.scope import subtree_q


def _normalized(code: str) -> str | None:
    try:
        return regioncodes.normalize(code)
    except regioncodes.InvalidRegionCodeError:
        return None


def get_region(code: str) -> Region | None:
    """The region with a 2/4/6/9/12-digit code, or None when the code is malformed or unknown."""
    normalized = _normalized(code)
    if normalized is None:
        return None
    return Region.objects.filter(code=normalized).first()


def children_of(code: str | None) -> QuerySet[Region]:
    """The regions one level below `code`, by code; the provinces when `code` is None.

    A malformed code has no children. The children of 东莞市 are its townships, because the
    county level is absent there (the parent is derived from the code, R51).
    """
    if code is None:
        return Region.objects.filter(level=RegionLevel.PROVINCE).order_by("code")
    normalized = _normalized(code)
    if normalized is None:
        return Region.objects.none()
    return Region.objects.filter(parent_id=normalized).order_by("code")


def search_regions(q: str, *, within: str | None = None, limit: int = 20) -> list[Region]:
    """Regions whose code starts with `q` (when `q` is digits) or whose name contains `q`.

    Ordered by level, then code, so that 揭阳市 comes before the villages named after it.
    `within` restricts the search to one subtree (a user's scope); a malformed `within`
    finds nothing rather than everything.
    """
    q = q.strip()
    if not q or limit <= 0:
        return []
    queryset = Region.objects.all()
    if within is not None:
        if _normalized(within) is None:
            return []
        queryset = queryset.filter(subtree_q(within, "code"))
    if q.isdigit():
        if len(q) > 12:
            return []
        # A code prefix of any length is the range q000… to q999…, which the primary key
        # index answers on both databases (LIKE 'q%' would scan the table on SQLite).
        queryset = queryset.filter(code__gte=q.ljust(12, "0"), code__lte=q.ljust(12, "9"))
    else:
        queryset = queryset.filter(name__contains=q)
    return list(queryset.order_by("level", "code")[:limit])


def ancestors_of(code: str, *, include_self: bool = False) -> list[Region]:
    """The regions above `code`, from the province down; with `include_self`, the region too.

    The ancestor codes follow from the code itself (R51), so this is one query.
    """
    normalized = _normalized(code)
    if normalized is None:
        return []
    codes = regioncodes.lineage(normalized, include_self=include_self)
    return list(Region.objects.filter(code__in=codes).order_by("level"))


def grids_in_scope(actor: User) -> QuerySet[Grid]:
    """The grids the actor may see: all for a superuser, their unit's subtree for staff,
    none for anyone without a unit."""
    grids = Grid.objects.select_related("region")
    if actor.is_superuser:
        return grids
    scope = actor.scope_code
    if scope is None:
        return grids.none()
    return grids.filter(subtree_q(scope))


def access_grid(actor: User, grid_id: int) -> Grid:
    """The grid with this id if the actor may see it; 404 otherwise, never 403, so that
    a grid outside one's region cannot be told apart from one that does not exist."""
    grid = grids_in_scope(actor).filter(pk=grid_id).first()
    if grid is None:
        raise Http404(_("未找到该网格"))
    return grid
