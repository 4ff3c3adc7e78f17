"""R19 (条例 第41条): the annual report of a 信访部门 — counts, domains, most-complained units,
转送/交办/督办, suggestions and adoption — as figures, as xlsx and as PDF, for staff in scope.

A year of petitions is walked through the real actions under time-machine, in two counties of
揭阳市 and in 潮州市, plus one received on New Year's Eve 2025, then the report is read at
2026-06-30.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from openpyxl import load_workbook

from shegong.accounts.models import OrgUnit, RoleCode, UnitKind, User
from shegong.audit.models import AuditEntry
from shegong.cases.models import Case, Category
from shegong.conftest import CITY, COUNTY, OTHER_COUNTY, VILLAGE, Cast, login, make_unit, make_user
from shegong.lib.pdf import RenderedPdf
from shegong.petitions import actions, documents
from shegong.petitions.models import Adoption, Classification, DeclineReason
from shegong.petitions.report import AnnualReport, annual_report
from shegong.petitions.tests.conftest import PROVINCE, Offices
from shegong.petitions.tests.steps import opinion, register
from shegong.regions.models import Region
from shegong.web.testing import pdf_text

SHANGHAI = ZoneInfo("Asia/Shanghai")
OTHER_CITY = "445100000000"  # 潮州市
REPORT_TIME = "2026-06-30 10:00"
STUB_PDF = RenderedPdf(content=b"%PDF-1.7 stub", sha256="0" * 64)

XLSX_URL = "/petitions/report/annual.xlsx"
PDF_URL = "/petitions/report/annual.pdf"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


@contextmanager
def on(text: str) -> Iterator[None]:
    with time_machine.travel(at(text), tick=False):
        yield


@dataclass
class Year:
    offices: Offices
    other_clerk: User  # 揭东区信访局
    other_organ: OrgUnit  # 揭东区住房和城乡建设局
    housing: Category
    cases: dict[str, Case]


def regions() -> None:
    """Region names for the title (the full tree is not loaded in tests)."""
    for code, name in [
        (PROVINCE, "广东省"),
        (CITY, "揭阳市"),
        (COUNTY, "榕城区"),
        (OTHER_COUNTY, "揭东区"),
        (OTHER_CITY, "潮州市"),
    ]:
        Region.from_code(code, name).save()


def first_half_of_2026(cast: Cast, offices: Offices) -> Year:
    """Five petitions in 榕城区, one in 揭东区, one in 潮州市 and one from 2025 (see each step)."""
    regions()
    clerk, handler = offices.county_clerk, cast.handler
    other_office = make_unit("揭东区信访局", UnitKind.PETITION, OTHER_COUNTY)
    other_clerk = make_user("xf_jiedong", other_office, RoleCode.PETITION_STAFF, name="揭东信访")
    other_organ = make_unit("揭东区住房和城乡建设局", UnitKind.GOVERNMENT, OTHER_COUNTY)
    chaozhou = make_unit("潮州市信访局", UnitKind.PETITION, OTHER_CITY)
    chaozhou_clerk = make_user("xf_chaozhou", chaozhou, RoleCode.PETITION_STAFF)
    cases: dict[str, Case] = {}

    with on("2026-01-05 09:00"):
        # Received at 00:30 on 1 January: 2026 in Shanghai, although still 2025 in UTC.
        cases["new_year"] = register(
            clerk, received_at=at("2026-01-01 00:30"), respondent_unit=cast.department
        )
        # Received half an hour before midnight: belongs to 2025's report, not 2026's.
        cases["old_year"] = register(
            clerk, received_at=at("2025-12-31 23:30"), respondent_unit=cast.department
        )
    with on("2026-01-10 09:00"):
        cases["suggestion"] = register(
            clerk, channel="network", classification=Classification.SUGGESTION
        )
    with on("2026-02-20 09:00"):  # forwarded 41 days after receipt: R3 overdue
        actions.do_forward(cases["suggestion"], actor=clerk, unit=cast.department)
    with on("2026-02-21 09:00"):
        actions.do_accept(cases["suggestion"], actor=handler)
    with on("2026-05-10 09:00"):  # 78 days after 受理: R11 overdue
        actions.do_conclude(
            cases["suggestion"], actor=handler, opinion=opinion(adoption=Adoption.ADOPTED)
        )
    with on("2026-05-11 09:00"):
        actions.do_evaluate(cases["suggestion"], rating="partly")

    housing = Category.objects.get(code="urban.housing")
    with on("2026-03-02 09:00"):
        cases["forwarded"] = register(clerk, respondent_unit=cast.department, category=housing)
        actions.do_forward(cases["forwarded"], actor=clerk, unit=cast.department)
        cases["assigned"] = register(
            clerk,
            channel="visit",
            region_code=VILLAGE,
            respondent_unit=cast.department,
            category=housing,
        )
        actions.do_assign(
            cases["assigned"], actor=clerk, unit=cast.department, due_on=date(2026, 4, 30)
        )
    with on("2026-03-03 09:00"):
        actions.do_accept(cases["forwarded"], actor=handler)
    with on("2026-03-05 09:00"):
        actions.do_supervise(cases["assigned"], actor=clerk, note="请加快办理")
    with on("2026-03-06 09:00"):  # never concluded: R11 overdue by 2026-06-30
        actions.do_accept(cases["assigned"], actor=handler)
    with on("2026-04-01 09:00"):
        actions.do_supervise(cases["assigned"], actor=clerk, note="再次督办")
    with on("2026-03-20 09:00"):
        actions.do_conclude(cases["forwarded"], actor=handler, opinion=opinion())
    with on("2026-03-21 09:00"):
        actions.do_evaluate(cases["forwarded"], rating="satisfied")
    with on("2026-03-25 09:00"):
        actions.do_request_review(
            cases["forwarded"],
            actor=offices.city_clerk,
            unit=offices.city_organ,
            received_on=date(2026, 3, 25),
        )
    with on("2026-04-10 09:00"):
        actions.do_conclude_review(
            cases["forwarded"], actor=offices.city_handler, opinion=opinion()
        )

    with on("2026-04-01 10:00"):
        cases["declined"] = register(clerk, channel="fax", respondent_unit=cast.district)
        actions.do_decline(cases["declined"], actor=clerk, reason=DeclineReason.NOT_PETITION)

    with on("2026-03-10 09:00"):
        cases["jiedong"] = register(
            other_clerk,
            classification=Classification.SUGGESTION,
            respondent_unit=other_organ,
        )
        actions.do_forward(cases["jiedong"], actor=other_clerk, unit=other_organ)
        cases["chaozhou"] = register(chaozhou_clerk, respondent_unit=chaozhou)

    return Year(offices, other_clerk, other_organ, housing, cases)


@pytest.fixture
def year(cast: Cast, offices: Offices, monkeypatch: pytest.MonkeyPatch) -> Year:
    # The notices and opinions the actions issue are not what this file is about, and rendering
    # the eleven of them would take most of each test's time; they are stored as a stub here.
    monkeypatch.setattr(documents, "render_pdf", lambda *args: STUB_PDF)
    return first_half_of_2026(cast, offices)


def report_of(code: str, year: int = 2026) -> AnnualReport:
    with on(REPORT_TIME):
        return annual_report(code, year)


def counts(figures: Any) -> dict[str, int]:
    return {f.label: f.count for f in figures}


# ---------------------------------------------------------------- the figures


def test_r19_a_county_report_counts_its_petitions_of_the_year(year: Year) -> None:
    report = report_of(COUNTY)
    assert report.title == "榕城区2026年度信访工作年度报告"
    assert report.office == "榕城区信访局"
    assert report.total == 5
    assert counts(report.by_channel) == {"来信": 2, "信息网络": 1, "来访": 1, "传真": 1}
    assert counts(report.by_classification) == {"建议意见": 1, "检举控告": 0, "申诉求决": 4}
    assert counts(report.by_standing) == {
        "已办结": 1,
        "已复查": 1,
        "已复核终结": 0,
        "不予受理": 1,
        "办理中": 2,
    }
    months = counts(report.by_month)
    assert (months["1月"], months["3月"], months["4月"], sum(months.values())) == (2, 2, 1, 5)
    assert counts(report.domains) == {"住房与物业": 2, "未分类": 3}
    assert [(f.label, f.count) for f in report.respondents] == [
        ("榕城区住房和城乡建设局", 3),
        ("榕城区人民政府", 1),
    ]


def test_r19_routing_counts_forward_assign_and_supervise_and_the_clocks_on_time(
    year: Year,
) -> None:
    routing = report_of(COUNTY).routing
    assert (routing.forwarded, routing.assigned) == (2, 1)
    assert (routing.supervisions, routing.supervised_petitions) == (2, 1)
    # R3: forwarded and assigned on the day of receipt are met; the suggestion forwarded after
    # 41 days and the New Year petition never routed are overdue; the declined one's clock was
    # cancelled and does not count.
    route = routing.route
    assert (route.met, route.overdue, route.running, route.on_time_rate) == (2, 2, 0, 0.5)
    # R11: concluded in 17 days is met; concluded after 78 days, and accepted on 6 March and
    # still open on 30 June, are overdue.
    handling = routing.handling
    assert (handling.met, handling.overdue, handling.running) == (1, 2, 0)
    assert handling.on_time_rate == pytest.approx(1 / 3)


def test_r19_reviews_suggestions_and_ratings_are_reported(year: Year) -> None:
    report = report_of(COUNTY)
    reviews = report.reviews
    assert (reviews.review_requested, reviews.review_concluded) == (1, 1)
    assert (reviews.re_review_requested, reviews.re_review_concluded) == (0, 0)
    suggestions = report.suggestions
    assert (suggestions.total, suggestions.adopted, suggestions.partly) == (1, 1, 0)
    assert (suggestions.not_adopted, suggestions.pending, suggestions.adoption_rate) == (0, 0, 1)
    satisfaction = report.satisfaction
    assert (satisfaction.satisfied, satisfaction.partly, satisfaction.unsatisfied) == (1, 1, 0)
    assert satisfaction.rate == 1


def test_r19_a_city_report_adds_its_counties_and_leaves_out_another_city(year: Year) -> None:
    report = report_of(CITY)
    assert report.title == "揭阳市2026年度信访工作年度报告"
    # The city's own 信访部门 issues it, not the counties' offices below it.
    assert report.office == "揭阳市信访局"
    assert report.total == 6  # 5 in 榕城区 + 1 in 揭东区; 潮州市 and 2025 are not counted
    assert report.routing.forwarded == 3
    assert (report.suggestions.total, report.suggestions.pending) == (2, 1)
    assert counts(report.respondents) == {
        "榕城区住房和城乡建设局": 3,
        "揭东区住房和城乡建设局": 1,
        "榕城区人民政府": 1,
    }
    assert (report.routing.route.met, report.routing.route.overdue) == (3, 2)


def test_r19_a_petition_received_before_midnight_on_new_years_eve_is_in_the_old_year(
    year: Year,
) -> None:
    old = report_of(COUNTY, 2025)
    assert old.total == 1
    assert counts(old.by_month)["12月"] == 1
    # Its R3 clock started in 2025, so 2026's on-time figures never saw it.
    assert old.routing.route.overdue == 1


def test_r19_the_report_costs_a_handful_of_queries(
    year: Year, django_assert_max_num_queries: Any
) -> None:
    # Eight aggregate queries, however many petitions the region received.
    with django_assert_max_num_queries(8):
        report_of(CITY)


# ---------------------------------------------------------------- the downloads


def test_r19_the_workbook_has_one_sheet_per_section_with_bold_chinese_headers(
    year: Year,
) -> None:
    client = login(Client(), year.offices.county_clerk)
    with on(REPORT_TIME):
        response = client.get(XLSX_URL)  # this year, and the clerk's own county
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    for name in ["总体情况", "来信来访渠道", "涉及领域", "被反映较多的单位", "转送交办督办"]:
        assert name in book.sheetnames
    for name in ["按期办理", "建议意见采纳", "满意度评价", "月度分布", "办理情况"]:
        assert name in book.sheetnames
    overview = {row[0]: row[1] for row in book["总体情况"].iter_rows(values_only=True) if row}
    assert (overview["区划"], overview["年度"]) == ("榕城区（445202000000）", 2026)
    assert overview["信访事项总数（件）"] == 5
    assert overview["转送交办按期率（R3）"] == 0.5
    units = list(book["被反映较多的单位"].iter_rows(values_only=True))
    assert units[0] == ("排名", "被反映单位", "件数")
    assert units[1] == (1, "榕城区住房和城乡建设局", 3)
    assert all(cell.font.bold for cell in book["转送交办督办"][1])


def test_r19_the_pdf_carries_the_title_the_office_and_the_figures(year: Year) -> None:
    client = login(Client(), year.offices.city_clerk)
    with on(REPORT_TIME):
        response = client.get("/api/v1/petitions/reports/2026.pdf", {"region": "4452"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content).replace("\n", "")
    assert "揭阳市2026年度信访工作年度报告" in text
    assert "揭阳市信访局" in text
    assert "共收到信访事项6件" in text
    assert "榕城区住房和城乡建设局" in text


def test_r19_the_api_gives_the_workbook_of_the_region_asked_for(year: Year) -> None:
    client = login(Client(), year.offices.city_clerk)
    with on(REPORT_TIME):
        response = client.get("/api/v1/petitions/reports/2026.xlsx", {"region": OTHER_COUNTY})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    overview = {row[0]: row[1] for row in book["总体情况"].iter_rows(values_only=True) if row}
    assert overview["信访事项总数（件）"] == 1


def test_r19_every_generated_report_is_written_to_the_audit_trail(year: Year) -> None:
    client = login(Client(), year.offices.county_clerk)
    with on(REPORT_TIME):
        client.get(PDF_URL, {"year": "2026", "region": COUNTY})
    entry = AuditEntry.objects.get(verb="petitions.annual_report")
    assert entry.actor == year.offices.county_clerk
    assert entry.region_code == COUNTY
    assert entry.payload["year"] == 2026
    assert entry.payload["total"] == 5
    assert set(entry.payload["files"]) == {"pdf"}


# ---------------------------------------------------------------- who may have it


def test_r19_an_outsider_gets_404_for_a_region_outside_their_scope(cast: Cast, year: Year) -> None:
    client = login(Client(), cast.outsider)
    with on(REPORT_TIME):
        assert client.get(XLSX_URL, {"region": COUNTY}).status_code == 404
        assert client.get(PDF_URL, {"region": CITY}).status_code == 404
        api = client.get("/api/v1/petitions/reports/2026.xlsx", {"region": COUNTY})
        assert api.status_code == 404
    # The county clerk cannot read the city's report either: the city is above their scope.
    clerk = login(Client(), year.offices.county_clerk)
    with on(REPORT_TIME):
        assert clerk.get(XLSX_URL, {"region": CITY}).status_code == 404
    assert not AuditEntry.objects.filter(verb="petitions.annual_report").exists()


def test_r19_a_handler_and_a_resident_cannot_have_the_report(cast: Cast, year: Year) -> None:
    with on(REPORT_TIME):
        handler = login(Client(), cast.handler).get(XLSX_URL, {"region": COUNTY})
        resident = login(Client(), cast.resident).get(PDF_URL, {"region": COUNTY})
    assert (handler.status_code, resident.status_code) == (404, 404)


def test_r19_an_anonymous_visitor_is_sent_to_log_in(year: Year) -> None:
    response = Client().get(XLSX_URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_r19_a_malformed_or_future_year_is_refused_with_a_reason(year: Year) -> None:
    client = login(Client(), year.offices.county_clerk)
    with on(REPORT_TIME):
        malformed = client.get(XLSX_URL, {"year": "二〇二六"})
        future = client.get("/api/v1/petitions/reports/2027.xlsx")
    assert malformed.status_code == 400
    assert "年度应为四位数字" in malformed.content.decode()
    assert future.status_code == 422
    assert future.json()["message"] == "年度应在 2000 至 2026 年之间"
    assert not AuditEntry.objects.filter(verb="petitions.annual_report").exists()


# ---------------------------------------------------------------- the command


def test_r19_the_command_writes_both_files_and_says_so_in_chinese(
    year: Year, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    xlsx, pdf = tmp_path / "年报.xlsx", tmp_path / "年报.pdf"
    with on(REPORT_TIME):
        call_command(
            "petitions", "report", "--year", "2026", "--region", CITY,
            "--xlsx", str(xlsx), "--pdf", str(pdf),
        )  # fmt: skip
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("已生成《揭阳市2026年度信访工作年度报告》（揭阳市信访局）")
    assert lines[1].split() == ["信访事项", "6", "件"]
    assert load_workbook(xlsx)["总体情况"]["B5"].value == 6
    assert "揭阳市2026年度信访工作年度报告" in pdf_text(pdf.read_bytes()).replace("\n", "")
    entry = AuditEntry.objects.get(verb="petitions.annual_report")
    assert entry.actor is None
    assert set(entry.payload["files"]) == {"xlsx", "pdf"}
