"""R8: a matter already accepted below and still in progress, brought again to a higher level,
is 不予受理 there. Registration lists the earlier case as a candidate (same petitioner, same
request, facts and reasons); staff confirm by naming it when they decline."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from shegong.accounts.models import User
from shegong.cases.models import Case
from shegong.conftest import Cast
from shegong.petitions import actions
from shegong.petitions.models import DeclineReason, DocumentKind, PetitionStatus
from shegong.petitions.tests.conftest import Offices
from shegong.petitions.tests.steps import (
    accepted,
    concluded,
    document,
    document_text,
    filed_through_api,
    fresh,
    register,
)


def refiled_at_city(offices: Offices, **overrides: str) -> tuple[Case, list[str]]:
    return filed_through_api(offices.city_clerk, **overrides)


def decline(case: Case, actor: User, earlier: Case) -> Case:
    """`actor` declines `case` as the matter `earlier` still in progress (R8)."""
    return actions.do_decline(case, actor=actor, reason=DeclineReason.IN_PROGRESS, related=earlier)


def test_r08_registration_lists_the_matter_in_progress(cast: Cast, offices: Offices) -> None:
    earlier = accepted(cast, offices)
    _case, same_matter = refiled_at_city(offices)
    assert same_matter == [earlier.number]


def test_r08_another_petitioner_or_matter_is_not_a_candidate(cast: Cast, offices: Offices) -> None:
    accepted(cast, offices)
    assert refiled_at_city(offices, name="李另一人", phone="13600136000")[1] == []
    other = {
        "request": "请求查处小区夜间施工噪音",
        "facts": "工地每晚十一点后仍在打桩",
        "reasons": "严重影响休息",
    }
    assert refiled_at_city(offices, **other)[1] == []


def test_r08_staff_confirm_and_the_higher_level_declines(cast: Cast, offices: Offices) -> None:
    earlier = accepted(cast, offices)
    case, _ = refiled_at_city(offices)
    decline(case, offices.city_clerk, earlier)
    case = fresh(case)
    assert case.status == PetitionStatus.DECLINED
    assert case.petition.related == earlier
    text = document_text(document(case, DocumentKind.REFUSAL))
    assert "信访事项不予受理告知书" in text
    assert earlier.number in text
    assert fresh(earlier).status == PetitionStatus.ACCEPTED  # the earlier one goes on


def test_r08_it_refuses_to_name_another_petitioners_case(cast: Cast, offices: Offices) -> None:
    someone_else = accepted(cast, offices, name="李另一人", phone="13600136000")
    case = register(offices.city_clerk)
    with pytest.raises(ValidationError) as error:
        decline(case, offices.city_clerk, someone_else)
    assert "related" in error.value.message_dict
    assert fresh(case).status == PetitionStatus.REGISTERED


def test_r08_a_concluded_matter_is_not_in_progress(cast: Cast, offices: Offices) -> None:
    earlier = concluded(cast, offices)
    case = register(offices.city_clerk)
    with pytest.raises(ValidationError, match="不属于正在办理"):
        decline(case, offices.city_clerk, earlier)
    assert fresh(case).status == PetitionStatus.REGISTERED


def test_r08_the_same_level_is_not_upward(cast: Cast, offices: Offices) -> None:
    """The county 信访局 registering again what a county organ handles is not a re-filing upward:
    R8 does not let it decline."""
    earlier = accepted(cast, offices)
    case = register(offices.county_clerk)
    with pytest.raises(ValidationError, match="R8"):
        decline(case, offices.county_clerk, earlier)
    assert fresh(case).status == PetitionStatus.REGISTERED


def test_r08_a_lower_level_cannot_decline_what_a_higher_one_handles(
    cast: Cast, offices: Offices
) -> None:
    earlier = register(offices.city_clerk)
    actions.do_forward(earlier, actor=offices.city_clerk, unit=offices.city_organ)
    actions.do_accept(earlier, actor=offices.city_handler)
    case = register(offices.county_clerk)
    with pytest.raises(ValidationError, match="R8"):
        decline(case, offices.county_clerk, earlier)
    # The province, above the city, may.
    upward = register(offices.province_clerk)
    decline(upward, offices.province_clerk, earlier)
    assert fresh(upward).status == PetitionStatus.DECLINED
