"""R9: a petition is a 建议意见, 检举控告 or 申诉求决; a 检举控告 goes only to 纪检监察, a 涉法涉诉
matter only to a 政法部门, and neither organ takes ordinary matters."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from shegong.accounts.models import OrgUnit
from shegong.cases.models import Case
from shegong.conftest import Cast
from shegong.petitions import actions
from shegong.petitions.models import PetitionStatus
from shegong.petitions.tests.conftest import Offices
from shegong.petitions.tests.steps import accusation, fresh, register


def refused(case: Case, offices: Offices, unit: OrgUnit) -> str:
    with pytest.raises(ValidationError) as error:
        actions.do_forward(case, actor=offices.county_clerk, unit=unit)
    assert fresh(case).status == PetitionStatus.REGISTERED
    return error.value.message_dict["unit"][0]


def test_r09_it_refuses_an_unknown_classification(offices: Offices) -> None:
    with pytest.raises(ValidationError) as error:
        register(offices.county_clerk, classification="complaint")
    assert "建议意见、检举控告或申诉求决" in error.value.message_dict["classification"][0]


def test_r09_an_accusation_goes_to_the_discipline_organ(cast: Cast, offices: Offices) -> None:
    case = accusation(offices.county_clerk)
    assert "纪检监察" in refused(case, offices, cast.department)
    assert "纪检监察" in refused(case, offices, offices.political_legal)
    actions.do_forward(case, actor=offices.county_clerk, unit=offices.discipline)
    assert fresh(case).lead_unit == offices.discipline


def test_r09_a_law_related_matter_goes_to_political_legal(cast: Cast, offices: Offices) -> None:
    case = register(offices.county_clerk, law_related=True)
    assert "政法" in refused(case, offices, cast.department)
    actions.do_assign(
        case,
        actor=offices.county_clerk,
        unit=offices.political_legal,
        due_on=timezone.localdate() + timedelta(days=30),
    )
    assert fresh(case).lead_unit == offices.political_legal


def test_r09_an_ordinary_grievance_goes_to_neither(cast: Cast, offices: Offices) -> None:
    case = register(offices.county_clerk)
    assert "只有检举控告或涉法涉诉" in refused(case, offices, offices.discipline)
    assert "只有检举控告或涉法涉诉" in refused(case, offices, offices.political_legal)
    actions.do_forward(case, actor=offices.county_clerk, unit=cast.department)
    assert fresh(case).status == PetitionStatus.FORWARDED
