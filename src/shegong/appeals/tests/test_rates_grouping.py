"""R30: the rates per lead unit, and per region at any level below the reader's scope."""

from __future__ import annotations

from datetime import date

from shegong.appeals import actions
from shegong.appeals.rates import RateRow, rates_for
from shegong.appeals.tests.rates_steps import at, handled, regions
from shegong.conftest import COUNTY, VILLAGE, Cast

OCTOBER = date(2026, 10, 1)
OTHER_TOWNSHIP_VILLAGE = "445202002003"  # 榕城区 东兴街道, a village in it


def by_key(rows: list[RateRow]) -> dict[str, tuple[str, int, int]]:
    return {row.key: (row.name, row.dispatched, row.satisfied) for row in rows}


def spread_over_the_county(cast: Cast) -> None:
    """Two appeals in 进东社区 (榕华街道), one in 东兴街道, one recorded only at county level."""
    handled(cast, dispatched=at("2026-10-08 10:00"), rating="satisfied")
    handled(cast, dispatched=at("2026-10-08 11:00"), unit=cast.township_unit, rating="partly")
    handled(
        cast,
        dispatched=at("2026-10-09 10:00"),
        region_code=OTHER_TOWNSHIP_VILLAGE,
        rating="satisfied",
    )
    handled(cast, dispatched=at("2026-10-10 10:00"), region_code=COUNTY, replied_after=None)
    regions(
        ("445202001000", "榕华街道"),
        ("445202002000", "东兴街道"),
        (VILLAGE, "进东社区居委会"),
        (OTHER_TOWNSHIP_VILLAGE, "东兴村委会"),
    )


def test_r30_rates_are_given_per_lead_unit(cast: Cast) -> None:
    spread_over_the_county(cast)
    rows = rates_for(month=OCTOBER, scope_code=COUNTY, group="unit")
    assert by_key(rows) == {
        str(cast.department.pk): ("榕城区住房和城乡建设局", 3, 2),
        str(cast.township_unit.pk): ("榕华街道办事处", 1, 0),
    }


def test_r30_rates_by_township_put_county_level_appeals_in_the_county_itself(cast: Cast) -> None:
    spread_over_the_county(cast)
    rows = rates_for(month=OCTOBER, scope_code=COUNTY, group="region", level=4)
    assert by_key(rows) == {
        "445202001": ("榕华街道", 2, 1),
        "445202002": ("东兴街道", 1, 1),
        "445202000": ("榕城区（本级）", 1, 0),
    }


def test_r30_rates_by_village_and_by_default_one_level_below_the_scope(cast: Cast) -> None:
    spread_over_the_county(cast)
    villages = rates_for(month=OCTOBER, scope_code=COUNTY, group="region", level=5)
    assert by_key(villages)[VILLAGE] == ("进东社区居委会", 2, 1)
    assert by_key(villages)[OTHER_TOWNSHIP_VILLAGE] == ("东兴村委会", 1, 1)
    default = rates_for(month=OCTOBER, scope_code=COUNTY, group="region")
    assert {row.key for row in default} == {"445202001", "445202002", "445202000"}


def test_r30_a_level_above_the_scope_gives_the_scope_as_one_row(cast: Cast) -> None:
    spread_over_the_county(cast)
    rows = rates_for(month=OCTOBER, scope_code=COUNTY, group="region", level=1)
    assert by_key(rows) == {"445202": ("榕城区", 4, 2)}


def test_r30_an_order_taken_back_after_an_upheld_objection_counts_for_no_unit(
    cast: Cast,
) -> None:
    case = handled(cast, dispatched=at("2026-10-08 10:00"), accepted_after=None)
    actions.do_object(case, actor=cast.handler, reason="不属于本单位职责")
    actions.do_review_objection(case, actor=cast.dispatcher, upheld=True)
    assert rates_for(month=OCTOBER, scope_code=COUNTY, group="unit") == []
    [county] = rates_for(month=OCTOBER, scope_code=COUNTY, group="region", level=3)
    assert county.dispatched == 1
