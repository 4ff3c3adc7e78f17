from __future__ import annotations

import pytest
from django.http import Http404

from shegong.audit.actions import record
from shegong.audit.queries import access_entries, access_entry
from shegong.conftest import Cast


def test_the_outsider_gets_404_for_an_entry_of_another_county(cast: Cast) -> None:
    entry = record(actor=cast.staff, verb="accounts.unit_renamed", obj=cast.village_unit)

    with pytest.raises(Http404):
        access_entry(cast.outsider, entry.pk)
    with pytest.raises(Http404):
        access_entries(cast.outsider, cast.village_unit)
    assert list(access_entries(cast.outsider)) == []


def test_staff_of_the_county_and_the_city_see_it(cast: Cast) -> None:
    entry = record(actor=cast.staff, verb="accounts.unit_renamed", obj=cast.village_unit)

    assert access_entry(cast.staff, entry.pk) == entry
    assert list(access_entries(cast.city_staff, cast.village_unit)) == [entry]


def test_a_resident_sees_no_entries(cast: Cast) -> None:
    entry = record(actor=cast.resident, verb="appeals.submitted", obj=cast.village_unit)

    with pytest.raises(Http404):
        access_entry(cast.resident, entry.pk)
    assert list(access_entries(cast.resident)) == []


def test_entries_without_a_region_are_for_superusers_only(cast: Cast) -> None:
    entry = record(actor=None, verb="accounts.login_failed", payload={"username": "x"})
    cast.admin.is_superuser = True
    cast.admin.save()

    with pytest.raises(Http404):
        access_entry(cast.city_staff, entry.pk)
    assert access_entry(cast.admin, entry.pk) == entry
