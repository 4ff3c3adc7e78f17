"""Streaming load of the national region tree from the gzipped CSV files in `data/` (R51).

The files hold one level each (provinces → villages), sorted by code, 2022 edition. They are read
in level order so that every parent is written before its children; a row is upserted on its
12-digit code, so a re-run updates names and never duplicates. Only the path names of levels 1–4
are held in memory (about 45,000 strings); villages stream through in batches.

A row whose code is the same 12-digit code as a region one level up is merged into that region:
the county rows of the three 不设区的地级市 (东莞市, 中山市, 儋州市) and the township and village
placeholder rows of 金门县. Their children find the merged region as parent, because a parent is
derived from the code itself (R51), not from the file's parent column.
"""

from __future__ import annotations

import csv
import gzip
import time
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.db import connection, transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from tqdm import tqdm

from shegong.lib import regioncodes
from shegong.lib.regioncodes import Level
from shegong.regions.models import Region, join_full_name
from shegong.regions.scope import subtree_q

DATA_DIR = Path(__file__).resolve().parent / "data"
FILES = {
    Level.PROVINCE: "provinces.csv.gz",
    Level.CITY: "cities.csv.gz",
    Level.COUNTY: "areas.csv.gz",
    Level.TOWNSHIP: "streets.csv.gz",
    Level.VILLAGE: "villages.csv.gz",
}
ALL_LEVELS = frozenset(Level)
UPDATE_FIELDS = ["name", "level", "parent", "full_name"]
# Rows per INSERT … ON CONFLICT statement; SQLite's backend splits further to its 999 variables.
BATCH_SIZE = 2000
# Loads that write at least this many rows refresh the table's planner statistics.
ANALYZE_AFTER = 10_000
# The progress bar is advanced in steps, not per line, to keep its cost out of the hot loop.
PROGRESS_STEP = 8192


class RegionLoadError(Exception):
    """A load that cannot proceed: a bad option, or a parent that is neither loaded nor stored."""


@dataclass(frozen=True)
class MergedRow:
    """A source row whose 12-digit code belongs to a region of a higher level."""

    code: str
    name: str
    file_level: Level
    level: Level


@dataclass
class LoadReport:
    """What one load did, counted as it went."""

    rows_read: int = 0
    written: int = 0
    created: int = 0
    seconds: float = 0.0
    by_level: Counter[int] = field(default_factory=Counter)
    merged: list[MergedRow] = field(default_factory=list)

    @property
    def updated(self) -> int:
        return self.written - self.created

    def summary(self) -> str:
        """One Chinese paragraph for the command line, with every figure counted."""
        text = _(
            "读入 %(rows)s 行，写入 %(written)s 个区划"
            "（新增 %(created)s 个，更新 %(updated)s 个），用时 %(seconds).1f 秒。"
        ) % {
            "rows": f"{self.rows_read:,}",
            "written": f"{self.written:,}",
            "created": f"{self.created:,}",
            "updated": f"{self.updated:,}",
            "seconds": self.seconds,
        }
        per_level = "，".join(
            f"{regioncodes.LEVEL_LABELS[Level(level)]} {count:,}"
            for level, count in sorted(self.by_level.items())
        )
        if per_level:
            text += _("按级别：%(levels)s。") % {"levels": per_level}
        notes = merged_notes(self.merged)
        if notes:
            text += _("%(count)s 行与上级区划同码，已并入：%(notes)s。") % {
                "count": len(self.merged),
                "notes": "；".join(notes),
            }
        return text


