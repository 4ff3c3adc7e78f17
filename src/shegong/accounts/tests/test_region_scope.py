"""Region scope: every access helper answers 404 outside the actor's region."""

from __future__ import annotations

import pytest
from django.http import Http404

from shegong.accounts.models import OrgUnit
from shegong.accounts.queries import (
    access_org_unit,
    access_region_code,
    access_user,
    in_scope,
    scoped,
    units_in_scope,
)
from shegong.conftest import OTHER_VILLAGE, VILLAGE, Cast


def test_county_staff_see_units_of_their_county_only(cast: Cast) -> None:
    names = set(units_in_scope(cast.staff).values_list("name", flat=True))
    assert cast.township_unit.name in names
    assert cast.other_county_unit.name not in names
    assert cast.city_unit.name not in names  # the city is above the county, not inside it


def test_city_staff_see_every_county(cast: Cast) -> None:
    assert units_in_scope(cast.city_staff).count() == OrgUnit.objects.count()


def test_outsider_gets_404_for_a_unit_of_another_county(cast: Cast) -> None:
    with pytest.raises(Http404):
        access_org_unit(cast.outsider, cast.township_unit.pk)


def test_staff_get_a_unit_in_scope(cast: Cast) -> None:
    assert access_org_unit(cast.staff, cast.village_unit.pk) == cast.village_unit


def test_outsider_gets_404_for_a_user_of_another_county(cast: Cast) -> None:
    with pytest.raises(Http404):
        access_user(cast.outsider, cast.handler.pk)


def test_everyone_may_access_themselves(cast: Cast) -> None:
    assert access_user(cast.resident, cast.resident.pk) == cast.resident


def test_resident_has_no_region_scope(cast: Cast) -> None:
    assert not in_scope(cast.resident, VILLAGE)
    assert scoped(OrgUnit.objects.all(), cast.resident).count() == 0
    with pytest.raises(Http404):
        access_org_unit(cast.resident, cast.village_unit.pk)


def test_region_codes_are_checked_against_the_scope(cast: Cast) -> None:
    assert access_region_code(cast.village_cadre, "445202001001") == VILLAGE
    with pytest.raises(Http404):
        access_region_code(cast.village_cadre, "445202001002")  # the next community
    with pytest.raises(Http404):
        access_region_code(cast.staff, OTHER_VILLAGE)
    with pytest.raises(Http404):
        access_region_code(cast.staff, "4452x")  # malformed codes reveal nothing either


def test_a_deactivated_staff_member_sees_nothing(cast: Cast) -> None:
    cast.staff.is_active = False
    assert units_in_scope(cast.staff).count() == 0
