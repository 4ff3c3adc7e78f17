"""Emergency matching as a minimum-cost assignment of volunteers to demand slots (pure, no ORM).

A demand needing N people is expanded into N slots. A volunteer may fill a slot when they have
every required skill, are available in every grid cell (`Slot`) the time window touches, and are
not already busy in an overlapping window; each volunteer fills at most one slot per run. The cost
of a pair is the distance in kilometres (haversine; a region-code estimate when a point is
missing). Filling more slots always wins over a shorter total distance: an unfilled slot costs
more than any complete assignment could.

`match` solves a reduced problem: each demand keeps only its nearest feasible volunteers (a few
times its head count), and demands left short are widened and solved again, so the answer is
optimal or very close (`bench/bench_matching.py` prints the gap). `match_exact` solves the whole
matrix with `scipy.optimize.linear_sum_assignment` and is the yardstick in the tests.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.optimize import linear_sum_assignment
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

EARTH_RADIUS_KM = 6371.0
# Region-code fallback (km) by the longest shared level: village, township, county, city, province.
PREFIX_KM = ((12, 2.0), (9, 8.0), (6, 30.0), (4, 80.0), (2, 200.0))
ELSEWHERE_KM = 500.0
# A pair whose distance is only estimated from region codes costs this much more.
ESTIMATE_PENALTY_KM = 5.0
WIDEN_ROUNDS = 4

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Candidate:
    """A volunteer as the matcher sees them; `busy` holds (start, end) windows already taken,
    `excluded` the ids of demands they may not be given (asked before, declined)."""

    id: int
    skills: frozenset[int]
    availability: int
    region_code: str
    latitude: float | None = None
    longitude: float | None = None
    busy: tuple[tuple[datetime, datetime], ...] = ()
    excluded: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Need:
    """A demand as the matcher sees it: `count` open slots, `slots` the availability cells its
    window touches (bit mask of `Slot`)."""

    id: int
    skills: frozenset[int]
    count: int
    slots: int
    starts_at: datetime
    ends_at: datetime
    region_code: str
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class Pair:
    need_id: int
    candidate_id: int
    km: float


@dataclass
class Result:
    pairs: list[Pair] = field(default_factory=list)
    unfilled: dict[int, int] = field(default_factory=dict)

    @property
    def filled(self) -> int:
        return len(self.pairs)

    @property
    def total_km(self) -> float:
        return sum(p.km for p in self.pairs)


# ---------------------------------------------------------------- the cost matrix


def _skill_masks(
    needs: Sequence[Need], candidates: Sequence[Candidate]
) -> tuple[npt.NDArray[Any], npt.NDArray[Any]]:
    """Skills as Python-int bit masks over the skills any demand requires."""
    bits = {s: 1 << i for i, s in enumerate(sorted({s for n in needs for s in n.skills}))}

    def mask(skills: frozenset[int]) -> int:
        return sum(bits.get(s, 0) for s in skills)

    # Up to 62 skills fit a machine integer; beyond that, Python integers (slower, same answer).
    kind = np.int64 if len(bits) <= 62 else object
    need_masks = np.array([mask(n.skills) for n in needs] + [0], dtype=kind)[:-1]
    cand_masks = np.array([mask(c.skills) for c in candidates] + [0], dtype=kind)[:-1]
    return need_masks, cand_masks


def feasible(needs: Sequence[Need], candidates: Sequence[Candidate]) -> BoolArray:
    """needs × candidates: every required skill, available in the window, not busy then."""
    need_skills, cand_skills = _skill_masks(needs, candidates)
    has_skills = (cand_skills[None, :] & need_skills[:, None]) == need_skills[:, None]
    need_slots = np.array([n.slots for n in needs], dtype=np.int64)[:, None]
    cand_slots = np.array([c.availability for c in candidates], dtype=np.int64)[None, :]
    ok: BoolArray = has_skills.astype(bool) & ((cand_slots & need_slots) == need_slots)
    _exclude(ok, needs, candidates)
    return ok


def _exclude(ok: BoolArray, needs: Sequence[Need], candidates: Sequence[Candidate]) -> None:
    """Strike busy windows and excluded demands (few, so a plain loop)."""
    row_of = {n.id: i for i, n in enumerate(needs)}
    for j, candidate in enumerate(candidates):
        for need_id in candidate.excluded:
            if need_id in row_of:
                ok[row_of[need_id], j] = False
        for start, end in candidate.busy:
            for i, need in enumerate(needs):
                if start < need.ends_at and need.starts_at < end:
                    ok[i, j] = False


def _haversine(
    lat1: FloatArray, lng1: FloatArray, lat2: FloatArray, lng2: FloatArray
) -> FloatArray:
    p1, p2 = np.radians(lat1), np.radians(lat2)
    a = (
        np.sin((p2 - p1) / 2) ** 2
        + np.cos(p1) * np.cos(p2) * np.sin(np.radians(lng2 - lng1) / 2) ** 2
    )
    km: FloatArray = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(1.0, a)))
    return km


def _points(items: Sequence[Need] | Sequence[Candidate]) -> tuple[FloatArray, FloatArray]:
    lat = np.array([np.nan if x.latitude is None else x.latitude for x in items], dtype=np.float64)
    lng = np.array(
        [np.nan if x.longitude is None else x.longitude for x in items], dtype=np.float64
    )
    return lat, lng


def _region_km(needs: Sequence[Need], candidates: Sequence[Candidate]) -> FloatArray:
    """Estimated distance from the longest shared region-code prefix."""
    km: FloatArray = np.full((len(needs), len(candidates)), ELSEWHERE_KM)
    for length, estimate in reversed(PREFIX_KM):
        left = np.array([n.region_code[:length] for n in needs])[:, None]
        right = np.array([c.region_code[:length] for c in candidates])[None, :]
        km = np.where(left == right, estimate, km)
    return km + ESTIMATE_PENALTY_KM


def distances(needs: Sequence[Need], candidates: Sequence[Candidate]) -> FloatArray:
    """needs × candidates kilometres: haversine where both have a point, else the estimate."""
    nlat, nlng = _points(needs)
    clat, clng = _points(candidates)
    km: FloatArray = _haversine(nlat[:, None], nlng[:, None], clat[None, :], clng[None, :])
    missing = np.isnan(km)
    if missing.any():
        km = np.where(missing, _region_km(needs, candidates), km)
    return km


# ---------------------------------------------------------------- solving


def _unfilled_cost(km: FloatArray, ok: BoolArray, slots: int) -> float:
    """More than the whole of any assignment, so one more filled slot always wins."""
    worst = float(km[ok].max()) if ok.any() else 0.0
    return (slots + 1) * (worst + 1.0)


def _slot_rows(needs: Sequence[Need]) -> npt.NDArray[np.intp]:
    """The demand index of each slot."""
    return np.repeat(np.arange(len(needs)), [max(n.count, 0) for n in needs])


def _result(
    needs: Sequence[Need],
    candidates: Sequence[Candidate],
    km: FloatArray,
    chosen: list[tuple[int, int]],
) -> Result:
    result = Result(unfilled={n.id: max(n.count, 0) for n in needs})
    for i, j in chosen:
        need = needs[i]
        result.pairs.append(Pair(need.id, candidates[j].id, float(km[i, j])))
        result.unfilled[need.id] -= 1
    result.unfilled = {k: v for k, v in result.unfilled.items() if v}
    return result


def match_exact(needs: Sequence[Need], candidates: Sequence[Candidate]) -> Result:
    """The optimum over the full slots × (volunteers + one dummy per slot) matrix."""
    ok, km = feasible(needs, candidates), distances(needs, candidates)
    rows = _slot_rows(needs)
    if not len(rows) or not candidates:
        return _result(needs, candidates, km, [])
    unfilled = _unfilled_cost(km, ok, len(rows))
    real = np.where(ok[rows], km[rows], 2 * unfilled)
    cost = np.hstack([real, np.full((len(rows), len(rows)), unfilled)])
    slot_idx, col_idx = linear_sum_assignment(cost)
    chosen = [
        (int(rows[s]), int(c))
        for s, c in zip(slot_idx, col_idx, strict=True)
        if c < len(candidates) and ok[rows[s], c]
    ]
    return _result(needs, candidates, km, chosen)


def _shortlist(km: FloatArray, ok: BoolArray, widths: npt.NDArray[np.intp]) -> BoolArray:
    """Each demand's `width` nearest feasible volunteers."""
    masked = np.where(ok, km, np.inf)
    keep = np.zeros_like(ok)
    for i, width in enumerate(widths):
        feasible_count = int(ok[i].sum())
        if width >= feasible_count:
            keep[i] = ok[i]
        elif width > 0:
            keep[i, np.argpartition(masked[i], width - 1)[:width]] = True
    return keep


