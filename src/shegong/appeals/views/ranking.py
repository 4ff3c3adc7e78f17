"""三率排名 (R30): the ranking page with its charts, and the same table as an xlsx download.

Thin views: parse the query string, read `rates_for` for the actor's region scope, render. Every
number on the page and in the workbook is a field of a `RateRow`, formatted in one place here.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from shegong.accounts.models import User
from shegong.appeals.rates import (
    Group,
    MonthRates,
    RateRow,
    group_level,
    last_complete_month,
    rate_weights,
    rates_for,
    rates_trend,
    total_of,
)
from shegong.lib import regioncodes
from shegong.lib.barchart import BarChart, Series, bar_chart
from shegong.web.decorators import staff_required
from shegong.web.queries import scope_name

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TREND_MONTHS = 6
CHART_ROWS = 30
Kind = Literal["rank", "text", "code", "int", "pct", "score"]
RATE_SERIES = [
    Series("响应率", "bar-response"),
    Series("解决率", "bar-resolution"),
    Series("满意率", "bar-satisfaction"),
]


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: Kind

    def value(self, row: RateRow) -> Any:
        if self.kind == "code":
            return row.key.ljust(12, "0") if row.key else ""
        return getattr(row, self.key)

    def text(self, row: RateRow) -> str:
        return display(self.value(row), self.kind)


def pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def score_text(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def display(value: Any, kind: Kind) -> str:
    if kind == "pct":
        return pct(value)
    if kind == "score":
        return score_text(value)
    return "" if value is None else str(value)


def columns_for(group: Group) -> list[Column]:
    """The table's columns, shared by the page and the workbook."""
    head = [
        Column("rank", "排名", "rank"),
        Column("name", "单位" if group == "unit" else "区划", "text"),
    ]
    if group == "region":
        head.append(Column("key", "区划代码", "code"))
    return [
        *head,
        Column("score", "综合得分", "score"),
        Column("response_rate", "响应率", "pct"),
        Column("resolution_rate", "解决率", "pct"),
        Column("satisfaction_rate", "满意率", "pct"),
        Column("dispatched", "派单数", "int"),
        Column("response_due", "应响应", "int"),
        Column("on_time", "按时响应", "int"),
        Column("rated", "评价数", "int"),
        Column("satisfied", "满意", "int"),
        Column("partly", "基本满意", "int"),
        Column("unsatisfied", "不满意", "int"),
        Column("resolved", "已解决", "int"),
        Column("overdue", "超期", "int"),
    ]


SORTABLE = [c.key for c in columns_for("region") if c.kind != "code"]


# ---------------------------------------------------------------- the query string


class RankingForm(forms.Form):
    month = forms.DateField(label="月份", input_formats=["%Y-%m"], required=False)
    group = forms.ChoiceField(
        label="统计口径", choices=[("unit", "按单位"), ("region", "按区划")], required=False
    )
    level = forms.TypedChoiceField(
        label="区划级别",
        choices=[(int(level), label) for level, label in regioncodes.LEVEL_LABELS.items()],
        coerce=int,
        empty_value=None,
        required=False,
    )
    sort = forms.ChoiceField(choices=[(k, k) for k in SORTABLE], required=False)
    order = forms.ChoiceField(choices=[("asc", "升序"), ("desc", "降序")], required=False)
    key = forms.RegexField(regex=r"^\d{1,12}$", required=False)


@dataclass(frozen=True)
class RankingQuery:
    month: date
    group: Group
    level: int
    sort: str
    descending: bool
    key: str


def parse_query(params: QueryDict, user: User) -> tuple[RankingQuery, RankingForm]:
    """The valid parts of the query string; anything missing or malformed takes its default."""
    form = RankingForm(params)
    form.is_valid()
    data = form.cleaned_data
    group: Group = "region" if data.get("group") == "region" else "unit"
    query = RankingQuery(
        month=(data.get("month") or last_complete_month()).replace(day=1),
        group=group,
        level=group_level(user.scope_code, data.get("level")),
        sort=data.get("sort") or "rank",
        descending=data.get("order") == "desc",
        key=_valid_key(group, data.get("key") or ""),
    )
    return query, form


