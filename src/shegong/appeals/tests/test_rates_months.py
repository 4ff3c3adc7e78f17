"""R30: a month is a calendar month in Asia/Shanghai, counted by the day of dispatch."""

from __future__ import annotations

from datetime import date

from shegong.appeals.rates import last_complete_month, rates_for, rates_trend
from shegong.appeals.tests.rates_steps import HOUR, at, dispatch, handled, submit
from shegong.conftest import COUNTY, Cast


def dispatched_in(month: date) -> int:
    return sum(row.dispatched for row in rates_for(month=month, scope_code=COUNTY, group="unit"))


def test_r30_late_on_the_last_evening_of_october_belongs_to_october(cast: Cast) -> None:
    # 23:30 in Shanghai is 15:30 UTC, and 00:10 on 1 November is still 31 October in UTC.
    handled(cast, dispatched=at("2026-10-31 23:30"))
    handled(cast, dispatched=at("2026-11-01 00:10"))
    handled(cast, dispatched=at("2026-10-01 00:00"))  # 30 September 16:00 UTC
    assert dispatched_in(date(2026, 10, 1)) == 2
    assert dispatched_in(date(2026, 11, 1)) == 1
    assert dispatched_in(date(2026, 9, 1)) == 0


def test_r30_an_appeal_received_in_september_and_dispatched_in_october_counts_in_october(
    cast: Cast,
) -> None:
    case = submit(cast, at("2026-09-30 22:00"))
    dispatch(cast, case, at("2026-10-01 08:00"))
    assert dispatched_in(date(2026, 9, 1)) == 0
    assert dispatched_in(date(2026, 10, 1)) == 1


def test_the_default_month_is_the_last_complete_one_in_shanghai() -> None:
    assert last_complete_month(at("2026-11-01 00:10")) == date(2026, 10, 1)
    assert last_complete_month(at("2026-10-31 23:50")) == date(2026, 9, 1)
    assert last_complete_month(at("2026-01-15 12:00")) == date(2025, 12, 1)


def test_r30_the_trend_of_a_unit_gives_six_months_oldest_first_with_empty_months(
    cast: Cast,
) -> None:
    handled(cast, dispatched=at("2026-10-31 23:30"), rating="satisfied")
    handled(cast, dispatched=at("2026-08-01 00:30"), rating="partly")
    handled(cast, dispatched=at("2026-08-02 10:00"), accepted_after=3 * HOUR, rating="partly")
    trend = rates_trend(
        scope_code=COUNTY,
        months=6,
        group="unit",
        key=str(cast.department.pk),
        end_month=date(2026, 10, 1),
    )
    assert [t.month for t in trend] == [date(2026, m, 1) for m in range(5, 11)]
    assert [t.row.dispatched for t in trend] == [0, 0, 0, 2, 0, 1]
    august, october = trend[3].row, trend[5].row
    assert (august.response_rate, august.satisfaction_rate) == (0.5, 0.9)
    assert october.score == 100.0
    assert {t.row.name for t in trend} == {"榕城区住房和城乡建设局"}
    # The trend matches the ranking of the same month.
    [ranked] = rates_for(month=date(2026, 8, 1), scope_code=COUNTY, group="unit")
    assert (ranked.dispatched, ranked.response_rate, ranked.score) == (
        august.dispatched,
        august.response_rate,
        august.score,
    )


def test_r30_the_trend_of_a_township_covers_only_that_township(cast: Cast) -> None:
    handled(cast, dispatched=at("2026-10-08 10:00"))
    handled(cast, dispatched=at("2026-10-08 11:00"), region_code="445202002003")
    handled(cast, dispatched=at("2026-10-08 12:00"), region_code=COUNTY)
    october = date(2026, 10, 1)
    for key, expected in [("445202001", 1), ("445202002", 1), ("445202000", 1), ("445202", 3)]:
        trend = rates_trend(scope_code=COUNTY, months=1, group="region", key=key, end_month=october)
        assert trend[0].row.dispatched == expected, key
