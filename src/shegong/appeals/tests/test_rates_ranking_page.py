"""The 三率排名 page: the table and charts show exactly what `rates_for` computes (R30)."""

from __future__ import annotations

import re
from datetime import date

import time_machine
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from shegong.appeals.rates import rates_for
from shegong.appeals.tests.rates_steps import HOUR, at, handled, regions
from shegong.appeals.views.ranking import columns_for
from shegong.conftest import COUNTY, Cast, login

URL = "/appeals/ranking/"
OCTOBER = date(2026, 10, 1)


def table(html: str, *, total: bool = False) -> dict[str, list[str]]:
    """Each row of the ranking table by its data-key, as the texts of its cells; the 合计 row
    (key "total") only when asked."""
    rows = re.findall(r'<tr data-key="([^"]*)">(.*?)</tr>', html, re.S)
    return {
        key: [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", body, re.S)
        ]
        for key, body in rows
        if total or key != "total"
    }


def a_month_of_work(cast: Cast) -> None:
    """住建局: 满意×2, 基本满意, 不满意 (reopened); 街道: one late response, 满意."""
    for day, rating, resolved in [
        (3, "satisfied", True),
        (4, "satisfied", True),
        (5, "partly", True),
        (6, "unsatisfied", False),
    ]:
        handled(cast, dispatched=at(f"2026-10-{day:02d} 10:00"), rating=rating, resolved=resolved)
    handled(
        cast,
        dispatched=at("2026-10-12 10:00"),
        unit=cast.township_unit,
        accepted_after=3 * HOUR,
        rating="satisfied",
    )


def page(user: object, **params: str) -> str:
    response = login(Client(), user).get(URL, params)  # type: ignore[arg-type]
    assert response.status_code == 200
    return response.content.decode()


def test_r30_every_number_in_the_table_is_the_one_rates_for_computes(
    cast: Cast, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    a_month_of_work(cast)
    client = login(Client(), cast.dispatcher)
    with django_assert_max_num_queries(8):
        html = client.get(URL, {"month": "2026-10"}).content.decode()
    shown = table(html)
    rows = rates_for(month=OCTOBER, scope_code=COUNTY, group="unit")
    columns = columns_for("unit")
    assert set(shown) == {row.key for row in rows}
    for row in rows:
        assert shown[row.key] == [c.text(row) for c in columns]
    department = shown[str(cast.department.pk)]
    # Hand-computed: 响应率 4/4, 解决率 3/4, 满意率 (2 + 0.9) / 4, score 10 + 37.5 + 29.
    assert department[:6] == ["2", "榕城区住房和城乡建设局", "76.50", "100.0%", "75.0%", "72.5%"]
    township = shown[str(cast.township_unit.pk)]
    assert township[:6] == ["1", "榕华街道办事处", "90.00", "0.0%", "100.0%", "100.0%"]
    # The 合计 row recomputes the rates from summed counts: 4/5, 4/5, (3 + 0.9) / 5.
    total = table(html, total=True)["total"]
    assert total[:7] == ["", "合计", "79.20", "80.0%", "80.0%", "78.0%", "5"]


def test_the_charts_draw_one_bar_per_group_with_the_same_figures(cast: Cast) -> None:
    a_month_of_work(cast)
    html = page(cast.dispatcher, month="2026-10")
    charts = re.findall(r"<svg .*?</svg>", html, re.S)
    assert len(charts) == 2  # 综合得分, 三率对比
    score, rates = charts
    assert re.findall(r'class="rate-chart-value">([^<]*)<', score) == ["90.00", "76.50"]
    assert re.findall(r'class="rate-chart-value">([^<]*)<', rates) == [
        "0.0%",
        "100.0%",
        "100.0%",
        "100.0%",
        "75.0%",
        "72.5%",
    ]
    # Bars are drawn to scale: 90 of 100 points is 90 % of the 304-unit bar track.
    assert 'width="273.6"' in score


def test_the_page_defaults_to_the_last_complete_month(cast: Cast) -> None:
    a_month_of_work(cast)
    with time_machine.travel(at("2026-11-05 09:00")):
        html = page(cast.dispatcher)
    assert "2026年10月" in html
    assert len(table(html)) == 2
    with time_machine.travel(at("2026-12-05 09:00")):
        assert table(page(cast.dispatcher)) == {}


def test_the_table_sorts_by_any_column_and_back(cast: Cast) -> None:
    a_month_of_work(cast)
    department, township = str(cast.department.pk), str(cast.township_unit.pk)
    by_rank = list(table(page(cast.dispatcher, month="2026-10")))
    assert by_rank == [township, department]
    by_response = page(cast.dispatcher, month="2026-10", sort="response_rate", order="desc")
    assert list(table(by_response)) == [department, township]
    assert "响应率▼" in by_response
    by_name = page(cast.dispatcher, month="2026-10", sort="dispatched", order="asc")
    assert list(table(by_name)) == [township, department]


def test_the_ranking_by_township_names_the_regions(cast: Cast) -> None:
    a_month_of_work(cast)
    regions(("445202001000", "榕华街道"))
    html = page(cast.dispatcher, month="2026-10", group="region", level="4")
    shown = table(html)
    assert list(shown) == ["445202001"]
    assert shown["445202001"][:3] == ["1", "榕华街道", "445202001000"]
    assert "按乡级区划" in html


def test_a_leader_reads_the_ranking_and_finds_it_in_the_menu(cast: Cast) -> None:
    a_month_of_work(cast)
    html = page(cast.leader, month="2026-10")
    assert len(table(html)) == 2
    nav = html.split('aria-label="主导航"')[1].split("</nav>")[0]
    assert re.search(rf'<a href="{URL}"[^>]*aria-current="page">三率排名</a>', nav)
    assert '<form method="post"' not in html.split("<main>")[1]  # nothing to change here


def test_a_units_trend_shows_its_last_six_months(cast: Cast) -> None:
    a_month_of_work(cast)
    handled(cast, dispatched=at("2026-08-10 10:00"), rating="satisfied")
    html = page(cast.dispatcher, month="2026-10", key=str(cast.department.pk))
    trend = html.split('data-testid="trend"')[1]
    assert "榕城区住房和城乡建设局 · 近六个月" in trend
    months = re.findall(r"<td>(2026年\d+月)</td><td>(\d+)</td>", trend)
    assert months == [
        ("2026年5月", "0"),
        ("2026年6月", "0"),
        ("2026年7月", "0"),
        ("2026年8月", "1"),
        ("2026年9月", "0"),
        ("2026年10月", "4"),
    ]


def test_malformed_parameters_fall_back_to_the_defaults(cast: Cast) -> None:
    a_month_of_work(cast)
    with time_machine.travel(at("2026-11-05 09:00")):
        html = page(cast.dispatcher, month="2026-13", group="x", level="9", sort="oops", key="a")
    assert len(table(html)) == 2  # October, by unit


def test_people_without_a_staff_role_never_see_the_ranking(cast: Cast) -> None:
    assert login(Client(), cast.resident).get(URL).status_code == 404
    assert Client().get(URL).status_code == 302  # to the login page