def _valid_key(group: Group, key: str) -> str:
    if group == "region":
        return key if len(key) in regioncodes.PREFIX_LENGTH.values() else ""
    return key if key and len(key) <= 10 else ""


def query_string(query: RankingQuery, **changes: str) -> str:
    params = {
        "month": f"{query.month:%Y-%m}",
        "group": query.group,
        "level": str(query.level),
        "sort": query.sort,
        "order": "desc" if query.descending else "asc",
    }
    params.update(changes)
    encoded = QueryDict(mutable=True)
    encoded.update({k: v for k, v in params.items() if v})
    return encoded.urlencode()


# ---------------------------------------------------------------- rows, headers, charts


def rows_for(query: RankingQuery, user: User) -> list[RateRow]:
    return rates_for(
        month=query.month, scope_code=user.scope_code, group=query.group, level=query.level
    )


def sorted_rows(rows: Sequence[RateRow], key: str, descending: bool) -> list[RateRow]:
    """Sorted by one column; rows without a value stay last, ties keep the ranking order."""
    if key == "rank" and not descending:
        return list(rows)
    present = [r for r in rows if getattr(r, key) is not None]
    missing = [r for r in rows if getattr(r, key) is None]
    return sorted(present, key=lambda r: getattr(r, key), reverse=descending) + missing


@dataclass(frozen=True)
class Header:
    label: str
    url: str
    arrow: str


def headers(query: RankingQuery, columns: Sequence[Column]) -> list[Header]:
    """Each header links to the table sorted by it; a second click reverses the order."""
    result = []
    for column in columns:
        active = column.key == query.sort
        first = "asc" if column.kind in ("rank", "text") else "desc"
        order = ("asc" if query.descending else "desc") if active else first
        arrow = ("▼" if query.descending else "▲") if active else ""
        url = (
            "" if column.kind == "code" else "?" + query_string(query, sort=column.key, order=order)
        )
        result.append(Header(column.label, url, arrow))
    return result


def score_chart(rows: Sequence[RateRow]) -> BarChart:
    return bar_chart(
        "综合得分",
        [Series("综合得分", "bar-score")],
        [(row.name, [row.score]) for row in rows[:CHART_ROWS]],
        maximum=sum(rate_weights()),
        fmt=score_text,
    )


def rates_chart(title: str, labelled: Sequence[tuple[str, RateRow]]) -> BarChart:
    items = [
        (label, [row.response_rate, row.resolution_rate, row.satisfaction_rate])
        for label, row in labelled[:CHART_ROWS]
    ]
    return bar_chart(title, RATE_SERIES, items, maximum=1.0, fmt=pct)


def trend_for(query: RankingQuery, user: User) -> list[MonthRates]:
    if not query.key:
        return []
    return rates_trend(
        scope_code=user.scope_code,
        months=TREND_MONTHS,
        group=query.group,
        key=query.key,
        end_month=query.month,
    )


def month_label(month: date) -> str:
    return f"{month.year}年{month.month}月"


def weights_note() -> str:
    w1, w2, w3 = rate_weights()
    partly = settings.APPEAL_PARTLY_SATISFIED_WEIGHT
    formula = f"综合得分 = 响应率×{w1:g} + 解决率×{w2:g} + 满意率×{w3:g}"
    return f"{formula}；基本满意按 {partly:g} 计入满意率"


def title_for(query: RankingQuery, user: User) -> str:
    by = (
        "按单位"
        if query.group == "unit"
        else f"按{regioncodes.LEVEL_LABELS[regioncodes.Level(query.level)]}区划"
    )
    return f"{scope_name(user)} {month_label(query.month)} 接诉即办三率排名（{by}）"


# ---------------------------------------------------------------- the views


@staff_required
def ranking(request: HttpRequest, user: User) -> HttpResponse:
    query, form = parse_query(request.GET, user)
    rows = rows_for(query, user)
    context = {
        "form": form,
        "query": query,
        "title": title_for(query, user),
        "weights_note": weights_note(),
        "levels": _levels(user),
        "export_query": query_string(query),
        **table_context(query, rows),
        **trend_context(trend_for(query, user)),
    }
    return render(request, "appeals/ranking.html", context)


