"""The R19 annual report as a workbook and as a PDF, and the action that generates it.

Both formats are drawn from the same `sections()`, so the workbook and the document can never
disagree: one sheet per section in the workbook, one numbered table per section in the PDF.
Counts are integers and rates are fractions (shown as 83.3%); a rate with nothing to divide by
is empty in the workbook and "—" in the PDF.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

from shegong.accounts.models import User
from shegong.audit.actions import record
from shegong.lib import regioncodes
from shegong.lib.pdf import chinese_date, render_pdf
from shegong.petitions.report import (
    AnnualReport,
    ClockFigures,
    Figure,
    access_report_region,
    annual_report,
    check_year,
)

Format = Literal["xlsx", "pdf"]
FORMATS: tuple[Format, ...] = ("xlsx", "pdf")
CONTENT_TYPES: dict[Format, str] = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
Cell = str | int | float | None
DIGITS = "零一二三四五六七八九"
NOTES = [
    "信访事项按收到日期统计，区划含下级区划；办理情况为报告生成时的状态。",
    "转送、交办、督办、复查、复核按办理日期统计（件次）。",
    "按期率 = 按期 ÷（按期 + 超期）；尚在期限内的不计入。不予受理的事项期限取消，不计入。",
    "采纳率、满意率分别含部分采纳、基本满意。",
]


@dataclass(frozen=True)
class Column:
    label: str
    width: int


@dataclass(frozen=True)
class Section:
    """One part of the report: a sheet of the workbook, a table of the PDF."""

    title: str
    columns: list[Column]
    rows: list[list[Cell]]

    def text_rows(self) -> list[list[TextCell]]:
        return [[TextCell.of(value) for value in row] for row in self.rows]


@dataclass(frozen=True)
class TextCell:
    text: str
    num: bool

    @classmethod
    def of(cls, value: Cell) -> TextCell:
        return cls(cell_text(value), isinstance(value, int | float))


def numeral(n: int) -> str:
    """一 … 九十九, for numbering the PDF's sections."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else DIGITS[tens] + "十")
    return head + (DIGITS[ones] if ones or not head else "")


def cell_text(value: Cell) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value * 100:.1f}%"
    return str(value)


# ---------------------------------------------------------------- the sections


def share(count: int, total: int) -> float | None:
    return count / total if total else None


def breakdown(title: str, head: str, figures: Sequence[Figure], total: int) -> Section:
    """A breakdown with each part's share of `total`, and a 合计 row."""
    rows: list[list[Cell]] = [[f.label, f.count, share(f.count, total)] for f in figures]
    rows.append(["合计", total, share(total, total)])
    return Section(title, [Column(head, 24), Column("件数", 10), Column("占比", 10)], rows)


def figures_table(title: str, head: str, rows: list[list[Cell]]) -> Section:
    return Section(title, [Column(head, 36), Column("数值", 14)], rows)


def overview(report: AnnualReport) -> Section:
    routing, suggestions = report.routing, report.suggestions
    return figures_table(
        "总体情况",
        "项目",
        [
            ["区划", f"{report.region_name}（{report.region_code}）"],
            ["年度", report.year],
            ["报告单位", report.office],
            ["信访事项总数（件）", report.total],
            ["转送（件次）", routing.forwarded],
            ["交办（件次）", routing.assigned],
            ["督办（次）", routing.supervisions],
            ["转送交办按期率（R3）", routing.route.on_time_rate],
            ["办理按期率（R11）", routing.handling.on_time_rate],
            ["建议意见（件）", suggestions.total],
            ["建议意见采纳率", suggestions.adoption_rate],
            ["满意率", report.satisfaction.rate],
        ],
    )


def routing_section(report: AnnualReport) -> Section:
    routing, reviews = report.routing, report.reviews
    return figures_table(
        "转送交办督办",
        "项目",
        [
            ["转送（件次）", routing.forwarded],
            ["交办（件次）", routing.assigned],
            ["督办（次）", routing.supervisions],
            ["被督办的信访事项（件）", routing.supervised_petitions],
            ["复查申请（件次）", reviews.review_requested],
            ["出具复查意见（件次）", reviews.review_concluded],
            ["复核申请（件次）", reviews.re_review_requested],
            ["出具复核意见（件次）", reviews.re_review_concluded],
        ],
    )


def clocks_section(report: AnnualReport) -> Section:
    clocks: list[ClockFigures] = [report.routing.route, report.routing.handling]
    columns = [
        Column("期限", 28),
        Column("按期", 10),
        Column("超期", 10),
        Column("尚在期限内", 12),
        Column("按期率", 10),
    ]
    rows: list[list[Cell]] = [
        [c.label, c.met, c.overdue, c.running, c.on_time_rate] for c in clocks
    ]
    return Section("按期办理", columns, rows)


def respondents_section(report: AnnualReport) -> Section:
    columns = [Column("排名", 8), Column("被反映单位", 36), Column("件数", 10)]
    rows: list[list[Cell]] = [
        [rank, f.label, f.count] for rank, f in enumerate(report.respondents, start=1)
    ]
    return Section("被反映较多的单位", columns, rows)


