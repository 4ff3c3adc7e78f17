"""R31: an order goes to a 社区/村 only for an item on its 职责清单, and as lead only for a 主责
item; an 协助 item may reach it as a co-handler."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from shegong.appeals.actions import do_dispatch
from shegong.appeals.models import DispatchRule, DutyItem
from shegong.cases.models import Assignment, Case, Category
from shegong.cases.tests.steps import act, client_for, fresh, submitted
from shegong.conftest import COUNTY, OTHER_COUNTY, VILLAGE, Cast


def duty(code: str, kind: str, region_code: str = COUNTY) -> DutyItem:
    category = Category.objects.get(code=code)
    return DutyItem.objects.create(region_code=region_code, category=category, kind=kind)


def community_matter(cast: Cast) -> Case:
    """An appeal about community services (社区服务)."""
    return submitted(cast, category=Category.objects.get(code="civil.community"))


def test_r31_a_main_item_may_be_led_by_the_village(cast: Cast) -> None:
    duty("civil.community", "main")
    case = community_matter(cast)
    response = act(
        client_for(cast.dispatcher), case.number, "dispatch", unit_id=cast.village_unit.pk
    )
    assert response.status_code == 200, response.content
    assert fresh(case).lead_unit == cast.village_unit


def test_r31_an_assisting_item_cannot_be_led_by_the_village(cast: Cast) -> None:
    duty("civil.community", "assist")
    case = community_matter(cast)
    response = act(
        client_for(cast.dispatcher), case.number, "dispatch", unit_id=cast.village_unit.pk
    )
    assert response.status_code == 422
    assert response.json()["message"] == (
        "该事项是「进东社区居民委员会」职责清单上的协助事项，只能协办，不能主办（R31）"
    )
    assert fresh(case).status == "received"
    assert not Assignment.objects.filter(case=case).exists()


def test_r31_an_assisting_item_may_reach_the_village_as_co_handler(cast: Cast) -> None:
    duty("civil.community", "assist")
    case = do_dispatch(
        community_matter(cast),
        actor=cast.dispatcher,
        unit=cast.township_unit,
        co_units=[cast.village_unit],
    )
    co = Assignment.objects.get(case=case, unit=cast.village_unit)
    assert co.role == "co"


def test_r31_an_item_off_the_list_cannot_go_to_the_village_at_all(cast: Cast) -> None:
    duty("civil.community", "main")
    case = submitted(cast)  # street lamps: not on the community's list
    dispatcher = client_for(cast.dispatcher)
    as_lead = act(dispatcher, case.number, "dispatch", unit_id=cast.village_unit.pk)
    assert as_lead.status_code == 422
    assert "不在「进东社区居民委员会」的职责清单内" in as_lead.json()["message"]
    as_co = act(
        dispatcher,
        case.number,
        "dispatch",
        unit_id=cast.department.pk,
        co_unit_ids=[cast.village_unit.pk],
    )
    assert as_co.status_code == 422
    assert "co_units" in as_co.json()["fields"]
    assert fresh(case).status == "received"


def test_r31_an_appeal_without_a_category_cannot_go_to_the_village(cast: Cast) -> None:
    case = submitted(cast, category=None)
    with pytest.raises(ValidationError):
        do_dispatch(case, actor=cast.dispatcher, unit=cast.village_unit)


def test_r31_another_countys_list_does_not_apply(cast: Cast) -> None:
    duty("civil.community", "main", region_code=OTHER_COUNTY)
    with pytest.raises(ValidationError):
        do_dispatch(community_matter(cast), actor=cast.dispatcher, unit=cast.village_unit)


def test_r31_the_villages_own_list_overrides_the_countys(cast: Cast) -> None:
    duty("civil.community", "main")
    duty("civil.community", "assist", region_code=VILLAGE)
    with pytest.raises(ValidationError) as refused:
        do_dispatch(community_matter(cast), actor=cast.dispatcher, unit=cast.village_unit)
    assert "协助事项" in refused.value.message_dict["unit"][0]


def test_r31_the_catalogue_cannot_route_around_the_list(cast: Cast) -> None:
    # A catalogue rule that names a village is still held to the village's list.
    category = Category.objects.get(code="civil.community")
    DispatchRule.objects.create(category=category, region_code=COUNTY, unit=cast.village_unit)
    duty("civil.community", "assist")
    with pytest.raises(ValidationError):
        do_dispatch(community_matter(cast), actor=cast.dispatcher)


def test_r31_the_guard_applies_only_to_villages(cast: Cast) -> None:
    case = do_dispatch(community_matter(cast), actor=cast.dispatcher, unit=cast.township_unit)
    assert fresh(case).lead_unit == cast.township_unit