def merged_notes(merged: Iterable[MergedRow]) -> list[str]:
    """Group merged rows into sentences: "东莞市、中山市、儋州市 的县级行与地级区划同码"."""
    per_code: dict[str, tuple[str, Level, set[Level]]] = {}
    for row in merged:
        name, level, file_levels = per_code.setdefault(row.code, (row.name, row.level, set()))
        file_levels.add(row.file_level)
    groups: dict[tuple[Level, tuple[Level, ...]], list[str]] = defaultdict(list)
    for name, level, file_levels in per_code.values():
        groups[(level, tuple(sorted(file_levels)))].append(name)
    notes = []
    for (level, from_levels), names in groups.items():
        notes.append(
            _("%(names)s 的%(file_levels)s行与其%(level)s区划同码，已并入%(level)s区划")
            % {
                "names": "、".join(names),
                "file_levels": "、".join(regioncodes.LEVEL_LABELS[lv] for lv in from_levels),
                "level": regioncodes.LEVEL_LABELS[level],
            }
        )
    return notes


def parse_levels(text: str) -> frozenset[Level]:
    """Parse "1-4", "5" or "1,2,5" into levels; a Chinese RegionLoadError when malformed."""
    levels: set[Level] = set()
    try:
        for part in text.replace("，", ",").split(","):
            low, sep, high = part.strip().partition("-")
            first, last = int(low), int(high if sep else low)
            if last < first:
                raise ValueError(part)
            levels.update(Level(n) for n in range(first, last + 1))
    except ValueError as exc:
        raise RegionLoadError(
            _("级别应为 1 至 5，例如 1-4 或 5：%(text)s") % {"text": text}
        ) from exc
    if not levels:
        raise RegionLoadError(_("级别应为 1 至 5，例如 1-4 或 5：%(text)s") % {"text": text})
    return frozenset(levels)


def selection_prefixes(codes: Iterable[str]) -> tuple[str, ...]:
    """The significant digits of each selected code (4452 or 445200000000 → 4452)."""
    try:
        return tuple(sorted({regioncodes.prefix(code) for code in codes}))
    except regioncodes.InvalidRegionCodeError as exc:
        raise RegionLoadError(_("无效的区划代码：%(code)s") % {"code": exc.args[0]}) from exc


def load_regions(
    *,
    codes: Collection[str] = (),
    levels: Collection[Level] = ALL_LEVELS,
    source: Path = DATA_DIR,
    progress: bool = False,
    batch_size: int = BATCH_SIZE,
) -> LoadReport:
    """Upsert the regions under `codes` (all when empty) at `levels`, with their ancestors.

    A selected code brings its whole subtree and the chain of regions above it, so one call
    with `codes=["4452"]` gives a connected tree from 广东省 down to every village of 揭阳市.
    Parents outside this call must already be stored; their path names are read from the
    database. Runs in one transaction: a failed load writes nothing. R51: level and parent are
    derived from each code.

    Full names are written for the rows loaded: after renaming a township with `levels` 1–4
    alone, load its subtree again to refresh the full names of its villages.
    """
    started = time.monotonic()
    prefixes = selection_prefixes(codes)
    wanted = sorted(Level(level) for level in levels)
    report = LoadReport()
    total = sum(count_rows(source / FILES[level]) for level in wanted) if progress else None
    with (
        tqdm(
            total=total, disable=not progress, desc=_("扫描区划"), unit="行", unit_scale=True
        ) as bar,
        transaction.atomic(),
    ):
        before = Region.objects.count()
        full_names: dict[str, str] = {}
        for level in wanted:
            if level > Level.PROVINCE and Level(level - 1) not in wanted:
                full_names.update(stored_full_names(prefixes, below=level))
            rows = read_rows(source / FILES[level], prefixes, bar, level=level)
            _load_level(level, rows, full_names, report, batch_size)
        report.created = Region.objects.count() - before
        if report.written >= ANALYZE_AFTER:
            _analyze()
    report.seconds = time.monotonic() - started
    return report


def _analyze() -> None:
    # Fresh planner statistics after a large load, so that range and level queries use the
    # indexes at once instead of waiting for autovacuum (PostgreSQL) or forever (SQLite).
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Region._meta.db_table}")