def _solve_sparse(
    rows: npt.NDArray[np.intp], km: FloatArray, keep: BoolArray, unfilled: float
) -> list[tuple[int, int]]:
    """Min-cost full matching of slots onto kept volunteers or their own dummy column."""
    n_slots, n_cand = len(rows), km.shape[1]
    need_idx, cand_idx = np.nonzero(keep)
    per_need = np.bincount(need_idx, minlength=km.shape[0])
    starts = np.concatenate([[0], np.cumsum(per_need)])
    r_list, c_list, w_list = [], [], []
    for s, i in enumerate(rows):
        cols = cand_idx[starts[i] : starts[i + 1]]
        r_list.append(np.full(len(cols) + 1, s))
        c_list.append(np.append(cols, n_cand + s))
        # +1 keeps every weight positive: a zero would read as a missing edge.
        w_list.append(np.append(km[i, cols], unfilled) + 1.0)
    graph = csr_matrix(
        (np.concatenate(w_list), (np.concatenate(r_list), np.concatenate(c_list))),
        shape=(n_slots, n_cand + n_slots),
    )
    slot_idx, col_idx = min_weight_full_bipartite_matching(graph)
    return [(int(rows[s]), int(c)) for s, c in zip(slot_idx, col_idx, strict=True) if c < n_cand]


