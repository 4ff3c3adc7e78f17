"""R2: a petition record needs 姓名(名称), 住址, 请求, 事实 and 理由, and an oral petition keeps the
petitioner's own words; missing content is refused field by field and nothing is written."""

from __future__ import annotations

import pytest

from shegong.cases.models import Case
from shegong.petitions.models import Petition
from shegong.petitions.tests.conftest import Offices
from shegong.petitions.tests.steps import client_for, post_petition

WORDS = "我家车库一下雨就淹，车都泡坏了，找物业三次都说不归他们管，你们一定要管一管。"


def test_r02_it_lists_every_missing_item_in_chinese(offices: Offices) -> None:
    response = post_petition(
        client_for(offices.county_clerk), name="", address=" ", request="", facts="", reasons=""
    )
    assert response.status_code == 422
    fields = response.json()["fields"]
    assert set(fields) == {"name", "address", "request", "facts", "reasons"}
    assert fields["address"] == ["请填写住址"]
    assert not Case.objects.exists()


@pytest.mark.parametrize("missing", ["name", "address", "request", "facts", "reasons"])
def test_r02_each_item_is_required(offices: Offices, missing: str) -> None:
    response = post_petition(client_for(offices.county_clerk), **{missing: ""})
    assert response.status_code == 422
    assert list(response.json()["fields"]) == [missing]


def test_r02_an_oral_petition_needs_the_verbatim_record(offices: Offices) -> None:
    response = post_petition(client_for(offices.county_clerk), channel="visit", oral=True)
    assert response.status_code == 422
    assert "原话" in response.json()["fields"]["oral_record"][0]
    assert not Case.objects.exists()


def test_r02_the_oral_record_is_stored_as_spoken(offices: Offices) -> None:
    response = post_petition(
        client_for(offices.county_clerk), channel="hotline", oral=True, oral_record=WORDS
    )
    assert response.status_code == 201, response.content
    petition = Petition.objects.get(case__number=response.json()["number"])
    assert petition.oral is True
    assert petition.oral_record == WORDS


def test_r02_a_letter_cannot_be_an_oral_petition(offices: Offices) -> None:
    response = post_petition(
        client_for(offices.county_clerk), channel="letter", oral=True, oral_record=WORDS
    )
    assert response.status_code == 422
    assert "oral" in response.json()["fields"]
