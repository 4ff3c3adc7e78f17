"""R1: a petition from any of the five channels (信息网络, 书信, 电话, 传真, 走访) is registered on
receipt; another channel is refused with a Chinese message, and a retried registration with the
same client token gives back the one case instead of dropping or doubling it."""

from __future__ import annotations

import pytest

from shegong.cases.models import Case
from shegong.petitions.models import Petition, PetitionStatus
from shegong.petitions.tests.conftest import Offices
from shegong.petitions.tests.steps import client_for, post_petition


@pytest.mark.parametrize("channel", ["network", "letter", "hotline", "fax", "visit"])
def test_r01_a_petition_from_each_channel_is_registered(offices: Offices, channel: str) -> None:
    response = post_petition(client_for(offices.county_clerk), channel=channel)
    assert response.status_code == 201, response.content
    case = Case.objects.get(number=response.json()["number"])
    assert case.channel == channel
    assert case.status == PetitionStatus.REGISTERED
    assert Petition.objects.filter(case=case).exists()
    assert response.json()["code"]  # the petitioner can follow it online (R20)


def test_r01_it_refuses_a_channel_the_law_does_not_list(offices: Offices) -> None:
    response = post_petition(client_for(offices.county_clerk), channel="web")
    assert response.status_code == 422
    assert "信访渠道" in response.json()["fields"]["channel"][0]
    assert not Case.objects.exists()


def test_r01_a_retry_with_the_same_client_token_keeps_one_case(offices: Offices) -> None:
    client = client_for(offices.county_clerk)
    first = post_petition(client, client_token="letter-2026-0001")
    again = post_petition(client, client_token="letter-2026-0001")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["number"] == first.json()["number"]
    assert again.json()["code"] == first.json()["code"]
    assert again.json()["created"] is False
    assert Case.objects.count() == Petition.objects.count() == 1
