"""Horizontal bar charts as plain geometry, drawn by a template as inline SVG (no JavaScript).

Each row is a label line with one thin bar per series under it, so long Chinese names stay
readable on a phone: the chart is 360 units wide and scales to the screen.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

WIDTH = 360
LABEL_HEIGHT = 18
BAR_HEIGHT = 12
BAR_GAP = 3
ROW_GAP = 10
VALUE_ROOM = 56  # space right of the longest bar for its value
MAX_LABEL = 24


@dataclass(frozen=True)
class Series:
    name: str
    css: str


@dataclass(frozen=True)
class Bar:
    y: float
    width: float
    text: str
    text_x: float
    text_y: float
    css: str


@dataclass(frozen=True)
class ChartRow:
    label: str
    label_y: float
    bars: list[Bar]


@dataclass(frozen=True)
class BarChart:
    title: str
    series: list[Series]
    rows: list[ChartRow]
    width: int
    height: int
    bar_height: int = BAR_HEIGHT


def row_height(series_count: int) -> int:
    return LABEL_HEIGHT + series_count * (BAR_HEIGHT + BAR_GAP) + ROW_GAP


def short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"


def bar_chart(
    title: str,
    series: Sequence[Series],
    rows: Sequence[tuple[str, Sequence[float | None]]],
    *,
    maximum: float,
    fmt: Callable[[float | None], str],
) -> BarChart:
    """One row per (label, values); a value of None draws no bar and shows "—"."""
    step = row_height(len(series))
    chart_rows = [
        _row(label, values, top=i * step, series=series, maximum=maximum, fmt=fmt)
        for i, (label, values) in enumerate(rows)
    ]
    return BarChart(title, list(series), chart_rows, WIDTH, max(step * len(rows), step))


def _row(
    label: str,
    values: Sequence[float | None],
    *,
    top: float,
    series: Sequence[Series],
    maximum: float,
    fmt: Callable[[float | None], str],
) -> ChartRow:
    span = WIDTH - VALUE_ROOM
    bars = []
    for j, (value, one) in enumerate(zip(values, series, strict=True)):
        width = round(span * max(min((value or 0.0) / maximum, 1.0), 0.0), 1) if maximum else 0.0
        y = top + LABEL_HEIGHT + j * (BAR_HEIGHT + BAR_GAP)
        text_y = y + BAR_HEIGHT - 2
        bars.append(Bar(y, width, fmt(value), width + 4, text_y, one.css))
    return ChartRow(label=short(label), label_y=top + LABEL_HEIGHT - 5, bars=bars)
