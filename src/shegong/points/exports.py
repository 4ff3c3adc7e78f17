"""The monthly statement as an xlsx download (R50)."""

from __future__ import annotations

import datetime as dt
import io

from django.http import HttpResponse

from shegong.points.queries import StatementLine

COLUMNS = ["户号", "户主", "期初积分", "本月获得", "本月兑换", "期末积分"]


def statement_xlsx(code: str, month: dt.date, lines: list[StatementLine]) -> HttpResponse:
    # Imported here: openpyxl is slow to import and only needed for downloads.
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = f"{month:%Y-%m}"
    sheet.append(COLUMNS)
    for line in lines:
        h = line.household
        sheet.append(
            [h.number, h.head_name, line.opening, line.earned, line.redeemed, line.closing]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = f"points-{code}-{month:%Y-%m}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
