"""Setting one region's population for one year, by hand."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from shegong.audit.models import AuditEntry
from shegong.conftest import Cast
from shegong.regions.actions import do_set_population
from shegong.regions.loader import LoadReport
from shegong.regions.models import Region, RegionPopulation


def test_staff_set_and_then_correct_a_figure(jieyang: LoadReport, cast: Cast) -> None:
    county = Region.objects.get(code="445202000000")

    do_set_population(county, year=2024, resident=700000, urban_resident=600000, actor=cast.staff)
    do_set_population(county, year=2024, resident=710000, urban_resident=610000, actor=cast.staff)

    population = RegionPopulation.objects.get(region=county)
    assert (population.resident, population.urban_resident) == (710000, 610000)
    assert population.source == "手工"
    entries = AuditEntry.objects.filter(verb="regions.set_population").order_by("id")
    assert [e.region_code for e in entries] == ["445202000000", "445202000000"]
    assert entries.last().payload["before"] == {"resident": 700000, "urban_resident": 600000}  # type: ignore[union-attr]


def test_an_urban_figure_above_the_resident_figure_is_refused(
    jieyang: LoadReport, cast: Cast
) -> None:
    county = Region.objects.get(code="445202000000")

    with pytest.raises(ValidationError) as caught:
        do_set_population(county, year=2024, resident=10, urban_resident=11, actor=cast.staff)

    assert "城镇常住人口不能大于常住人口" in str(caught.value)
    assert not RegionPopulation.objects.exists()


def test_the_outsider_cannot_set_figures_of_another_county(jieyang: LoadReport, cast: Cast) -> None:
    county = Region.objects.get(code="445202000000")

    with pytest.raises(PermissionDenied):
        do_set_population(county, year=2024, resident=10, urban_resident=5, actor=cast.outsider)
