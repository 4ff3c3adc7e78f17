"""What every benchmark script shares: scratch databases, the measuring child process, and
column widths for tables that mix Chinese and Latin text.

Each database is measured in a child process (Django reads its database settings once per
process): a temporary SQLite file, or a scratch PostgreSQL database created and dropped here.
The child prints its result as JSON on its last line of standard output.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from typing import Any
from urllib.parse import urlparse, urlunparse


def with_database(url: str, name: str) -> str:
    return urlunparse(urlparse(url)._replace(path=f"/{name}"))


def admin(url: str, statement: str) -> None:
    """Run one statement on the server's `postgres` database, outside any transaction."""
    import psycopg

    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as conn:
        conn.execute(statement)


def postgres_reachable(url: str) -> bool:
    try:
        admin(url, "SELECT 1")
    except Exception as error:
        print(f"PostgreSQL 不可用，跳过：{error}", file=sys.stderr)
        return False
    return True


def run_child(script: str, child_args: list[str], env: dict[str, str], *, quiet: bool) -> Any:
    """Run `script --child …` and return the JSON of its last output line.

    `quiet` keeps the child's standard error for when it fails; otherwise it streams through
    (progress lines of long benchmarks).
    """
    command = [sys.executable, script, "--child", *child_args]
    stderr = subprocess.PIPE if quiet else None
    done = subprocess.run(
        command, env=env, stdout=subprocess.PIPE, stderr=stderr, text=True, check=False
    )
    if done.returncode != 0:
        if done.stderr:
            sys.stderr.write(done.stderr)
        raise SystemExit(done.returncode)
    return json.loads(done.stdout.strip().splitlines()[-1])


def on_sqlite(script: str, child_args: list[str], *, quiet: bool = True) -> Any:
    """Measure in a child on a fresh SQLite file in a temporary data directory."""
    directory = tempfile.mkdtemp(prefix="shegong-bench-")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["SHEGONG_DATA_DIR"] = directory
    try:
        return run_child(script, child_args, env, quiet=quiet)
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def on_postgres(
    url: str, scratch: str, script: str, child_args: list[str], *, quiet: bool = True
) -> Any:
    """Measure in a child on a scratch PostgreSQL database, dropped afterwards."""
    admin(url, f"DROP DATABASE IF EXISTS {scratch} WITH (FORCE)")
    admin(url, f"CREATE DATABASE {scratch}")
    directory = tempfile.mkdtemp(prefix="shegong-bench-")
    env = {**os.environ, "DATABASE_URL": with_database(url, scratch)}
    env["SHEGONG_DATA_DIR"] = directory
    try:
        return run_child(script, child_args, env, quiet=quiet)
    finally:
        shutil.rmtree(directory, ignore_errors=True)
        admin(url, f"DROP DATABASE IF EXISTS {scratch} WITH (FORCE)")


def width(text: str) -> int:
    """Columns a string takes in a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def left(text: str, columns: int) -> str:
    return text + " " * max(columns - width(text), 0)


def right(text: str, columns: int) -> str:
    return " " * max(columns - width(text), 0) + text
