"""Duplicate hints while an appeal is entered: open appeals nearby in the same category, and
open appeals whose text is similar (issue 3, item 4; the merge itself is `actions.do_merge`).

Pure reads, bounded: at most `MAX_TEXT_CANDIDATES` + `MAX_NEARBY_CANDIDATES` rows of the open
appeals received in the last `WINDOW_DAYS` days in the same county (a range on `region_code`),
newest first, reading only the columns a hint needs.

- 附近同类诉求: the same category, and within `NEARBY_METRES` (haversine) when both have a map
  point, or in the same village (社区/村) when one of them has none.
- 内容相似: Jaccard similarity of the jieba token sets (`Case.tokens`, written at intake) at or
  above `SIMILAR_TEXT_THRESHOLD`. The threshold was calibrated on the 问政 messages of the
  appeals data set (scripts/calibrate_duplicates.py): at 0.25, of the same-department pairs
  flagged 92 % concern the same matter, 91 % of same-matter pairs are flagged, every verbatim
  repost is flagged, and 92 % of messages that have a duplicate get it among their five hints.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Literal, TypedDict

from django.db.models import Q, QuerySet
from django.utils import timezone

from shegong.accounts.models import User
from shegong.appeals.procedure import APPEALS
from shegong.cases.models import Case, Category
from shegong.cases.queries import visible_cases
from shegong.lib import regioncodes
from shegong.lib.text import similarity, tokens_for_search
from shegong.regions.scope import subtree_q

SIMILAR_TEXT_THRESHOLD = 0.25
NEARBY_METRES = 500.0
WINDOW_DAYS = 90
MAX_TEXT_CANDIDATES = 2000
MAX_NEARBY_CANDIDATES = 200
EARTH_RADIUS_M = 6_371_008.8
METRES_PER_DEGREE = 111_320.0
HINT_FIELDS = (
    "id",
    "number",
    "title",
    "status",
    "procedure",
    "category_id",
    "region_code",
    "latitude",
    "longitude",
    "tokens",
    "received_at",
)

Reason = Literal["附近同类诉求", "内容相似"]
NEARBY: Reason = "附近同类诉求"
SIMILAR: Reason = "内容相似"


class Hint(TypedDict):
    case: Case
    reason: Reason
    score: float
    distance_m: float | None


class Probe:
    """What is being entered: its tokens, place and category."""

    def __init__(
        self,
        text: str,
        region_code: str,
        category: Category | None,
        latitude: float | None,
        longitude: float | None,
    ) -> None:
        self.tokens = tokens_for_search(text)
        self.region_code = regioncodes.normalize(region_code)
        self.category_id = category.pk if category is not None else None
        self.point: tuple[float, float] | None = None
        if latitude is not None and longitude is not None:
            self.point = (latitude, longitude)
        self.village = regioncodes.level_of(self.region_code) == regioncodes.Level.VILLAGE


def distance_m(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(min(1.0, a)))


def open_appeals(region_code: str, *, now: datetime, actor: User | None = None) -> QuerySet[Case]:
    """Open, unmerged appeals of the last 90 days in the county of `region_code`, newest first."""
    county = regioncodes.normalize(region_code)[:6].ljust(12, "0")
    cases = visible_cases(actor) if actor is not None else Case.objects.all()
    return (
        cases.filter(subtree_q(county))
        .filter(
            procedure=APPEALS.name,
            closed_at__isnull=True,
            merged_into__isnull=True,
            received_at__gte=now - timedelta(days=WINDOW_DAYS),
        )
        .only(*HINT_FIELDS)
        .order_by("-received_at", "-id")
    )


def _nearby_filter(probe: Probe) -> Q | None:
    """Rows that may lie within 500 m (a bounding box) or, without a point, in the village."""
    same_village = Q(region_code=probe.region_code) if probe.village else None
    if probe.point is None:
        return same_village
    lat, lng = probe.point
    dlat = NEARBY_METRES / METRES_PER_DEGREE
    dlng = dlat / max(math.cos(math.radians(lat)), 0.01)
    box = Q(latitude__range=(lat - dlat, lat + dlat), longitude__range=(lng - dlng, lng + dlng))
    return box | (same_village & Q(latitude__isnull=True)) if same_village else box


def _distance(probe: Probe, case: Case) -> float | None:
    if probe.point is None or case.latitude is None or case.longitude is None:
        return None
    return distance_m(probe.point[0], probe.point[1], case.latitude, case.longitude)


def _is_nearby(probe: Probe, case: Case, distance: float | None) -> bool:
    if probe.category_id is None or case.category_id != probe.category_id:
        return False
    if distance is not None:
        return distance <= NEARBY_METRES
    return probe.village and case.region_code == probe.region_code


def hint_for(probe: Probe, case: Case) -> Hint | None:
    """The hint a candidate deserves, if any; similar text wins over mere nearness."""
    score = round(similarity(probe.tokens, case.tokens), 3)
    distance = _distance(probe, case)
    if score >= SIMILAR_TEXT_THRESHOLD:
        reason: Reason = SIMILAR
    elif _is_nearby(probe, case, distance):
        reason = NEARBY
    else:
        return None
    metres = round(distance, 1) if distance is not None else None
    return Hint(case=case, reason=reason, score=score, distance_m=metres)


def candidates(probe: Probe, base: QuerySet[Case]) -> list[Case]:
    """The newest open appeals of the county, plus nearby ones of the same category."""
    rows = {case.pk: case for case in base[:MAX_TEXT_CANDIDATES]}
    near = _nearby_filter(probe)
    if probe.category_id is not None and near is not None:
        nearby = base.filter(near, category_id=probe.category_id)[:MAX_NEARBY_CANDIDATES]
        rows.update((case.pk, case) for case in nearby)
    return list(rows.values())


def similar_cases(
    *,
    text: str,
    region_code: str,
    category: Category | None,
    latitude: float | None,
    longitude: float | None,
    exclude: Case | None = None,
    limit: int = 5,
    actor: User | None = None,
) -> list[Hint]:
    """Up to `limit` open appeals that may be the same matter, best first.

    With `actor`, only cases the actor may see (their region, or held by their unit) are read.
    Raises regioncodes.InvalidRegionCodeError for a malformed region code.
    """
    probe = Probe(text, region_code, category, latitude, longitude)
    base = open_appeals(probe.region_code, now=timezone.now(), actor=actor)
    if exclude is not None:
        base = base.exclude(pk=exclude.pk)
    hints = [h for h in (hint_for(probe, c) for c in candidates(probe, base)) if h is not None]
    far = float("inf")
    hints.sort(key=lambda h: (-h["score"], far if h["distance_m"] is None else h["distance_m"]))
    return hints[:limit]
