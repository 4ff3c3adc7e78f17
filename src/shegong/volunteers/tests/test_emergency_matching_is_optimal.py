"""Emergency matching fills as many places as possible at the least total distance: on small
random instances it equals the exact optimum computed here with scipy's linear_sum_assignment,
and it never breaks the skill, availability or one-place-per-volunteer rules."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from scipy.optimize import linear_sum_assignment

from shegong.volunteers.matching import Candidate, Need, Result, match, match_exact
from shegong.volunteers.queries import distance_km

T0 = datetime(2030, 5, 11, 8, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
VILLAGE = "445202001001"


def instance(
    seed: int, demands: int = 8, volunteers: int = 40
) -> tuple[list[Need], list[Candidate]]:
    r = random.Random(seed)
    needs = []
    for i in range(demands):
        start = T0 + timedelta(hours=r.randint(0, 12))
        needs.append(
            Need(
                id=100 + i,
                skills=frozenset(r.sample(range(4), r.randint(0, 2))),
                count=r.randint(1, 4),
                slots=1 << r.randint(0, 2),
                starts_at=start,
                ends_at=start + timedelta(hours=3),
                region_code=VILLAGE,
                latitude=23.4 + r.random() * 0.3,
                longitude=116.2 + r.random() * 0.3,
            )
        )
    people = [
        Candidate(
            id=1000 + j,
            skills=frozenset(r.sample(range(4), r.randint(0, 3))),
            availability=r.randint(0, 7),
            region_code=VILLAGE,
            latitude=23.4 + r.random() * 0.3,
            longitude=116.2 + r.random() * 0.3,
        )
        for j in range(volunteers)
    ]
    return needs, people


def may_fill(need: Need, person: Candidate) -> bool:
    return need.skills <= person.skills and person.availability & need.slots == need.slots


def scipy_optimum(needs: list[Need], people: list[Candidate]) -> tuple[int, float]:
    """Filled places and total km of the exact optimum, built independently of matching.py."""
    slots = [n for n in needs for _ in range(n.count)]
    big = 1e7
    cost = np.full((len(slots), len(people) + len(slots)), big)
    for s, need in enumerate(slots):
        for p, person in enumerate(people):
            if may_fill(need, person):
                assert need.latitude
                assert need.longitude
                assert person.latitude
                assert person.longitude
                cost[s, p] = distance_km(
                    need.latitude, need.longitude, person.latitude, person.longitude
                )
    rows, cols = linear_sum_assignment(cost)
    chosen = [cost[r, c] for r, c in zip(rows, cols, strict=True) if cost[r, c] < big]
    return len(chosen), float(sum(chosen))


def assert_valid(result: Result, needs: list[Need], people: list[Candidate]) -> None:
    by_need = {n.id: n for n in needs}
    by_person = {p.id: p for p in people}
    assert len({p.candidate_id for p in result.pairs}) == len(result.pairs)
    for pair in result.pairs:
        assert may_fill(by_need[pair.need_id], by_person[pair.candidate_id])
    for need in needs:
        assert sum(1 for p in result.pairs if p.need_id == need.id) <= need.count


@pytest.mark.parametrize("seed", range(12))
def test_the_match_equals_scipys_exact_optimum_on_small_instances(seed: int) -> None:
    needs, people = instance(seed)
    filled, km = scipy_optimum(needs, people)
    result = match(needs, people)
    assert result.filled == filled
    assert result.total_km == pytest.approx(km, rel=0.01)
    narrow = match(needs, people, breadth=1, extra=0)  # shortlists that must be widened
    assert narrow.filled == filled
    assert match_exact(needs, people).total_km == pytest.approx(km, rel=1e-9)


@pytest.mark.parametrize("seed", range(6))
def test_skills_availability_and_one_place_per_volunteer_are_respected(seed: int) -> None:
    needs, people = instance(seed, demands=10, volunteers=25)
    result = match(needs, people)
    assert_valid(result, needs, people)
    missing = sum(result.unfilled.values())
    assert result.filled + missing == sum(n.count for n in needs)


def test_filling_more_places_wins_over_a_shorter_distance() -> None:
    """A near volunteer who could serve either demand goes where only they can serve."""
    first = Need(1, frozenset({1}), 1, 1, T0, T0 + timedelta(hours=2), VILLAGE, 23.5, 116.3)
    second = Need(2, frozenset(), 1, 1, T0, T0 + timedelta(hours=2), VILLAGE, 23.5, 116.3)
    medic = Candidate(10, frozenset({1}), 1, VILLAGE, 23.5, 116.3)
    far = Candidate(11, frozenset(), 1, VILLAGE, 24.5, 116.3)
    result = match([first, second], [medic, far])
    assert {(p.need_id, p.candidate_id) for p in result.pairs} == {(1, 10), (2, 11)}


def test_a_volunteer_busy_in_an_overlapping_window_is_not_matched() -> None:
    need = Need(1, frozenset(), 1, 1, T0, T0 + timedelta(hours=2), VILLAGE, 23.5, 116.3)
    busy = Candidate(
        10, frozenset(), 1, VILLAGE, 23.5, 116.3, busy=((T0, T0 + timedelta(hours=1)),)
    )
    asked = Candidate(11, frozenset(), 1, VILLAGE, 23.5, 116.3, excluded=frozenset({1}))
    result = match([need], [busy, asked])
    assert result.pairs == []
    assert result.unfilled == {1: 1}


def test_without_coordinates_the_region_code_decides_who_is_nearer() -> None:
    need = Need(1, frozenset(), 1, 1, T0, T0 + timedelta(hours=2), VILLAGE)
    neighbour = Candidate(10, frozenset(), 1, VILLAGE)
    elsewhere = Candidate(11, frozenset(), 1, "445203001001")
    assert [p.candidate_id for p in match([need], [elsewhere, neighbour]).pairs] == [10]
