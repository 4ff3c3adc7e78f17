"""Registration records the matter's category (事项分类), which the R19 annual report counts as
its domains; an unknown or retired category is refused in Chinese and nothing is registered."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from shegong.cases.models import Case, Category
from shegong.conftest import Cast, login
from shegong.petitions.models import Petition
from shegong.petitions.tests.conftest import Offices
from shegong.petitions.tests.steps import client_for, post_petition, register, register_form


def test_the_clerk_chooses_a_category_on_the_form_and_the_case_page_shows_it(
    client: Client, cast: Cast, offices: Offices
) -> None:
    login(client, offices.county_clerk)
    wages = Category.objects.get(code="labour.wages")
    response = client.post(
        "/petitions/new/",
        register_form(category=str(wages.pk), request="督促施工单位支付拖欠工资"),
        follow=True,
    )

    page = response.content.decode()
    assert "已登记，编号 XF" in page
    assert 'data-testid="case-category">欠薪<' in page
    assert Case.objects.get(procedure="petitions").category.code == "labour.wages"  # type: ignore[union-attr]


def test_the_api_takes_a_category_code(cast: Cast, offices: Offices) -> None:
    response = post_petition(client_for(offices.county_clerk), category="urban.housing")

    assert response.status_code == 201
    case = Case.objects.get(number=response.json()["number"])
    assert case.category is not None
    assert case.category.name == "住房与物业"


def test_an_unknown_category_code_is_refused_and_nothing_is_registered(
    cast: Cast, offices: Offices
) -> None:
    response = post_petition(client_for(offices.county_clerk), category="no.such")

    assert response.status_code == 422
    assert "没有代码为“no.such”的事项分类" in response.content.decode()
    assert not Petition.objects.exists()


def test_a_retired_category_is_refused(cast: Cast, offices: Offices) -> None:
    retired = Category.objects.get(code="env.noise")
    retired.is_active = False
    retired.save(update_fields=["is_active"])

    with pytest.raises(ValidationError) as caught:
        register(offices.county_clerk, category=retired)

    assert "已停用" in str(caught.value.message_dict["category"])
    assert not Petition.objects.exists()


def test_without_a_category_the_matter_is_unclassified(cast: Cast, offices: Offices) -> None:
    assert register(offices.county_clerk).category is None
