"""The R19 annual report as downloads for staff: /petitions/report/annual.xlsx and .pdf.

`?year=2026&region=445200000000`; without them, the current year and the region of the staff
member's own unit. A region outside the actor's scope is 404 (`access_report_region`); a
malformed year or a missing region is 400 with the reason in Chinese.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, QueryDict
from django.utils import timezone

from shegong.accounts.models import User
from shegong.petitions.exports import Format, as_response, do_generate_annual_report
from shegong.petitions.report import default_region
from shegong.web.decorators import staff_required


def parse_year(value: str) -> int:
    value = value.strip()
    if not value:
        return timezone.localdate().year
    if not (value.isdigit() and len(value) == 4):
        raise ValidationError({"year": "年度应为四位数字，如 2026"})
    return int(value)


def download(params: QueryDict, user: User, fmt: Format) -> HttpResponse:
    try:
        year = parse_year(params.get("year", ""))
        region = default_region(user, params.get("region", ""))
        generated = do_generate_annual_report(region, actor=user, year=year, formats=[fmt])
    except ValidationError as exc:
        return HttpResponseBadRequest(
            "；".join(exc.messages), content_type="text/plain; charset=utf-8"
        )
    return as_response(generated.files[fmt])


@staff_required
def report_xlsx(request: HttpRequest, user: User) -> HttpResponse:
    return download(request.GET, user, "xlsx")


@staff_required
def report_pdf(request: HttpRequest, user: User) -> HttpResponse:
    return download(request.GET, user, "pdf")
