"""Every state change of population figures and grids (regions themselves come from `loader`).

Each `do_*` checks the actor's permission, validates, writes in one transaction and appends an
audit row. `actor=None` is the system itself: a console command run by the operator.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shegong.accounts.models import RoleCode, User
from shegong.accounts.queries import in_scope
from shegong.audit.actions import record
from shegong.lib import regioncodes
from shegong.lib.regioncodes import Level
from shegong.regions.loader import LoadReport, load_regions
from shegong.regions.models import (
    MAX_YEAR,
    MIN_YEAR,
    Grid,
    GridAssignment,
    GridKind,
    Region,
    RegionPopulation,
)

# Population figures are the department's reference data; grids are also kept by village cadres.
POPULATION_ROLES = (RoleCode.ADMIN, RoleCode.SOCIAL_WORK_STAFF)
GRID_ROLES = (RoleCode.ADMIN, RoleCode.SOCIAL_WORK_STAFF, RoleCode.VILLAGE_CADRE)
MANUAL_SOURCE = "手工"
# Codes per `IN (…)` lookup, well under SQLite's bound-variable limit.
LOOKUP_CHUNK = 500


def can_manage(actor: User | None, region_code: str, roles: tuple[RoleCode, ...]) -> bool:
    """Whether the actor may change data of this region: the system, a superuser, or a holder
    of one of `roles` whose scope contains the region."""
    if actor is None or actor.is_superuser:
        return True
    return actor.has_role(*roles) and in_scope(actor, region_code)


def _require(actor: User | None, region_code: str, roles: tuple[RoleCode, ...]) -> None:
    if not can_manage(actor, region_code, roles):
        raise PermissionDenied(_("无权维护该区划的数据"))


@transaction.atomic
def do_set_population(
    region: Region,
    *,
    year: int,
    resident: int,
    urban_resident: int,
    actor: User | None,
    source: str = MANUAL_SOURCE,
) -> RegionPopulation:
    """Set the resident and urban resident population of a region for one year.

    Creates the (region, year) row or updates it; urban_resident ≤ resident is enforced by the
    model and the database. Side effect: one audit row with the figures before and after.
    """
    _require(actor, region.code, POPULATION_ROLES)
    population = RegionPopulation.objects.filter(region=region, year=year).first()
    before = None
    if population is None:
        population = RegionPopulation(region=region, year=year)
    else:
        before = {"resident": population.resident, "urban_resident": population.urban_resident}
    population.resident = resident
    population.urban_resident = urban_resident
    population.source = source
    population.updated_at = timezone.now()
    population.full_clean()
    population.save()
    record(
        actor=actor,
        verb="regions.set_population",
        obj=population,
        region_code=region.code,
        payload={
            "year": year,
            "resident": resident,
            "urban_resident": urban_resident,
            "source": source,
            "before": before,
        },
    )
    return population


# -- population import ------------------------------------------------------------------------

COLUMNS = {"code": "区划代码", "year": "年份", "resident": "常住人口", "urban": "城镇常住人口"}
SOURCE_COLUMN = "来源"


@dataclass(frozen=True)
class RowError:
    """One problem with one spreadsheet row (row 1 is the header)."""

    row: int
    message: str

    def __str__(self) -> str:
        return _("第 %(row)s 行：%(message)s") % {"row": self.row, "message": self.message}


@dataclass(frozen=True)
class PopulationRow:
    row: int
    code: str
    year: int
    resident: int
    urban_resident: int
    source: str


@dataclass
class ImportReport:
    """The outcome of one import: either every row written, or nothing and the errors."""

    rows: int = 0
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        if self.ok:
            return _("已导入 %(rows)s 行：新增 %(created)s 条，更新 %(updated)s 条。") % {
                "rows": self.rows,
                "created": self.created,
                "updated": self.updated,
            }
        lines = [_("发现 %(count)s 处错误，未导入任何数据：") % {"count": len(self.errors)}]
        return "\n".join(lines + [str(error) for error in self.errors])


def do_import_population(
    path_or_file: str | Path | IO[bytes], *, actor: User | None, source: str = ""
) -> ImportReport:
    """Import population figures from an xlsx sheet with columns 区划代码, 年份, 常住人口,
    城镇常住人口 (and optionally 来源).

    Every row is validated before anything is written: a malformed or unknown code, a region
    outside the actor's scope, a bad number, urban > resident, a (code, year) given twice. If
    any row fails, nothing is written and the report lists each problem by row in Chinese.
    Otherwise all rows are upserted in one transaction. Side effect: one audit row per import.
    """
    if actor is not None and not actor.is_superuser and not actor.has_role(*POPULATION_ROLES):
        raise PermissionDenied(_("无权导入人口数据"))
    report = ImportReport()
    default_source = source or _file_name(path_or_file)
    rows = _parse_sheet(path_or_file, default_source, report)
    report.rows = len(rows)
    _check_regions(rows, actor, report)
    if report.errors:
        report.errors.sort(key=lambda error: error.row)
        return report
    _write_population(rows, actor, report, default_source)
    return report


def _file_name(path_or_file: str | Path | IO[bytes]) -> str:
    if isinstance(path_or_file, str | Path):
        return Path(path_or_file).name
    return Path(str(getattr(path_or_file, "name", "") or "xlsx")).name


def _parse_sheet(
    path_or_file: str | Path | IO[bytes], source: str, report: ImportReport
) -> list[PopulationRow]:
    # Imported here: openpyxl is only needed by imports, and it is slow to import.
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path_or_file, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types (zipfile, KeyError, InvalidFileException…)
        report.errors.append(RowError(0, _("无法读取文件，请上传 xlsx 格式的表格")))
        return []
    try:
        sheet = workbook.active
        lines = iter(sheet.iter_rows(values_only=True)) if sheet is not None else iter(())
        header = next(lines, None)
        columns = _header_columns(header, report)
        if columns is None:
            return []
        return _parse_rows(lines, columns, source, report)
    finally:
        workbook.close()


def _header_columns(header: tuple[Any, ...] | None, report: ImportReport) -> dict[str, int] | None:
    titles = [str(cell).strip() if cell is not None else "" for cell in header or ()]
    missing = [title for title in COLUMNS.values() if title not in titles]
    if missing:
        report.errors.append(
            RowError(1, _("缺少列：%(columns)s") % {"columns": "、".join(missing)})
        )
        return None
    columns = {key: titles.index(title) for key, title in COLUMNS.items()}
    if SOURCE_COLUMN in titles:
        columns["source"] = titles.index(SOURCE_COLUMN)
    return columns


def _parse_rows(
    lines: Any, columns: dict[str, int], source: str, report: ImportReport
) -> list[PopulationRow]:
    rows: list[PopulationRow] = []
    first_row: dict[tuple[str, int], int] = {}
    for number, values in enumerate(lines, start=2):
        cells = list(values) + [None] * (max(columns.values()) + 1 - len(values))
        if all(cell is None or str(cell).strip() == "" for cell in cells):
            continue
        parsed = _parse_row(number, cells, columns, source, report)
        if parsed is None:
            continue
        key = (parsed.code, parsed.year)
        if key in first_row:
            report.errors.append(
                RowError(
                    number, _("与第 %(row)s 行重复（同一区划同一年份）") % {"row": first_row[key]}
                )
            )
            continue
        first_row[key] = number
        rows.append(parsed)
    return rows


def _parse_row(
    number: int, cells: list[Any], columns: dict[str, int], source: str, report: ImportReport
) -> PopulationRow | None:
    errors: list[str] = []
    code = _parse_code(cells[columns["code"]], errors)
    year = _parse_int(cells[columns["year"]], COLUMNS["year"], errors)
    resident = _parse_int(cells[columns["resident"]], COLUMNS["resident"], errors)
    urban = _parse_int(cells[columns["urban"]], COLUMNS["urban"], errors)
    if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
        errors.append(_("年份 %(year)s 应在 1949 至 2100 之间") % {"year": year})
    if resident is not None and urban is not None and urban > resident:
        errors.append(
            _("城镇常住人口（%(urban)s）大于常住人口（%(resident)s）")
            % {"urban": urban, "resident": resident}
        )
    report.errors.extend(RowError(number, message) for message in errors)
    if errors or code is None or year is None or resident is None or urban is None:
        return None
    cell = cells[columns["source"]] if "source" in columns else None
    row_source = str(cell).strip()[:100] if cell not in (None, "") else source
    return PopulationRow(number, code, year, resident, urban, row_source)


def _parse_code(value: Any, errors: list[str]) -> str | None:
    # Excel keeps a 12-digit code typed without a leading quote as a number.
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = "" if value is None else str(value).strip()
    if not text:
        errors.append(_("缺少区划代码"))
        return None
    try:
        return regioncodes.normalize(text)
    except regioncodes.InvalidRegionCodeError:
        errors.append(
            _("区划代码“%(code)s”格式不正确（应为 2、4、6、9 或 12 位数字）") % {"code": text}
        )
        return None


def _parse_int(value: Any, label: str, errors: list[str]) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        errors.append(_("缺少%(label)s") % {"label": label})
        return None
    number = _as_int(value)
    if number is None or number < 0:
        errors.append(_("%(label)s“%(value)s”不是非负整数") % {"label": label, "value": value})
        return None
    return number


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, str):
        # Thousands separators are common in statistical tables: 1,234,567.
        text = value.strip().replace(",", "").replace("，", "")
        return int(text) if text.isascii() and text.isdigit() else None
    return None


def _check_regions(rows: list[PopulationRow], actor: User | None, report: ImportReport) -> None:
    codes = sorted({row.code for row in rows})
    known: set[str] = set()
    for start in range(0, len(codes), LOOKUP_CHUNK):
        chunk = codes[start : start + LOOKUP_CHUNK]
        known.update(Region.objects.filter(code__in=chunk).values_list("code", flat=True))
    for row in rows:
        if row.code not in known:
            report.errors.append(
                RowError(row.row, _("区划代码 %(code)s 不存在") % {"code": row.code})
            )
        elif not can_manage(actor, row.code, POPULATION_ROLES):
            report.errors.append(
                RowError(row.row, _("区划 %(code)s 不在您的辖区内") % {"code": row.code})
            )


@transaction.atomic
def _write_population(
    rows: list[PopulationRow], actor: User | None, report: ImportReport, file_name: str
) -> None:
    existing: set[tuple[str, int]] = set()
    for start in range(0, len(rows), LOOKUP_CHUNK):
        chunk = rows[start : start + LOOKUP_CHUNK]
        existing.update(
            RegionPopulation.objects.filter(region_id__in=[row.code for row in chunk]).values_list(
                "region_id", "year"
            )
        )
    now = timezone.now()
    RegionPopulation.objects.bulk_create(
        [
            RegionPopulation(
                region_id=row.code,
                year=row.year,
                resident=row.resident,
                urban_resident=row.urban_resident,
                source=row.source,
                updated_at=now,
            )
            for row in rows
        ],
        update_conflicts=True,
        unique_fields=["region", "year"],
        update_fields=["resident", "urban_resident", "source", "updated_at"],
    )
    report.updated = sum((row.code, row.year) in existing for row in rows)
    report.created = len(rows) - report.updated
    record(
        actor=actor,
        verb="regions.import_population",
        object_type="regions.regionpopulation",
        payload={
            "file": file_name,
            "rows": report.rows,
            "created": report.created,
            "updated": report.updated,
        },
    )


# -- grids ------------------------------------------------------------------------------------


@transaction.atomic
def do_create_grid(
    region: Region,
    *,
    actor: User | None,
    code: str,
    name: str,
    kind: GridKind = GridKind.BASIC,
) -> Grid:
    """Create a grid (网格) in a village or community, or a dedicated grid (专属网格) in a
    township or village (R51 gives the level from the code).

    The grid code is unique within the region. Side effect: one audit row.
    """
    _require(actor, region.code, GRID_ROLES)
    grid = Grid(
        region=region, region_code=region.code, code=code.strip(), name=name.strip(), kind=kind
    )
    grid.full_clean()
    grid.save()
    record(
        actor=actor,
        verb="regions.create_grid",
        obj=grid,
        payload={"code": grid.code, "name": grid.name, "kind": str(kind)},
    )
    return grid


@transaction.atomic
def do_update_grid(
    grid: Grid, *, actor: User | None, name: str | None = None, is_active: bool | None = None
) -> Grid:
    """Rename a grid or switch it on or off; its region and code never change. One audit row."""
    _require(actor, grid.region_code, GRID_ROLES)
    changes: dict[str, Any] = {}
    if name is not None and name.strip() != grid.name:
        changes["name"] = [grid.name, name.strip()]
        grid.name = name.strip()
    if is_active is not None and is_active != grid.is_active:
        changes["is_active"] = [grid.is_active, is_active]
        grid.is_active = is_active
    if changes:
        grid.full_clean()
        grid.save(update_fields=["name", "is_active"])
        record(actor=actor, verb="regions.update_grid", obj=grid, payload=changes)
    return grid


@transaction.atomic
def do_assign_grid_worker(
    grid: Grid, user: User, *, actor: User | None, since: date | None = None
) -> GridAssignment:
    """Start a grid worker's (网格员) term on a grid.

    The user must hold the grid_worker role and belong to a unit whose region contains the
    grid, and must not already hold an open term on it (ValidationError in Chinese otherwise).
    Side effect: one audit row.
    """
    _require(actor, grid.region_code, GRID_ROLES)
    assignment = GridAssignment(
        grid=grid,
        user=user,
        region_code=grid.region_code,
        since=since or timezone.localdate(),
    )
    assignment.full_clean()
    assignment.save()
    record(
        actor=actor,
        verb="regions.assign_grid_worker",
        obj=assignment,
        payload={"grid": grid.pk, "user": user.username, "since": assignment.since.isoformat()},
    )
    return assignment


@transaction.atomic
def do_end_grid_assignment(
    assignment: GridAssignment, *, actor: User | None, until: date | None = None
) -> GridAssignment:
    """End a grid worker's term (离任) on `until`, today by default. One audit row."""
    _require(actor, assignment.region_code, GRID_ROLES)
    if assignment.until is not None:
        raise ValidationError(_("该任职已结束"))
    assignment.until = until or timezone.localdate()
    if assignment.until < assignment.since:
        raise ValidationError({"until": _("离任日期不能早于任职日期")})
    assignment.save(update_fields=["until"])
    record(
        actor=actor,
        verb="regions.end_grid_assignment",
        obj=assignment,
        payload={"until": assignment.until.isoformat()},
    )
    return assignment


def do_load_regions(
    *, codes: Sequence[str], levels: frozenset[Level], progress: bool, actor: User | None = None
) -> LoadReport:
    """Load (or refresh) regions from the shipped tables and note the load in the audit trail."""
    report = load_regions(codes=codes, levels=levels, progress=progress)
    record(
        actor=actor,
        verb="regions.load",
        object_type="regions.region",
        payload={
            "codes": list(codes),
            "levels": sorted(int(level) for level in levels),
            "rows_read": report.rows_read,
            "written": report.written,
            "created": report.created,
        },
    )
    return report
