"""Benchmark: emergency matching of 500 demands against 10,000 volunteers (no database).

    .venv/bin/python bench/bench_matching.py [--demands 500] [--volunteers 10000] [--seed 7]

A synthetic county (揭阳市榕城区, about 30 × 30 km): volunteers with 0–3 of 30 skills and a
random availability grid, demands needing 1–8 people with 0–2 skills over 4-hour windows in one
week, some volunteers without a home point (region-code estimate). Skills are rarer than demand,
so some places stay open. Prints the instance size, the time of `matching.match`, places filled,
total distance, and the gap to the exact optimum (`matching.match_exact`, scipy's
linear_sum_assignment on the full matrix) on the same instance, or on a tenth of it when the full
matrix would not fit in `--exact-limit` cells. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from shegong.volunteers.matching import Candidate, Need, Result, match, match_exact

T0 = datetime(2030, 5, 6, 0, 0, tzinfo=timezone(timedelta(hours=8)))  # a Monday
TOWNSHIPS = [f"445202{t:03d}" for t in range(1, 10)]
SKILLS = 30


def slot_mask(start: datetime, end: datetime) -> int:
    mask, moment = 0, start
    while moment < end:
        part = 0 if moment.hour < 12 else 1 if moment.hour < 18 else 2
        mask |= 1 << (part + (3 if moment.weekday() >= 5 else 0))
        moment += timedelta(hours=1)
    return mask


def region(r: random.Random) -> str:
    return f"{r.choice(TOWNSHIPS)}{r.randint(1, 30):03d}"


def point(r: random.Random) -> tuple[float, float]:
    return 23.40 + r.random() * 0.27, 116.25 + r.random() * 0.29


def volunteers(r: random.Random, n: int) -> list[Candidate]:
    people = []
    for j in range(n):
        lat, lng = point(r)
        located = r.random() < 0.85
        skills = frozenset(r.sample(range(SKILLS), r.choice([0, 0, 1, 1, 2, 3])))
        people.append(
            Candidate(
                j,
                skills,
                r.getrandbits(6),
                region(r),
                lat if located else None,
                lng if located else None,
            )
        )
    return people


def demands(r: random.Random, n: int) -> list[Need]:
    needs = []
    for i in range(n):
        start = T0 + timedelta(hours=r.randint(0, 7 * 24 - 4))
        end = start + timedelta(hours=4)
        lat, lng = point(r)
        skills = frozenset(r.sample(range(SKILLS), r.choice([0, 1, 2, 2])))
        needs.append(
            Need(i, skills, r.randint(1, 8), slot_mask(start, end), start, end, region(r), lat, lng)
        )
    return needs


def timed(
    solver: Callable[[list[Need], list[Candidate]], Result],
    needs: list[Need],
    people: list[Candidate],
) -> tuple[Result, float]:
    began = time.perf_counter()
    result = solver(needs, people)
    return result, time.perf_counter() - began


def compare(label: str, needs: list[Need], people: list[Candidate]) -> None:
    fast, fast_s = timed(match, needs, people)
    exact, exact_s = timed(match_exact, needs, people)
    gap = (fast.total_km - exact.total_km) / exact.total_km * 100 if exact.total_km else 0.0
    print(
        f"  {label}: {len(needs)} demands, {sum(n.count for n in needs)} places, "
        f"{len(people)} volunteers"
    )
    print(
        f"    match        {fast_s:7.2f} s  filled {fast.filled:5d}  total {fast.total_km:10.1f} km"
    )
    print(
        f"    exact (scipy){exact_s:7.2f} s  filled {exact.filled:5d}  "
        f"total {exact.total_km:10.1f} km"
    )
    print(f"    gap: filled {fast.filled - exact.filled:+d}, distance {gap:+.3f} %")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--demands", type=int, default=500)
    parser.add_argument("--volunteers", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--exact-limit", type=int, default=40_000_000, help="matrix cells")
    args = parser.parse_args()
    r = random.Random(args.seed)
    needs, people = demands(r, args.demands), volunteers(r, args.volunteers)
    places = sum(n.count for n in needs)
    print(f"matching {len(needs)} demands ({places} places) against {len(people)} volunteers")
    result, seconds = timed(match, needs, people)
    print(
        f"  match: {seconds:.2f} s, filled {result.filled}/{places}, "
        f"total {result.total_km:.1f} km, mean {result.total_km / max(result.filled, 1):.2f} km"
    )
    if places * (len(people) + places) <= args.exact_limit:
        compare("gap on the same instance", needs, people)
    else:
        compare("gap on a tenth", needs[: len(needs) // 10], people[: len(people) // 10])


if __name__ == "__main__":
    main()
