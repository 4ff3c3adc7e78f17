"""The R19 annual report over the API, for staff (mounted at the API root):

    GET /api/v1/petitions/reports/{year}.xlsx?region=445200000000
    GET /api/v1/petitions/reports/{year}.pdf?region=445200000000

Without `region`, the region of the caller's own unit. 404 outside the caller's scope, 422 for
a year before 2000 or after the current one.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema
from pydantic import Field

from shegong.api.auth import AUTH, current_user
from shegong.petitions.exports import (
    CONTENT_TYPES,
    Format,
    as_response,
    do_generate_annual_report,
)
from shegong.petitions.report import default_region

router = Router(tags=["信访"])


class ReportQuery(Schema):
    region: str = Field("", max_length=12, description="区划代码（2–12 位），默认为本单位所在区划")


def binary(fmt: Format) -> dict[str, Any]:
    """The OpenAPI description of a file answer."""
    content = {CONTENT_TYPES[fmt]: {"schema": {"type": "string", "format": "binary"}}}
    return {"responses": {200: {"description": "年度报告文件", "content": content}}}


def download(request: HttpRequest, year: int, region: str, fmt: Format) -> HttpResponse:
    actor = current_user(request)
    code = default_region(actor, region)
    generated = do_generate_annual_report(code, actor=actor, year=year, formats=[fmt])
    return as_response(generated.files[fmt])


@router.get(
    "/petitions/reports/{year}.xlsx",
    auth=AUTH,
    summary="信访工作年度报告 xlsx（R19）",
    openapi_extra=binary("xlsx"),
)
def report_xlsx(request: HttpRequest, year: int, params: Query[ReportQuery]) -> HttpResponse:
    return download(request, year, params.region, "xlsx")


@router.get(
    "/petitions/reports/{year}.pdf",
    auth=AUTH,
    summary="信访工作年度报告 PDF（R19）",
    openapi_extra=binary("pdf"),
)
def report_pdf(request: HttpRequest, year: int, params: Query[ReportQuery]) -> HttpResponse:
    return download(request, year, params.region, "pdf")
