"""API endpoints for region lookup: one region, its children, search by name or code.

Region names and codes are public reference data, so these endpoints need no login.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from shegong.lib.regioncodes import LEVEL_LABELS, Level
from shegong.regions.models import Region
from shegong.regions.queries import children_of, get_region, search_regions

router = Router(tags=["行政区划"])


class RegionOut(Schema):
    code: str
    name: str
    level: int
    level_label: str
    parent_code: str | None
    full_name: str


class SearchIn(Schema):
    q: str = Field(min_length=1, max_length=50, description="名称中的字词或代码前缀")
    within: str | None = Field(None, description="限定在此区划代码的范围内")
    limit: int = Field(20, ge=1, le=100)


def region_out(region: Region) -> RegionOut:
    return RegionOut(
        code=region.code,
        name=region.name,
        level=region.level,
        level_label=LEVEL_LABELS[Level(region.level)],
        parent_code=region.parent_id,
        full_name=region.full_name,
    )


@router.get("/search", response=list[RegionOut], summary="按名称或代码查找区划")
def search(request: HttpRequest, params: Query[SearchIn]) -> list[RegionOut]:
    found = search_regions(params.q, within=params.within, limit=params.limit)
    return [region_out(r) for r in found]


@router.get("/", response=list[RegionOut], summary="省级区划")
def provinces(request: HttpRequest) -> list[RegionOut]:
    return [region_out(r) for r in children_of(None)]


@router.get("/{code}", response=RegionOut, summary="一个区划")
def region(request: HttpRequest, code: str) -> RegionOut:
    found = get_region(code)
    if found is None:
        raise Http404("未找到该区划")
    return region_out(found)


@router.get("/{code}/children", response=list[RegionOut], summary="下级区划")
def children(request: HttpRequest, code: str) -> list[RegionOut]:
    if get_region(code) is None:
        raise Http404("未找到该区划")
    return [region_out(r) for r in children_of(code)]
