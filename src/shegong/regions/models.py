"""行政区划 models: the 5-level region tree, population figures and grids (网格).

The 12-digit statistical code is the primary key of a region, so every foreign key to a region
holds the same code that records store in `region_code`, and a subtree is a code range (R51).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shegong.lib import regioncodes


class RegionLevel(models.IntegerChoices):
    PROVINCE = regioncodes.Level.PROVINCE, _("省级")
    CITY = regioncodes.Level.CITY, _("地级")
    COUNTY = regioncodes.Level.COUNTY, _("县级")
    TOWNSHIP = regioncodes.Level.TOWNSHIP, _("乡级")
    VILLAGE = regioncodes.Level.VILLAGE, _("村级")


def join_full_name(parent_full_name: str, name: str) -> str:
    """The path name of a region: its parent's path name, a space, its own name."""
    return f"{parent_full_name} {name}" if parent_full_name else name


class Region(models.Model):
    """One region of the national tree (统计用区划代码, 2022 edition).

    Invariants (R51): `code` is the 12-digit statistical code; `level` and `parent` follow from
    the code's digits and are never chosen by hand, which is why rows are built by `from_code`.
    `full_name` is the space-separated path from the province down ("广东省 揭阳市 榕城区 …"),
    kept by the loader. Rows are written only by `shegong.regions.loader`.
    """

    code = models.CharField(_("区划代码"), max_length=12, primary_key=True)
    name = models.CharField(_("名称"), max_length=100, db_index=True)
    level = models.PositiveSmallIntegerField(_("级别"), choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级区划"),
        null=True,
        blank=True,
        db_index=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    full_name = models.CharField(_("全称"), max_length=255)

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]
        indexes = [models.Index(fields=["level", "code"], name="region_level_code")]

    def __str__(self) -> str:
        return f"{self.full_name}（{self.code}）"

    @classmethod
    def from_code(cls, code: str, name: str, *, parent_full_name: str = "") -> Region:
        """An unsaved region whose level and parent are derived from its code (R51)."""
        code = regioncodes.normalize(code)
        level = regioncodes.level_of(code)
        # The parent is the code cut to the next level up's digits; for a township of 东莞市
        # (441900003000) that is the city 441900000000, since the county level is absent.
        parent = (
            code[: regioncodes.PREFIX_LENGTH[level - 1]].ljust(12, "0")
            if level > RegionLevel.PROVINCE
            else None
        )
        return cls(
            code=code,
            name=name,
            level=level,
            parent_id=parent,
            full_name=join_full_name(parent_full_name, name),
        )

    @property
    def prefix(self) -> str:
        """The significant digits of the code (445202000000 → 445202)."""
        return regioncodes.prefix(self.code)

    @property
    def kind(self) -> str:
        """R51: 街道/镇/乡 for a township, 居委会/村委会 for a village, else the level label."""
        if self.level == RegionLevel.TOWNSHIP:
            return regioncodes.township_kind(self.code)
        if self.level == RegionLevel.VILLAGE:
            return regioncodes.village_kind(self.code)
        return str(RegionLevel(self.level).label)

    def contains(self, code: str) -> bool:
        """True when `code` lies in this region's subtree (a region contains itself)."""
        return regioncodes.contains(self.code, code)


# The range a population year may take: from the founding of the PRC to a far-off plan year.
MIN_YEAR = 1949
MAX_YEAR = 2100


