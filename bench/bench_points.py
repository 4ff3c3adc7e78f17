"""Benchmark: the village points ledger balance queries, on SQLite and PostgreSQL.

    .venv/bin/python bench/bench_points.py [--postgres URL] [--households 5000] [--entries 100]

One village gets `--households` households with `--entries` transfers each (earnings and
redemptions on alternate days over two years), every transfer two ledger entries that sum to
zero, all inserted in bulk (the insert is not what is measured). Then timed: one household's
balance (SUM over its entries), every household's balance of the village in one grouped query,
and one monthly statement. Balances are derived, never stored (R50).

Each database is measured in a child process with its own scratch database (a temporary SQLite
file; a `shegong_bench_points` PostgreSQL database created and dropped here), because Django reads
its database settings once per process. PostgreSQL is measured when `--postgres` or the
environment variable BENCH_DATABASE_URL gives a server. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any, TypedDict

from common import left, on_postgres, on_sqlite, postgres_reachable, right

SCRATCH_DB = "shegong_bench_points"
VILLAGE = "445202001001"
FIRST_DAY = dt.date(2025, 1, 1)


class Timing(TypedDict):
    runs: int
    p50_ms: float
    p95_ms: float


class Result(TypedDict):
    backend: str
    version: str
    households: int
    entries: int
    load_s: float
    one: Timing
    village: Timing
    statement: Timing
    total_zero: bool


# -- child: measure one database ---------------------------------------------------------------


def measure(households: int, per_household: int) -> Result:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shegong.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from shegong.points.models import Household
    from shegong.points.queries import balance_of, ledger_total, monthly_statement, village_balances

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    rows = _load(households, per_household)
    load_s = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    ids = list(Household.objects.filter(region_code=VILLAGE).values_list("pk", flat=True))
    picks = random.Random(7)
    probe = Household(pk=0)

    def one() -> object:
        probe.pk = picks.choice(ids)
        return balance_of(probe)

    return Result(
        backend="SQLite" if connection.vendor == "sqlite" else "PostgreSQL",
        version=_version(),
        households=households,
        entries=rows,
        load_s=load_s,
        one=_timed(500, one),
        village=_timed(20, lambda: village_balances(VILLAGE)),
        statement=_timed(10, lambda: monthly_statement(VILLAGE, 2025, 6)),
        total_zero=ledger_total() == 0,
    )


def _version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sqlite_version()" if connection.vendor == "sqlite" else "SHOW server_version"
        )
        return str(cursor.fetchone()[0]).split()[0]


def _timed(runs: int, query: Callable[[], object]) -> Timing:
    query()  # warm the caches once
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        query()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, int(len(samples) * 0.95))]
    return Timing(runs=runs, p50_ms=statistics.median(samples), p95_ms=p95)


def _load(households: int, per_household: int) -> int:
    """Households and their transfers, in bulk; returns how many ledger entries were written."""
    from django.db import transaction

    from shegong.points.models import Household

    with transaction.atomic():
        people = Household.objects.bulk_create(
            [
                Household(region_code=VILLAGE, number=f"{n:05d}", head_name=f"户主{n}")
                for n in range(households)
            ],
            batch_size=1000,
        )
    written = 0
    for start in range(0, len(people), 200):
        written += _load_batch(people[start : start + 200], per_household)
    return written


def _load_batch(people: list[Any], per_household: int) -> int:
    from django.db import transaction

    from shegong.points.models import Account, LedgerEntry, Transfer, TransferKind

    plan = []  # (household, day, amount): earn 10 on even turns, spend 5 on odd ones
    for household in people:
        for turn in range(per_household):
            day = FIRST_DAY + dt.timedelta(days=turn * 7 % 730)
            plan.append((household, day, 10 if turn % 2 == 0 else -5))
    with transaction.atomic():
        transfers = Transfer.objects.bulk_create(
            [
                Transfer(
                    region_code=VILLAGE,
                    kind=TransferKind.EARN if amount > 0 else TransferKind.OPENING,
                    booked_on=day,
                    memo="基准测试",
                )
                for _, day, amount in plan
            ],
            batch_size=2000,
        )
        entries = []
        for transfer, (household, day, amount) in zip(transfers, plan, strict=True):
            other = Account.ISSUED if amount > 0 else Account.REDEEMED
            entries.append(_entry(transfer, Account.HOUSEHOLD, household, amount, day))
            entries.append(_entry(transfer, other, None, -amount, day))
        LedgerEntry.objects.bulk_create(entries, batch_size=5000)
    return len(entries)


def _entry(transfer: Any, account: str, household: Any, amount: int, day: dt.date) -> Any:
    from shegong.points.models import LedgerEntry

    return LedgerEntry(
        transfer=transfer,
        region_code=VILLAGE,
        account=account,
        household=household,
        amount=amount,
        booked_on=day,
    )


# -- parent: scratch databases, children, the table --------------------------------------------


def _child_args(args: argparse.Namespace) -> list[str]:
    return ["--households", str(args.households), "--entries", str(args.entries)]


def bench_sqlite(args: argparse.Namespace) -> Result:
    result: Result = on_sqlite(__file__, _child_args(args))
    return result


def bench_postgres(url: str, args: argparse.Namespace) -> Result:
    result: Result = on_postgres(url, SCRATCH_DB, __file__, _child_args(args))
    return result


def _ms(timing: Timing) -> str:
    return f"{timing['p50_ms']:.2f} / {timing['p95_ms']:.2f}（{timing['runs']} 次）"


def table(results: list[Result]) -> str:
    """The figures side by side, one column per database."""
    first, width = 26, 30
    lines: list[str] = []

    def row(label: str, cells: list[str]) -> None:
        lines.append(left(label, first) + "".join(right(cell, width) for cell in cells))

    row("", [f"{r['backend']} {r['version']}" for r in results])
    lines.append("-" * (first + width * len(results)))
    row("农户 / 分录", [f"{r['households']:,} / {r['entries']:,}" for r in results])
    row("批量写入", [f"{r['load_s']:.1f} s" for r in results])
    lines.append("余额查询 p50 / p95 毫秒")
    row("  单户余额", [_ms(r["one"]) for r in results])
    row("  全村各户余额（一次查询）", [_ms(r["village"]) for r in results])
    row("  全村月度对账单", [_ms(r["statement"]) for r in results])
    row("全部分录合计为 0", ["是" if r["total_zero"] else "否" for r in results])
    title = f"积分超市账本余额查询（{os.cpu_count()} 核，Python {platform.python_version()}）"
    return "\n".join([title, *lines])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--postgres", default=os.environ.get("BENCH_DATABASE_URL", ""), metavar="URL"
    )
    parser.add_argument("--households", type=int, default=5000)
    parser.add_argument("--entries", type=int, default=100, help="transfers per household")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(measure(args.households, args.entries)))
        return 0
    results = [bench_sqlite(args)]
    if args.postgres and postgres_reachable(args.postgres):
        results.append(bench_postgres(args.postgres, args))
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