def table_context(query: RankingQuery, rows: Sequence[RateRow]) -> dict[str, Any]:
    """The sortable table with its 合计 row, and the two charts (always in ranking order)."""
    columns = columns_for(query.group)
    ordered = sorted_rows(rows, query.sort, query.descending)
    return {
        "headers": headers(query, columns),
        "table": [_table_row(query, row, columns) for row in ordered],
        "total": [c.text(total_of(rows)) for c in columns],
        "score_chart": score_chart(rows),
        "rates_chart": rates_chart("三率对比", [(row.name, row) for row in rows]),
        "chart_cut": len(rows) > CHART_ROWS,
    }


def trend_context(trend: Sequence[MonthRates]) -> dict[str, Any]:
    return {
        "trend_chart": rates_chart(
            "三率走势（有派单的月份）",
            [(month_label(t.month), t.row) for t in trend if t.row.dispatched],
        ),
        "trend_name": next((t.row.name for t in trend if t.row.name), ""),
        "trend_rows": [_trend_cells(t) for t in trend],
    }


@dataclass(frozen=True)
class TableRow:
    key: str
    cells: list[str]
    trend_url: str


def _table_row(query: RankingQuery, row: RateRow, columns: Sequence[Column]) -> TableRow:
    url = "?" + query_string(query, key=row.key) + "#trend"
    return TableRow(row.key, [c.text(row) for c in columns], url)


def _trend_cells(item: MonthRates) -> list[str]:
    row = item.row
    rates = [pct(row.response_rate), pct(row.resolution_rate), pct(row.satisfaction_rate)]
    return [month_label(item.month), str(row.dispatched), *rates, score_text(row.score)]


def _levels(user: User) -> list[tuple[int, str]]:
    top = group_level(user.scope_code, 0)
    return [
        (int(level), label) for level, label in regioncodes.LEVEL_LABELS.items() if level >= top
    ]


@staff_required
def ranking_export(request: HttpRequest, user: User) -> HttpResponse:
    query, _ = parse_query(request.GET, user)
    rows = sorted_rows(rows_for(query, user), query.sort, query.descending)
    content = ranking_workbook(
        title_for(query, user), weights_note(), columns_for(query.group), rows
    )
    response = HttpResponse(content, content_type=XLSX)
    filename = f"三率排名-{query.month:%Y-%m}.xlsx"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


# ---------------------------------------------------------------- the workbook

NUMBER_FORMATS: dict[Kind, str] = {"pct": "0.0%", "score": "0.00", "int": "0", "rank": "0"}
HEADER_ROW = 4


def ranking_workbook(
    title: str, note: str, columns: Sequence[Column], rows: Sequence[RateRow]
) -> bytes:
    """The ranking as xlsx: title, note, a header row, one row per group and a 合计 row.

    Rates are stored as fractions with a percentage format, so Excel shows 83.3% and sums work.
    """
    book = Workbook()
    sheet = book.active
    sheet.title = "三率排名"
    sheet.append([title])
    sheet.append([note])
    sheet.append([])
    sheet.append([c.label for c in columns])
    for row in [*rows, total_of(rows)]:
        sheet.append([c.value(row) for c in columns])
    _style(sheet, columns, last_row=sheet.max_row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _style(sheet: Any, columns: Sequence[Column], *, last_row: int) -> None:
    bold = Font(bold=True)
    sheet["A1"].font = Font(bold=True, size=14)
    for cell in sheet[HEADER_ROW]:
        cell.font = bold
    for cell in sheet[last_row]:
        cell.font = bold
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = _width(column)
        number_format = NUMBER_FORMATS.get(column.kind, "@")
        for (cell,) in sheet.iter_rows(
            min_row=HEADER_ROW + 1, max_row=last_row, min_col=index, max_col=index
        ):
            cell.number_format = number_format
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=3)


def _width(column: Column) -> int:
    return {"text": 28, "code": 15, "rank": 6}.get(column.kind, 10)