class RegionPopulation(models.Model):
    """The resident population (常住人口) of one region in one year, with its urban part.

    Invariants: one row per region and year; 0 ≤ urban_resident ≤ resident. These figures are
    the denominators of the per-capita ratios a department reports (e.g. 每万城镇常住人口拥有社区
    工作者). Written only by `do_set_population` and `do_import_population`.
    """

    region = models.ForeignKey(
        Region, verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="populations"
    )
    year = models.PositiveSmallIntegerField(_("年份"))
    resident = models.PositiveBigIntegerField(_("常住人口"))
    urban_resident = models.PositiveBigIntegerField(_("城镇常住人口"))
    source = models.CharField(_("来源"), max_length=100, blank=True, default="")
    updated_at = models.DateTimeField(_("更新时间"), default=timezone.now)

    class Meta:
        verbose_name = _("常住人口")
        verbose_name_plural = _("常住人口")
        ordering = ["region_id", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year"],
                name="population_region_year",
                violation_error_message=_("该区划该年份已有常住人口记录"),
            ),
            models.CheckConstraint(
                condition=Q(urban_resident__lte=F("resident")),
                name="population_urban_within_resident",
                violation_error_message=_("城镇常住人口不能大于常住人口"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.year}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.year is not None and not MIN_YEAR <= self.year <= MAX_YEAR:
            errors["year"] = _("年份应在 1949 至 2100 之间")
        if (
            self.resident is not None
            and self.urban_resident is not None
            and self.urban_resident > self.resident
        ):
            errors["urban_resident"] = _("城镇常住人口不能大于常住人口")
        if errors:
            raise ValidationError(errors)


class GridKind(models.TextChoices):
    BASIC = "basic", _("基础网格")
    DEDICATED = "dedicated", _("专属网格")


# A basic grid divides one village or community; a dedicated grid (专属网格: a park, a school, a
# market) may be drawn by the township across several villages, so it may hang on a township.
GRID_LEVELS = {
    GridKind.BASIC: frozenset({RegionLevel.VILLAGE}),
    GridKind.DEDICATED: frozenset({RegionLevel.TOWNSHIP, RegionLevel.VILLAGE}),
}


class Grid(models.Model):
    """A grid (网格): the smallest unit of community governance, with its grid workers.

    Invariants: a basic grid lies in a village or community (level 5); a dedicated grid in a
    township or village (R51 gives the level from the code). `code` is unique within the region.
    `region_code` repeats `region_id` so that scope filters use the same column name as every
    other table (DESIGN: regions are the spine); a check constraint keeps the two equal.
    Written only by the actions in `shegong.regions.actions`.
    """

    region = models.ForeignKey(
        Region, verbose_name=_("所属区划"), on_delete=models.PROTECT, related_name="grids"
    )
    region_code = models.CharField(_("区划代码"), max_length=12, db_index=True, editable=False)
    kind = models.CharField(
        _("网格类型"), max_length=16, choices=GridKind.choices, default=GridKind.BASIC
    )
    code = models.CharField(_("网格编号"), max_length=32)
    name = models.CharField(_("网格名称"), max_length=100)
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    workers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("网格员"),
        through="GridAssignment",
        related_name="grids",
        blank=True,
    )

    class Meta:
        verbose_name = _("网格")
        verbose_name_plural = _("网格")
        ordering = ["region_code", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "code"],
                name="grid_unique_code",
                violation_error_message=_("本区划内已有此网格编号"),
            ),
            models.CheckConstraint(
                condition=Q(region_code=F("region_id")), name="grid_region_code_matches"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.region_id is None:
            return
        self.region_code = self.region_id
        allowed = GRID_LEVELS[GridKind(self.kind)]
        if RegionLevel(regioncodes.level_of(self.region_id)) not in allowed:
            if self.kind == GridKind.BASIC:
                message = _("基础网格只能设在村（社区）")
            else:
                message = _("专属网格只能设在乡镇（街道）或村（社区）")
            raise ValidationError({"region": message})


class GridAssignment(models.Model):
    """A grid worker's (网格员) term on a grid, from `since` until `until` (open while null).

    Invariants: the user holds the grid_worker role and belongs to a unit whose region contains
    the grid; a user holds at most one open term per grid; until ≥ since. `region_code` is the
    grid's, for scoping. Written only by `do_assign_grid_worker` and `do_end_grid_assignment`.
    """

    grid = models.ForeignKey(
        Grid, verbose_name=_("网格"), on_delete=models.PROTECT, related_name="assignments"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("网格员"),
        on_delete=models.PROTECT,
        related_name="grid_assignments",
    )
    region_code = models.CharField(_("区划代码"), max_length=12, db_index=True, editable=False)
    since = models.DateField(_("任职日期"), default=timezone.localdate)
    until = models.DateField(_("离任日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("网格员任职")
        verbose_name_plural = _("网格员任职")
        ordering = ["grid_id", "-since"]
        constraints = [
            models.UniqueConstraint(
                fields=["grid", "user"],
                condition=Q(until__isnull=True),
                name="grid_assignment_one_open",
                violation_error_message=_("该网格员已在本网格任职"),
            ),
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=F("since")),
                name="grid_assignment_until_after_since",
                violation_error_message=_("离任日期不能早于任职日期"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.grid} · {self.user}"

    def clean(self) -> None:
        # Imported here: accounts imports nothing from regions, but keeping the role check
        # lazy lets the regions app load before accounts in INSTALLED_APPS.
        from shegong.accounts.models import RoleCode

        if self.grid_id is None or self.user_id is None:
            return
        self.region_code = self.grid.region_code
        if not self._state.adding:
            # Ending a term must stay possible after the worker has lost the role or moved.
            return
        user = self.user
        if not user.has_role(RoleCode.GRID_WORKER):
            raise ValidationError({"user": _("该用户没有网格员角色")})
        unit_code = user.unit.region_code if user.unit is not None else None
        if unit_code is None or not regioncodes.contains(unit_code, self.grid.region_code):
            raise ValidationError({"user": _("该网格员所在单位的辖区不包含此网格")})
