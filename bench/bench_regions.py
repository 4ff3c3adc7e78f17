"""Benchmark: the national region load and subtree range queries, on SQLite and PostgreSQL.

    .venv/bin/python bench/bench_regions.py [--postgres URL] [--runs 200]

Each database is measured in a child process with its own scratch database (a temporary SQLite
file; a `shegong_bench` PostgreSQL database created and dropped here), because Django reads its
database settings once per process. PostgreSQL is measured when `--postgres` or the environment
variable BENCH_DATABASE_URL gives a server. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from typing import Any, TypedDict

from common import left, on_postgres, on_sqlite, postgres_reachable, right

SCRATCH_DB = "shegong_bench"
# One region of each level, all in the demo city 揭阳市.
PROBES = [
    ("省级", "44"),
    ("地级", "4452"),
    ("县级", "445202"),
    ("乡级", "445202001"),
    ("村级", "445202001001"),
]


class Probe(TypedDict):
    label: str
    code: str
    regions: int
    p50_ms: float
    p95_ms: float


class Result(TypedDict):
    backend: str
    version: str
    rows_read: int
    written: int
    load_s: float
    reload_s: float
    probes: list[Probe]
    search_p50_ms: float


# -- child: measure one database ---------------------------------------------------------------


def measure(runs: int) -> Result:
    """Migrate the scratch database, load everything twice, then time the range queries."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shegong.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from shegong.regions.loader import load_regions

    call_command("migrate", verbosity=0)
    first = load_regions()
    second = load_regions()
    if connection.vendor == "postgresql":
        # Two loads leave 1.3 million dead row versions; measure queries as they run once
        # autovacuum has caught up (index-only scans need the visibility map).
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE regions_region")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sqlite_version()" if connection.vendor == "sqlite" else "SHOW server_version"
        )
        version = str(cursor.fetchone()[0]).split()[0]
    return Result(
        backend="SQLite" if connection.vendor == "sqlite" else "PostgreSQL",
        version=version,
        rows_read=first.rows_read,
        written=first.written,
        load_s=first.seconds,
        reload_s=second.seconds,
        probes=[_probe(label, code, runs) for label, code in PROBES],
        search_p50_ms=_search_p50(max(runs // 4, 10)),
    )


def _timed(runs: int, query: Any) -> list[float]:
    for _ in range(5):  # warm the caches and the connection first
        query()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        query()
        times.append((time.perf_counter() - started) * 1000)
    return times


def _probe(label: str, code: str, runs: int) -> Probe:
    from shegong.regions.models import Region
    from shegong.regions.scope import subtree_q

    def count() -> int:
        return Region.objects.filter(subtree_q(code, "code")).count()

    times = _timed(runs, count)
    return Probe(
        label=label,
        code=code,
        regions=count(),
        p50_ms=statistics.median(times),
        p95_ms=statistics.quantiles(times, n=20)[-1],
    )


def _search_p50(runs: int) -> float:
    from shegong.regions.queries import search_regions

    return statistics.median(_timed(runs, lambda: search_regions("榕城")))


# -- parent: scratch databases, children, the table --------------------------------------------


def bench_sqlite(runs: int) -> Result:
    result: Result = on_sqlite(__file__, ["--runs", str(runs)])
    return result


def bench_postgres(url: str, runs: int) -> Result:
    result: Result = on_postgres(url, SCRATCH_DB, __file__, ["--runs", str(runs)])
    return result


def table(results: list[Result], runs: int) -> str:
    """The figures side by side, one column per database."""
    first, width = 22, 30
    lines: list[str] = []

    def row(label: str, cells: list[str]) -> None:
        lines.append(left(label, first) + "".join(right(cell, width) for cell in cells))

    row("", [f"{r['backend']} {r['version']}" for r in results])
    lines.append("-" * (first + width * len(results)))
    row("源数据行 / 写入区划", [f"{r['rows_read']:,} / {r['written']:,}" for r in results])
    row("全量载入 --all", [_rate(r["load_s"], r["rows_read"]) for r in results])
    row("重复载入（更新）", [_rate(r["reload_s"], r["rows_read"]) for r in results])
    lines.append(f"子树计数 p50 / p95 毫秒（{runs} 次；括号内为子树区划数）")
    for index, (label, code) in enumerate(PROBES):
        probes = [r["probes"][index] for r in results]
        cells = [f"{p['p50_ms']:.2f} / {p['p95_ms']:.2f} ({p['regions']:,})" for p in probes]
        row(f"  {label} {code}", cells)
    row("名称查找“榕城” p50", [f"{r['search_p50_ms']:.1f} ms" for r in results])
    title = f"区划载入与子树查询（{os.cpu_count()} 核，Python {platform.python_version()}）"
    return "\n".join([title, *lines])


def _rate(seconds: float, rows: int) -> str:
    return f"{seconds:.1f} s（{rows / seconds:,.0f} 行/s）"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--postgres", default=os.environ.get("BENCH_DATABASE_URL", ""), metavar="URL"
    )
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(measure(args.runs)))
        return 0
    results = [bench_sqlite(args.runs)]
    if args.postgres and postgres_reachable(args.postgres):
        results.append(bench_postgres(args.postgres, args.runs))
    print(table(results, args.runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
