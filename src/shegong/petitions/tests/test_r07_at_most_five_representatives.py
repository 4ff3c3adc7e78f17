"""R7: a group visit records at most five representatives; a sixth is refused in Chinese and
nothing is written."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from shegong.cases.models import Case
from shegong.petitions.models import Petition
from shegong.petitions.tests.conftest import Offices
from shegong.petitions.tests.steps import client_for, post_petition, register

FIVE = ["陈一", "陈二", "陈三", "陈四", "陈五"]


def test_r07_five_representatives_are_recorded(offices: Offices) -> None:
    case = register(offices.county_clerk, channel="visit", representatives=FIVE, headcount=40)
    petition = Petition.objects.get(case=case)
    assert petition.representatives == FIVE
    assert petition.headcount == 40


def test_r07_a_sixth_representative_is_refused_and_nothing_is_written(offices: Offices) -> None:
    with pytest.raises(ValidationError) as error:
        register(offices.county_clerk, channel="visit", representatives=[*FIVE, "陈六"])
    assert "代表人数不超过 5 人" in error.value.message_dict["representatives"][0]
    assert not Case.objects.exists()
    assert not Petition.objects.exists()


def test_r07_the_api_answers_422_with_the_message(offices: Offices) -> None:
    response = post_petition(
        client_for(offices.county_clerk), channel="visit", representatives=[*FIVE, "陈六"]
    )
    assert response.status_code == 422
    assert "多人走访应当推选代表" in response.json()["fields"]["representatives"][0]
    assert not Case.objects.exists()


def test_r07_blank_names_do_not_count(offices: Offices) -> None:
    case = register(offices.county_clerk, channel="visit", representatives=[*FIVE, " "])
    assert Petition.objects.get(case=case).representatives == FIVE
