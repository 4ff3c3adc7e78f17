"""The ranking stays inside the reader's region: nothing of 榕城区 reaches someone in 揭东区."""

from __future__ import annotations

import io
from datetime import date

from django.test import Client
from openpyxl import load_workbook

from shegong.appeals.rates import rates_for
from shegong.appeals.tests.rates_steps import at, handled
from shegong.conftest import OTHER_COUNTY, OTHER_VILLAGE, Cast, login

OCTOBER = date(2026, 10, 1)


def work_in_rongcheng(cast: Cast) -> None:
    handled(cast, dispatched=at("2026-10-03 10:00"), rating="satisfied")
    handled(cast, dispatched=at("2026-10-04 10:00"), unit=cast.township_unit, rating="partly")


def test_the_outsider_gets_no_row_of_rongcheng_from_the_query(cast: Cast) -> None:
    work_in_rongcheng(cast)
    scope = cast.outsider.scope_code
    assert scope == OTHER_COUNTY
    assert rates_for(month=OCTOBER, scope_code=scope, group="unit") == []
    assert rates_for(month=OCTOBER, scope_code=scope, group="region", level=5) == []
    assert len(rates_for(month=OCTOBER, scope_code=cast.dispatcher.scope_code, group="unit")) == 2


def test_the_outsider_sees_no_row_of_rongcheng_on_the_page_nor_its_trend(cast: Cast) -> None:
    work_in_rongcheng(cast)
    client = login(Client(), cast.outsider)
    for params in [
        {"month": "2026-10"},
        {"month": "2026-10", "group": "region", "level": "5"},
        {"month": "2026-10", "key": str(cast.department.pk)},
        {"month": "2026-10", "group": "region", "key": "445202001"},
    ]:
        html = client.get("/appeals/ranking/", params).content.decode()
        assert 'data-testid="no-rows"' in html, params
        for name in ["住房和城乡建设局", "榕华街道", "445202001"]:
            assert name not in html.split("<main>")[1], (params, name)


def test_the_outsiders_export_holds_only_an_empty_total(cast: Cast) -> None:
    work_in_rongcheng(cast)
    response = login(Client(), cast.outsider).get("/appeals/ranking/export/", {"month": "2026-10"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    body = list(sheet.iter_rows(min_row=5, values_only=True))
    assert [row[:3] for row in body] == [(None, "合计", None)]
    assert "住房和城乡建设局" not in str(list(sheet.values))


def test_the_outsider_ranks_the_units_of_their_own_county(cast: Cast) -> None:
    work_in_rongcheng(cast)
    handled(
        cast,
        dispatched=at("2026-10-05 10:00"),
        region_code=OTHER_VILLAGE,
        unit=cast.other_county_unit,
        accepted_after=None,
    )
    rows = rates_for(month=OCTOBER, scope_code=cast.outsider.scope_code, group="unit")
    assert [(row.name, row.dispatched) for row in rows] == [("揭东区委社会工作部", 1)]


def test_a_township_reader_sees_only_its_own_township(cast: Cast) -> None:
    work_in_rongcheng(cast)
    handled(cast, dispatched=at("2026-10-06 10:00"), region_code="445202002003")
    rows = rates_for(month=OCTOBER, scope_code=cast.township_cadre.scope_code, group="unit")
    assert sum(row.dispatched for row in rows) == 2
