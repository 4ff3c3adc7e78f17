"""Benchmark: volunteer sign-ups per second, on SQLite and PostgreSQL.

    .venv/bin/python bench/bench_volunteers.py [--postgres URL] [--signups 1000] [--threads 20]

Each sign-up is the real action (`do_sign_up`): lock the shift, lock the volunteer, check for a
clash, count the confirmed places, insert, write the audit row. Measured three ways: one after
another on one connection, and from 4 and from `--threads` threads at once (each thread its own
connection, as separate requests would be). Every run fills a shift with half as many places as
sign-ups, and checks afterwards that exactly that many were confirmed (no overbooking). On SQLite a
sign-up that waits longer than the busy timeout (20 s) for the write lock fails; such failures are
counted, not retried.

Each database is measured in a child process with its own scratch database (a temporary SQLite
file; a `shegong_bench_volunteers` PostgreSQL database created and dropped here), because Django
reads its database settings once per process. PostgreSQL is measured when `--postgres` or the
environment variable BENCH_DATABASE_URL gives a server. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import queue
import statistics
import sys
import threading
import time
from datetime import datetime, timedelta
from typing import Any, TypedDict
from zoneinfo import ZoneInfo

from common import left, on_postgres, on_sqlite, postgres_reachable, right

SCRATCH_DB = "shegong_bench_volunteers"
START = datetime(2030, 5, 11, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


class Run(TypedDict):
    threads: int
    signups: int
    failed: int
    seconds: float
    per_second: float
    p50_ms: float
    p95_ms: float
    confirmed: int
    capacity: int


class Result(TypedDict):
    backend: str
    version: str
    runs: list[Run]


# -- child: measure one database ---------------------------------------------------------------


def measure(signups: int, threads: int) -> Result:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shegong.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    organisation, manager = _organisation()
    volunteers = _volunteers(signups * 3)
    runs = []
    for index, workers in enumerate(_thread_counts(threads)):
        people = volunteers[index * signups : (index + 1) * signups]
        runs.append(_run(organisation, manager, people, workers, index))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sqlite_version()" if connection.vendor == "sqlite" else "SHOW server_version"
        )
        version = str(cursor.fetchone()[0]).split()[0]
    backend = "SQLite" if connection.vendor == "sqlite" else "PostgreSQL"
    return Result(backend=backend, version=version, runs=runs)


def _thread_counts(threads: int) -> list[int]:
    return [1, 4, threads]


def _organisation() -> tuple[Any, Any]:
    from shegong.accounts.actions import do_create_user
    from shegong.accounts.models import RoleCode
    from shegong.volunteers.actions import do_create_organisation
    from shegong.volunteers.models import OrganisationKind

    manager = do_create_user(
        actor=None, username="bench-manager", name="何队长", unit=None, roles=[RoleCode.RESIDENT]
    )
    organisation = do_create_organisation(
        actor=None,
        name="进东社区志愿服务站",
        kind=OrganisationKind.COMMUNITY_STATION,
        region_code="445202001001",
        managers=[manager],
    )
    return organisation, manager


def _volunteers(count: int) -> list[Any]:
    """Registered volunteers, inserted in bulk: their registration is not what is measured."""
    from django.db import transaction
    from django.utils import timezone

    from shegong.accounts.models import User
    from shegong.lib.crypto import lookup_hash
    from shegong.lib.idcard import check_char
    from shegong.volunteers.models import CONSENT_VERSION, Volunteer

    now = timezone.now()
    with transaction.atomic():
        users = User.objects.bulk_create(
            [User(username=f"bench-{n}", name=f"志愿者{n}") for n in range(count)], batch_size=500
        )
        rows = []
        for n, user in enumerate(users):
            first17 = f"445202{1960 + n // 900}0101{100 + n % 900:03d}"
            number = first17 + check_char(first17)
            rows.append(
                Volunteer(
                    user=user,
                    number=f"V445202{n:08d}",
                    name=user.name,
                    id_number=number,
                    id_hash=lookup_hash(number),
                    region_code="445202001001",
                    consent_at=now,
                    consent_version=CONSENT_VERSION,
                )
            )
        return list(Volunteer.objects.bulk_create(rows, batch_size=500))


def _shift(organisation: Any, manager: Any, capacity: int, index: int) -> Any:
    from shegong.volunteers.actions import (
        ActivityData,
        do_add_shift,
        do_create_activity,
        do_publish_activity,
    )
    from shegong.volunteers.models import ServiceCategory

    day = START + timedelta(days=index)
    data = ActivityData(
        title=f"敬老院陪伴 {index + 1}",
        category=ServiceCategory.objects.get(code="elderly_disabled"),
        region_code="445202001001",
        starts_at=day,
        ends_at=day + timedelta(hours=3),
    )
    activity = do_create_activity(organisation, data, actor=manager)
    shift = do_add_shift(
        activity,
        actor=manager,
        name="陪伴岗",
        starts_at=day,
        ends_at=day + timedelta(hours=3),
        capacity=capacity,
    )
    do_publish_activity(activity, actor=manager)
    return shift


def _run(organisation: Any, manager: Any, people: list[Any], workers: int, index: int) -> Run:
    from django.db import connection

    from shegong.volunteers.models import SignUp, SignUpStatus

    capacity = len(people) // 2
    shift = _shift(organisation, manager, capacity, index)
    connection.close()  # the threads open their own
    pending: queue.SimpleQueue[Any] = queue.SimpleQueue()
    for person in people:
        pending.put(person)
    latencies: list[float] = []
    failures: list[BaseException] = []
    busy: list[int] = []
    barrier = threading.Barrier(workers + 1)
    threads = [
        threading.Thread(target=_work, args=(shift, pending, latencies, failures, busy, barrier))
        for _ in range(workers)
    ]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    if failures:
        raise failures[0]
    confirmed = SignUp.objects.filter(shift=shift, status=SignUpStatus.CONFIRMED).count()
    return Run(
        threads=workers,
        signups=len(people),
        failed=len(busy),
        seconds=seconds,
        per_second=(len(people) - len(busy)) / seconds,
        p50_ms=statistics.median(latencies),
        p95_ms=statistics.quantiles(latencies, n=20)[-1],
        confirmed=confirmed,
        capacity=capacity,
    )


def _work(
    shift: Any,
    pending: queue.SimpleQueue[Any],
    latencies: list[float],
    failures: list[BaseException],
    busy: list[int],
    barrier: threading.Barrier,
) -> None:
    from django.db import OperationalError, connection

    from shegong.volunteers.actions import do_sign_up

    barrier.wait()
    try:
        while True:
            try:
                person = pending.get_nowait()
            except queue.Empty:
                return
            begun = time.perf_counter()
            try:
                do_sign_up(shift, person, actor=person.user)
            except OperationalError:  # SQLite: waited longer than its busy timeout (20 s)
                busy.append(person.pk)
                continue
            latencies.append((time.perf_counter() - begun) * 1000)
    except BaseException as error:  # reported by the parent thread
        failures.append(error)
    finally:
        connection.close()


# -- parent: scratch databases, children, the table --------------------------------------------


def _child_args(signups: int, threads: int) -> list[str]:
    return ["--signups", str(signups), "--threads", str(threads)]


def bench_sqlite(signups: int, threads: int) -> Result:
    result: Result = on_sqlite(__file__, _child_args(signups, threads))
    return result


def bench_postgres(url: str, signups: int, threads: int) -> Result:
    result: Result = on_postgres(url, SCRATCH_DB, __file__, _child_args(signups, threads))
    return result


def table(results: list[Result]) -> str:
    """The figures side by side, one column per database."""
    first, width = 24, 34
    lines: list[str] = []

    def row(label: str, cells: list[str]) -> None:
        lines.append(left(label, first) + "".join(right(cell, width) for cell in cells))

    row("", [f"{r['backend']} {r['version']}" for r in results])
    lines.append("-" * (first + width * len(results)))
    for index, run in enumerate(results[0]["runs"]):
        runs = [r["runs"][index] for r in results]
        row(f"{run['threads']} 线程：报名/秒", [f"{x['per_second']:,.0f}" for x in runs])
        row("  单次 p50 / p95 毫秒", [f"{x['p50_ms']:.1f} / {x['p95_ms']:.1f}" for x in runs])
        row(
            "  录用 / 名额（报名数）",
            [f"{x['confirmed']} / {x['capacity']}（{x['signups']}）" for x in runs],
        )
        row("  超时失败（数据库忙）", [str(x["failed"]) for x in runs])
    title = f"志愿者报名吞吐（{os.cpu_count()} 核，Python {platform.python_version()}）"
    return "\n".join([title, *lines])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--postgres", default=os.environ.get("BENCH_DATABASE_URL", ""), metavar="URL"
    )
    parser.add_argument("--signups", type=int, default=1000, help="每一轮的报名数")
    parser.add_argument("--threads", type=int, default=20, help="最后一轮的并发线程数")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(measure(args.signups, args.threads)))
        return 0
    results = [bench_sqlite(args.signups, args.threads)]
    if args.postgres and postgres_reachable(args.postgres):
        results.append(bench_postgres(args.postgres, args.signups, args.threads))
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
