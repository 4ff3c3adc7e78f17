"""R24: an order without a clear owner goes to the 区政府; the 派单目录 names the owner."""

from __future__ import annotations

from shegong.appeals.actions import do_dispatch
from shegong.appeals.models import DispatchRule
from shegong.cases.models import Category
from shegong.cases.tests.steps import act, client_for, fresh, submitted
from shegong.conftest import COUNTY, Cast


def test_r24_an_appeal_whose_category_has_no_rule_goes_to_the_district(cast: Cast) -> None:
    case = submitted(cast)  # 市政道路设施: nothing in the catalogue
    response = act(client_for(cast.dispatcher), case.number, "dispatch")
    assert response.status_code == 200, response.content
    assert fresh(case).lead_unit == cast.district
    assert [u["name"] for u in response.json()["units"]] == ["榕城区人民政府"]


def test_r24_an_appeal_without_a_category_goes_to_the_district(cast: Cast) -> None:
    case = do_dispatch(submitted(cast, category=None), actor=cast.dispatcher)
    assert fresh(case).lead_unit == cast.district


def test_r24_the_catalogue_sends_a_category_to_its_unit(cast: Cast) -> None:
    roads = Category.objects.get(code="urban.roads")
    DispatchRule.objects.create(category=roads, region_code=COUNTY, unit=cast.department)
    case = do_dispatch(submitted(cast), actor=cast.dispatcher)
    assert fresh(case).lead_unit == cast.department


def test_r24_a_rule_for_another_category_does_not_apply(cast: Cast) -> None:
    noise = Category.objects.get(code="env.noise")
    DispatchRule.objects.create(category=noise, region_code=COUNTY, unit=cast.department)
    case = do_dispatch(submitted(cast), actor=cast.dispatcher)
    assert fresh(case).lead_unit == cast.district
