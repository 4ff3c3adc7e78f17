"""R24: the 派单目录 rule of the most specific region wins (a county rule over a city rule)."""

from __future__ import annotations

import pytest

from shegong.accounts.models import OrgUnit, UnitKind
from shegong.appeals.actions import do_dispatch
from shegong.appeals.models import DispatchRule
from shegong.cases.models import Case, Category
from shegong.cases.tests.steps import fresh, submitted
from shegong.conftest import CITY, COUNTY, OTHER_VILLAGE, TOWNSHIP, Cast


@pytest.fixture
def city_bureau(cast: Cast) -> OrgUnit:
    """A city rule for street lamps everywhere in 揭阳, and a county rule for 榕城区."""
    bureau = OrgUnit.objects.create(
        name="揭阳市城市管理和综合执法局", kind=UnitKind.GOVERNMENT, region_code=CITY
    )
    roads = Category.objects.get(code="urban.roads")
    DispatchRule.objects.create(category=roads, region_code=CITY, unit=bureau)
    DispatchRule.objects.create(category=roads, region_code=COUNTY, unit=cast.department)
    return bureau


def dispatch_by_catalogue(cast: Cast, **overrides: object) -> Case:
    return fresh(do_dispatch(submitted(cast, **overrides), actor=cast.dispatcher))


def test_r24_a_county_rule_beats_the_city_rule(cast: Cast, city_bureau: OrgUnit) -> None:
    assert dispatch_by_catalogue(cast).lead_unit == cast.department


def test_r24_the_city_rule_covers_a_county_without_its_own(
    cast: Cast, city_bureau: OrgUnit
) -> None:
    # 揭东区 has no county rule, so the city rule applies there.
    case = dispatch_by_catalogue(cast, region_code=OTHER_VILLAGE)
    assert case.lead_unit == city_bureau


def test_r24_a_township_rule_beats_the_county_rule(cast: Cast, city_bureau: OrgUnit) -> None:
    roads = Category.objects.get(code="urban.roads")
    DispatchRule.objects.create(category=roads, region_code=TOWNSHIP, unit=cast.township_unit)
    assert dispatch_by_catalogue(cast).lead_unit == cast.township_unit


def test_r24_a_rule_written_with_a_short_code_still_applies(cast: Cast) -> None:
    # The catalogue is edited in admin, where 445202 is as natural as 445202000000.
    roads = Category.objects.get(code="urban.roads")
    DispatchRule.objects.create(category=roads, region_code=COUNTY[:6], unit=cast.department)
    assert dispatch_by_catalogue(cast).lead_unit == cast.department


def test_r24_a_chosen_unit_overrides_the_catalogue(cast: Cast, city_bureau: OrgUnit) -> None:
    case = do_dispatch(submitted(cast), actor=cast.dispatcher, unit=cast.township_unit)
    assert fresh(case).lead_unit == cast.township_unit
