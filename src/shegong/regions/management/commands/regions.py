"""`shegong regions load|population import|stats`: the region tree from the shipped data (R51),
population figures from xlsx, and counts per level.

    shegong regions load --all                     the whole country, 5 levels
    shegong regions load --all --levels 1-4        provinces … townships nationally
    shegong regions load --city 4452               every level of 揭阳市, with 广东省 above it
    shegong regions population import 人口.xlsx    columns 区划代码, 年份, 常住人口, 城镇常住人口
    shegong regions stats
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Count
from django.utils.translation import gettext as _

from shegong.accounts.models import User
from shegong.lib import regioncodes
from shegong.regions.actions import do_import_population, do_load_regions
from shegong.regions.loader import RegionLoadError, parse_levels
from shegong.regions.models import Grid, GridAssignment, Region, RegionPopulation

PROVINCE_DIGITS = 2
CITY_DIGITS = 4


class Command(BaseCommand):
    help = "行政区划：载入区划(load)、导入常住人口(population import)、按级别统计(stats)"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        load = sub.add_parser("load", help="从随附的国家统计用区划代码载入或更新区划，可重复执行")
        scope = load.add_mutually_exclusive_group(required=True)
        scope.add_argument("--all", action="store_true", help="全国")
        scope.add_argument(
            "--province",
            action="append",
            default=[],
            metavar="代码",
            help="省级代码，如 44，可重复",
        )
        scope.add_argument(
            "--city", action="append", default=[], metavar="代码", help="地级代码，如 4452，可重复"
        )
        load.add_argument(
            "--levels", default="1-5", help="只载入这些级别：1 省级 … 5 村级，如 1-4、5、1,2"
        )
        load.add_argument("--no-progress", action="store_true", help="不显示进度条")
        population = sub.add_parser("population", help="常住人口")
        population_sub = population.add_subparsers(dest="population_command", required=True)
        importing = population_sub.add_parser("import", help="从 xlsx 导入常住人口，全部无误才写入")
        importing.add_argument("file", help="xlsx 文件，列：区划代码、年份、常住人口、城镇常住人口")
        importing.add_argument("--user", default="", help="以此用户名记入审计，默认为系统")
        importing.add_argument("--source", default="", help="来源说明，默认为文件名")
        sub.add_parser("stats", help="按级别统计已载入的区划")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "load":
            self.load(options)
        elif options["subcommand"] == "population":
            self.import_population(Path(options["file"]), options["user"], options["source"])
        else:
            self.stats()

    def load(self, options: dict[str, Any]) -> None:
        codes = [
            *_codes(options["province"], PROVINCE_DIGITS),
            *_codes(options["city"], CITY_DIGITS),
        ]
        try:
            report = do_load_regions(
                codes=codes,
                levels=parse_levels(options["levels"]),
                progress=options["verbosity"] >= 1 and not options["no_progress"],
            )
        except RegionLoadError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(report.summary()))

    def import_population(self, path: Path, username: str, source: str) -> None:
        if not path.is_file():
            raise CommandError(_("找不到文件：%(path)s") % {"path": path})
        actor = None
        if username:
            actor = User.objects.filter(username=username).first()
            if actor is None:
                raise CommandError(_("没有用户名为 %(name)s 的用户") % {"name": username})
        report = do_import_population(path, actor=actor, source=source)
        if not report.ok:
            raise CommandError(report.summary())
        self.stdout.write(self.style.SUCCESS(report.summary()))

    def stats(self) -> None:
        counts = dict(
            Region.objects.values_list("level").annotate(n=Count("code")).order_by("level")
        )
        for level, label in regioncodes.LEVEL_LABELS.items():
            self.stdout.write(f"{label}\t{counts.get(level, 0):>10,}")
        open_terms = GridAssignment.objects.filter(until__isnull=True).count()
        for label, count in [
            (_("合计"), sum(counts.values())),
            (_("常住人口记录"), RegionPopulation.objects.count()),
            (_("网格"), Grid.objects.count()),
            (_("在任网格员"), open_terms),
        ]:
            self.stdout.write(f"{label}\t{count:>10,}")


def _codes(values: list[str], digits: int) -> list[str]:
    """Check that each code has the digits of its level: --province 44, --city 4452."""
    for value in values:
        if not (value.isdigit() and len(value) == digits):
            raise CommandError(
                _("代码 %(code)s 应为 %(digits)s 位数字") % {"code": value, "digits": digits}
            )
    return values
