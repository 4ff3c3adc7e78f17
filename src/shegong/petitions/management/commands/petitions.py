"""`shegong petitions report`: the R19 annual report of a region as xlsx and/or PDF.

    shegong petitions report --year 2026 --region 445200000000 --xlsx 年报.xlsx --pdf 年报.pdf

Without --year, the current year. With --user, the report is made as that staff member (whose
scope must contain the region) and logged under their name; otherwise it is logged as the
system.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404
from django.utils import timezone

from shegong.accounts.models import User
from shegong.petitions.exports import Format, GeneratedReport, do_generate_annual_report
from shegong.petitions.report import AnnualReport


class Command(BaseCommand):
    help = "信访：生成年度信访工作报告（report，条例第41条）"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        report = sub.add_parser("report", help="生成区划的年度信访工作报告（xlsx 和/或 PDF）")
        report.add_argument(
            "--year", type=int, default=timezone.localdate().year, help="年度，默认为今年"
        )
        report.add_argument("--region", required=True, help="区划代码，如 445200000000")
        report.add_argument("--xlsx", default="", metavar="文件", help="写出 xlsx 到此文件")
        report.add_argument("--pdf", default="", metavar="文件", help="写出 PDF 到此文件")
        report.add_argument("--user", default="", help="以此用户名生成并记入审计，默认为系统")

    def handle(self, *args: Any, **options: Any) -> None:
        outputs: dict[Format, Path] = {
            fmt: Path(options[fmt]) for fmt in ("xlsx", "pdf") if options[fmt]
        }
        if not outputs:
            raise CommandError("请至少指定 --xlsx 或 --pdf 其中一个输出文件")
        for path in outputs.values():
            if not path.parent.is_dir():
                raise CommandError(f"目录不存在：{path.parent}")
        generated = self.generate(options, list(outputs))
        for fmt, path in outputs.items():
            path.write_bytes(generated.files[fmt].content)
        self.stdout.write(self.style.SUCCESS(done_text(generated.report, outputs)))
        for line in figure_lines(generated.report):
            self.stdout.write(line)

    def generate(self, options: dict[str, Any], formats: list[Format]) -> GeneratedReport:
        try:
            return do_generate_annual_report(
                options["region"],
                actor=_actor(options["user"]),
                year=options["year"],
                formats=formats,
            )
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        except Http404 as exc:
            raise CommandError(f"该用户无权查看区划 {options['region']} 的信访报告") from exc


def done_text(report: AnnualReport, outputs: dict[Format, Path]) -> str:
    files = "、".join(str(path) for path in outputs.values())
    return f"已生成《{report.title}》（{report.office}）：{files}"


def figure_lines(report: AnnualReport) -> list[str]:
    routing = report.routing
    suggestions = report.suggestions
    return [
        f"信访事项\t{report.total:>8,} 件",
        f"转送\t{routing.forwarded:>8,} 件次",
        f"交办\t{routing.assigned:>8,} 件次",
        f"督办\t{routing.supervisions:>8,} 次",
        f"建议意见\t{suggestions.total:>8,} 件（采纳 {suggestions.adopted}、"
        f"部分采纳 {suggestions.partly}、未采纳 {suggestions.not_adopted}）",
    ]


def _actor(username: str) -> User | None:
    if not username:
        return None
    actor = User.objects.filter(username=username).first()
    if actor is None:
        raise CommandError(f"没有用户名为 {username} 的用户")
    return actor
