"""Two matches started at once for overlapping demands never offer the same volunteer twice and
never deadlock: matches queue behind each other (an advisory lock on PostgreSQL, BEGIN IMMEDIATE
on SQLite), so the later one sees the earlier one's offers and picks others (or leaves the place
open). Threads on one database, SQLite (a file, as in production) and PostgreSQL."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from functools import partial
from itertools import pairwise

import pytest
from django.db import connection

from shegong.accounts.models import User
from shegong.conftest import VILLAGE, Cast
from shegong.volunteers.actions.emergency import (
    DemandData,
    MatchReport,
    do_create_demand,
    do_match_demands,
)
from shegong.volunteers.models import LIVE_ASSIGNMENT, EmergencyAssignment, EmergencyDemand
from shegong.volunteers.tests.conftest import run_concurrently
from shegong.volunteers.tests.steps import START, volunteer

VOLUNTEERS = 4
PER_DEMAND = 3
WEEKS = 4  # one pair of overlapping demands on each of four Saturdays, all matched at once
WORKERS = {"postgresql": 8, "sqlite": 4}


def pair_of_demands(cast: Cast, week: int) -> list[EmergencyDemand]:
    """Two demands of one Saturday morning whose windows overlap by two and a half hours."""
    day = START + timedelta(weeks=week)
    windows = [
        (day, day + timedelta(hours=3)),
        (day + timedelta(minutes=30), day + timedelta(hours=3)),
    ]
    return [
        do_create_demand(
            DemandData(f"第{week}周 需求{n}", VILLAGE, start, end, PER_DEMAND), actor=cast.staff
        )
        for n, (start, end) in enumerate(windows)
    ]


def job(demand_id: int, staff_id: int) -> MatchReport:
    # Looked up inside the thread, as a request would.
    return do_match_demands([demand_id], actor=User.objects.get(pk=staff_id))


@pytest.mark.usefixtures("shared_database")
def test_concurrent_matches_of_overlapping_demands_never_offer_a_volunteer_twice(
    cast: Cast,
) -> None:
    for n in range(VOLUNTEERS):
        volunteer(n)
    demands = [d for week in range(WEEKS) for d in pair_of_demands(cast, week)]
    results = run_concurrently(
        [partial(job, d.pk, cast.staff.pk) for d in demands], workers=WORKERS[connection.vendor]
    )

    assert [r for r in results if isinstance(r, BaseException)] == []
    windows: dict[int, list[tuple[datetime, datetime]]] = defaultdict(list)
    for a in EmergencyAssignment.objects.filter(status__in=LIVE_ASSIGNMENT).select_related(
        "demand"
    ):
        windows[a.volunteer_id].append((a.demand.starts_at, a.demand.ends_at))
    for taken in windows.values():
        taken.sort()
        # No volunteer holds two tasks whose windows overlap.
        assert all(first[1] <= second[0] for first, second in pairwise(taken))
    # Every Saturday all four volunteers are used: three for one demand, one for the other.
    assert EmergencyAssignment.objects.count() == VOLUNTEERS * WEEKS
