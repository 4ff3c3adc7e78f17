"""`make bench`: run every bench/bench_*.py in turn; each prints its own figures.

Benchmarks print numbers and never fail on them. PostgreSQL figures are included when
BENCH_DATABASE_URL is set or the local server on 127.0.0.1:5432 answers.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
LOCAL_PG = "postgres://postgres@127.0.0.1:5432/postgres"


def pg_reachable(url: str) -> bool:
    try:
        import psycopg

        with psycopg.connect(url, connect_timeout=3):
            return True
    except Exception:
        return False


def main() -> int:
    env = dict(os.environ)
    if "BENCH_DATABASE_URL" not in env and pg_reachable(LOCAL_PG):
        env["BENCH_DATABASE_URL"] = LOCAL_PG
    only = sys.argv[1:]
    failed = 0
    for script in sorted(HERE.glob("bench_*.py")):
        if only and script.stem.removeprefix("bench_") not in only:
            continue
        print(f"\n===== {script.stem} =====", flush=True)
        failed += subprocess.call([sys.executable, str(script)], env=env) != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
