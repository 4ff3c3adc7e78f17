"""`shegong workdays show YEAR` prints a year's table, or says it falls back (R52)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def show(year: int) -> str:
    out = StringIO()
    call_command("workdays", "show", str(year), stdout=out)
    return out.getvalue()


def test_it_prints_the_2026_table_with_weekdays_kinds_and_chinese_names() -> None:
    text = show(2026)
    assert "2026 年节假日与调休上班日(来源：chinesecalendar" in text
    assert "休息日(节假日) 33 天，调休上班日 6 天" in text
    assert "2026-10-01  周四  休息日(节假日)" in text
    assert "2026-10-10  周六  调休上班日" in text
    assert text.index("2026-01-01") < text.index("2026-10-10")


def test_it_says_an_uncovered_year_falls_back_to_weekdays() -> None:
    assert "2027 年不在日历表中：按周一至周五计算工作日" in show(2027)