def suggestions_section(report: AnnualReport) -> Section:
    s = report.suggestions
    figures = [
        Figure("采纳", s.adopted),
        Figure("部分采纳", s.partly),
        Figure("未采纳", s.not_adopted),
        Figure("尚未答复", s.pending),
    ]
    return breakdown("建议意见采纳", "采纳情况", figures, s.total)


def satisfaction_section(report: AnnualReport) -> Section:
    s = report.satisfaction
    figures = [
        Figure("满意", s.satisfied),
        Figure("基本满意", s.partly),
        Figure("不满意", s.unsatisfied),
    ]
    return breakdown("满意度评价", "评价", figures, s.rated)


def sections(report: AnnualReport) -> list[Section]:
    """The report's parts, in the order of 条例 第41条."""
    total = report.total
    return [
        overview(report),
        breakdown("来信来访渠道", "渠道", report.by_channel, total),
        breakdown("信访事项类别", "类别", report.by_classification, total),
        breakdown("办理情况", "状态", report.by_standing, total),
        breakdown("月度分布", "月份", report.by_month, total),
        breakdown("涉及领域", "领域", report.domains, total),
        respondents_section(report),
        routing_section(report),
        clocks_section(report),
        suggestions_section(report),
        satisfaction_section(report),
    ]


def summary(report: AnnualReport) -> str:
    """The opening paragraph of the PDF."""
    classes = "、".join(f"{f.label}{f.count}件" for f in report.by_classification)
    routing = report.routing
    return (
        f"{report.year}年，{report.region_name}共收到信访事项{report.total}件，其中{classes}。"
        f"全年转送{routing.forwarded}件次、交办{routing.assigned}件次、"
        f"督办{routing.supervisions}次。现将有关情况报告如下。"
    )


# ---------------------------------------------------------------- the two formats


@dataclass(frozen=True)
class ReportFile:
    format: Format
    content: bytes
    sha256: str
    filename: str

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.format]


def report_file(report: AnnualReport, fmt: Format, content: bytes) -> ReportFile:
    return ReportFile(
        format=fmt,
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        filename=f"{report.title}.{fmt}",
    )


def workbook(report: AnnualReport) -> ReportFile:
    """One sheet per section: a bold header row, fixed widths, counts as numbers, rates as %."""
    # Imported here: openpyxl is slow to import and only needed for downloads.
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.worksheets[0])
    for section in sections(report):
        write_sheet(book.create_sheet(section.title), section)
    notes = book.worksheets[0]
    notes.append([])
    for note in ["统计口径", *NOTES]:
        notes.append([note])
    book.properties.title = report.title
    buffer = io.BytesIO()
    book.save(buffer)
    return report_file(report, "xlsx", buffer.getvalue())


def write_sheet(sheet: Any, section: Section) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet.append([c.label for c in section.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in section.rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, float):
                cell.number_format = "0.0%"
    for index, column in enumerate(section.columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"


def document(report: AnnualReport) -> ReportFile:
    """The report as a PDF under the 信访部门's name (pdf/base.html)."""
    context = {
        "title": report.title,
        "issuer": report.office,
        "issued_on": chinese_date(timezone.localdate()),
        "summary": summary(report),
        "sections": [(numeral(i), s) for i, s in enumerate(sections(report), start=1)],
        "notes": NOTES,
        "report": report,
    }
    pdf = render_pdf("petitions/pdf/annual_report.html", context)
    return report_file(report, "pdf", pdf.content)


RENDERERS: dict[Format, Callable[[AnnualReport], ReportFile]] = {
    "xlsx": workbook,
    "pdf": document,
}


def as_response(file: ReportFile) -> HttpResponse:
    """The file as a download, its Chinese name encoded for every browser."""
    response = HttpResponse(file.content, content_type=file.content_type)
    response["Content-Disposition"] = content_disposition_header(True, file.filename)
    return response


# ---------------------------------------------------------------- the action


@dataclass(frozen=True)
class GeneratedReport:
    report: AnnualReport
    files: dict[Format, ReportFile]


def do_generate_annual_report(
    region_code: str, *, actor: User | None, year: int, formats: Sequence[Format]
) -> GeneratedReport:
    """R19: compute the annual report of a region once, render it in `formats`, and log it.

    A staff actor may report only on a region in their scope (404 otherwise, see
    `access_report_region`); without an actor it is the system (the `shegong petitions report`
    command). One audit row per call ("petitions.annual_report") names the region, the year,
    the formats and each file's digest. No transaction is held while rendering: the report only
    reads, and the audit row commits on its own.
    """
    code = access_report_region(actor, region_code) if actor else checked_code(region_code)
    check_year(year)
    report = annual_report(code, year)
    files = {fmt: RENDERERS[fmt](report) for fmt in formats}
    record(
        actor=actor,
        verb="petitions.annual_report",
        object_type="petitions.annual_report",
        object_id=f"{code}-{year}",
        region_code=code,
        payload={
            "year": year,
            "region_code": code,
            "total": report.total,
            "files": {fmt: file.sha256 for fmt, file in files.items()},
        },
    )
    return GeneratedReport(report=report, files=files)


def checked_code(region_code: str) -> str:
    try:
        return regioncodes.normalize(region_code)
    except regioncodes.InvalidRegionCodeError as exc:
        raise ValidationError({"region": "区划代码应为 2、4、6、9 或 12 位数字"}) from exc