def match(
    needs: Sequence[Need], candidates: Sequence[Candidate], *, breadth: int = 3, extra: int = 10
) -> Result:
    """Fill the most places at the least total distance, on each demand's nearest feasible
    `breadth × count + extra` volunteers. While a demand stays short of people it could have
    had, every shortlist is widened fourfold and the problem solved again; the last round keeps
    every feasible pair, so the number of places filled is always the true maximum."""
    ok, km = feasible(needs, candidates), distances(needs, candidates)
    rows = _slot_rows(needs)
    if not len(rows) or not candidates:
        return _result(needs, candidates, km, [])
    unfilled = _unfilled_cost(km, ok, len(rows))
    widths = np.array([breadth * max(n.count, 0) + extra for n in needs], dtype=np.intp)
    chosen: list[tuple[int, int]] = []
    for round_ in range(WIDEN_ROUNDS):
        keep = ok if round_ == WIDEN_ROUNDS - 1 else _shortlist(km, ok, widths)
        chosen = _solve_sparse(rows, km, keep, unfilled)
        if not _short_demands(needs, ok, keep, chosen):
            break
        widths = widths * 4
    return _result(needs, candidates, km, chosen)


def _short_demands(
    needs: Sequence[Need], ok: BoolArray, keep: BoolArray, chosen: list[tuple[int, int]]
) -> bool:
    """Whether a demand has an open place while a feasible volunteer was left off a shortlist
    (so a wider problem might fill it)."""
    filled = np.bincount(np.array([i for i, _ in chosen], dtype=np.intp), minlength=len(needs))
    counts = np.array([max(n.count, 0) for n in needs])
    pruned = bool((ok & ~keep).any())
    return pruned and bool((filled < counts).any())
