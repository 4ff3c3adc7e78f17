"""The ranking as an xlsx download: the same rows and numbers as `rates_for` (R30)."""

from __future__ import annotations

import io
from datetime import date
from typing import Any
from urllib.parse import quote

from django.test import Client
from openpyxl import load_workbook

from shegong.appeals.rates import rates_for
from shegong.appeals.tests.rates_steps import HOUR, at, handled
from shegong.conftest import COUNTY, Cast, login

URL = "/appeals/ranking/export/"
OCTOBER = date(2026, 10, 1)
HEADER_ROW = 4


def download(user: Any, **params: str) -> tuple[Any, Any]:
    response = login(Client(), user).get(URL, params)
    assert response.status_code == 200
    return response, load_workbook(io.BytesIO(response.content)).active


def records(sheet: Any) -> list[dict[str, Any]]:
    """The rows under the header row, as dicts keyed by the Chinese headers."""
    rows = list(sheet.iter_rows(min_row=HEADER_ROW, values_only=True))
    header = rows[0]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


def a_month_of_work(cast: Cast) -> None:
    handled(cast, dispatched=at("2026-10-03 10:00"), rating="satisfied")
    handled(cast, dispatched=at("2026-10-04 10:00"), rating="partly")
    handled(cast, dispatched=at("2026-10-05 10:00"), rating="unsatisfied", resolved=False)
    handled(
        cast,
        dispatched=at("2026-10-12 10:00"),
        unit=cast.township_unit,
        accepted_after=3 * HOUR,
        rating="satisfied",
    )


def test_r30_the_workbook_has_the_same_rows_and_numbers_as_the_page(cast: Cast) -> None:
    a_month_of_work(cast)
    response, sheet = download(cast.dispatcher, month="2026-10")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert f"filename*=utf-8''{quote('三率排名-2026-10.xlsx')}" in response["Content-Disposition"]
    assert "2026年10月" in sheet["A1"].value
    *body, total = records(sheet)
    expected = rates_for(month=OCTOBER, scope_code=COUNTY, group="unit")
    assert [r["单位"] for r in body] == [row.name for row in expected]
    for record, row in zip(body, expected, strict=True):
        assert record["排名"] == row.rank
        assert record["派单数"] == row.dispatched
        assert record["按时响应"] == row.on_time
        assert (record["满意"], record["基本满意"], record["不满意"]) == (
            row.satisfied,
            row.partly,
            row.unsatisfied,
        )
        assert record["响应率"] == row.response_rate
        assert record["解决率"] == row.resolution_rate
        assert record["满意率"] == row.satisfaction_rate
        assert record["综合得分"] == row.score
    department = body[1]
    # Hand-computed for 住建局: 满意率 (1 + 0.9) / 3, 解决率 2/3.
    assert abs(department["满意率"] - 1.9 / 3) < 1e-12
    assert abs(department["解决率"] - 2 / 3) < 1e-12
    assert (total["单位"], total["派单数"], total["评价数"]) == ("合计", 4, 4)


def test_rates_are_percentages_and_scores_have_two_decimals_in_excel(cast: Cast) -> None:
    a_month_of_work(cast)
    _, sheet = download(cast.dispatcher, month="2026-10")
    header = [cell.value for cell in sheet[HEADER_ROW]]
    first = sheet[HEADER_ROW + 1]
    assert first[header.index("响应率")].number_format == "0.0%"
    assert first[header.index("满意率")].number_format == "0.0%"
    assert first[header.index("综合得分")].number_format == "0.00"


def test_the_workbook_by_township_carries_the_region_codes(cast: Cast) -> None:
    a_month_of_work(cast)
    _, sheet = download(cast.dispatcher, month="2026-10", group="region", level="4")
    [township, total] = records(sheet)
    assert township["区划代码"] == "445202001000"
    assert township["派单数"] == 4
    assert total["区划"] == "合计"