def _load_level(
    level: Level,
    rows: Iterable[tuple[str, str]],
    full_names: dict[str, str],
    report: LoadReport,
    batch_size: int,
) -> None:
    # Keyed by code so that a repeated row cannot appear twice in one INSERT … ON CONFLICT,
    # which PostgreSQL rejects; the files are sorted, so repeats would be adjacent anyway.
    batch: dict[str, Region] = {}
    for raw_code, name in rows:
        report.rows_read += 1
        try:
            region = Region.from_code(raw_code, name)
        except regioncodes.InvalidRegionCodeError:
            raise RegionLoadError(
                _("数据文件中的区划代码无效：%(code)s") % {"code": raw_code}
            ) from None
        if region.level != level:
            report.merged.append(MergedRow(region.code, name, level, Level(region.level)))
            continue
        if region.parent_id is not None:
            region.full_name = join_full_name(_parent_full_name(region, full_names), name)
        if level < Level.VILLAGE:
            full_names[region.code] = region.full_name
        batch[region.code] = region
        if len(batch) >= batch_size:
            _write(batch, level, report)
    _write(batch, level, report)


def _parent_full_name(region: Region, full_names: dict[str, str]) -> str:
    try:
        return full_names[str(region.parent_id)]
    except KeyError:
        raise RegionLoadError(
            _("区划 %(code)s 的上级 %(parent)s 尚未载入，请先载入上级区划（例如 --levels 1-4）")
            % {"code": region.code, "parent": region.parent_id}
        ) from None


def _write(batch: dict[str, Region], level: Level, report: LoadReport) -> None:
    if not batch:
        return
    Region.objects.bulk_create(
        batch.values(),
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=UPDATE_FIELDS,
    )
    report.written += len(batch)
    report.by_level[level] += len(batch)
    batch.clear()


def stored_full_names(prefixes: tuple[str, ...], *, below: Level) -> dict[str, str]:
    """Path names of stored regions above `below` that rows under `prefixes` may hang on."""
    queryset = Region.objects.filter(level__lt=below)
    if prefixes:
        scope = Q(
            code__in=[a for p in prefixes for a in regioncodes.lineage(p, include_self=False)]
        )
        for prefix in prefixes:
            scope |= subtree_q(prefix, "code")
        queryset = queryset.filter(scope)
    return dict(queryset.values_list("code", "full_name"))


def count_rows(path: Path) -> int:
    """Data rows in a gzipped CSV file (lines less the header), for the progress bar's total."""
    lines = 0
    with gzip.open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            lines += chunk.count(b"\n")
    return max(lines - 1, 0)


def read_rows(
    path: Path, prefixes: tuple[str, ...], bar: tqdm[Any], *, level: Level
) -> Iterator[tuple[str, str]]:
    """(code, name) of the rows of one level's file under or above `prefixes`, with the code
    as it appears in the file."""
    # Rows of this file can be ancestors of a selected code only when that code is longer.
    above = tuple(p for p in prefixes if len(p) > regioncodes.PREFIX_LENGTH[level])
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        reader = csv.reader(_selected_lines(fh, prefixes, above, bar))
        header = next(reader)
        code_at, name_at = header.index("code"), header.index("name")
        for row in reader:
            yield row[code_at], row[name_at].strip()


def _selected_lines(
    fh: IO[str], prefixes: tuple[str, ...], above: tuple[str, ...], bar: tqdm[Any]
) -> Iterator[str]:
    """The header, then the lines under a prefix or above (an ancestor of) one of `above`.

    Lines are filtered on their leading code before CSV parsing, so a one-city load skips the
    620,000 village rows of other cities cheaply. Names never span lines in these files.
    """
    yield next(fh)
    pending = 0
    for line in fh:
        pending += 1
        if pending == PROGRESS_STEP:
            bar.update(pending)
            pending = 0
        if not prefixes or line.startswith(prefixes):
            yield line
        elif above:
            code = line[: line.find(",")].strip('"')
            if any(prefix.startswith(code) for prefix in above):
                yield line
    bar.update(pending)
