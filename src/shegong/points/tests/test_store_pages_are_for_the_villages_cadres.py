from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from shegong.conftest import VILLAGE, Cast, login
from shegong.points.actions import PointsError, do_create_household, do_submit_claim
from shegong.points.models import Claim, ClaimStatus, EarningRule, Good, Household
from shegong.points.queries import balance_of
from shegong.points.tests.conftest import assert_balanced, credit

PAGES = [
    "points_households",
    "points_rules",
    "points_claims",
    "points_goods",
    "points_statement",
    "points_import",
]


@pytest.mark.parametrize("name", PAGES)
def test_an_outsider_gets_404_on_every_village_page(
    client: Client, cast: Cast, household: Household, name: str
) -> None:
    response = login(client, cast.outsider).get(reverse(name, args=[VILLAGE]))
    assert response.status_code == 404


@pytest.mark.parametrize("name", PAGES)
def test_the_village_cadre_sees_every_page(client: Client, cast: Cast, name: str) -> None:
    response = login(client, cast.village_cadre).get(reverse(name, args=[VILLAGE]))
    assert response.status_code == 200


def test_the_household_list_shows_balances_in_few_queries(
    client: Client,
    cast: Cast,
    household: Household,
    rule: EarningRule,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    credit(cast, household, rule, deeds=3)
    for n in range(2, 12):
        do_create_household(
            actor=cast.village_cadre, region_code=VILLAGE, number=f"{n:03d}", head_name="李四"
        )
    login(client, cast.village_cadre)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("points_households", args=[VILLAGE]))
    assert "张三丰" in response.text
    assert ">30<" in response.text


def test_the_cadre_reviews_a_claim_on_the_claims_page(
    client: Client, cast: Cast, household: Household, rule: EarningRule
) -> None:
    claim = do_submit_claim(
        household, actor=cast.village_cadre, rule=rule, quantity=Decimal(1), evidence="扶老人"
    )
    login(client, cast.village_cadre)
    url = reverse("points_claim_action", args=[claim.pk, "approve"])
    client.post(url, {"note": "属实"})
    assert Claim.objects.get().status == ClaimStatus.POSTED
    early = client.post(reverse("points_claim_action", args=[claim.pk, "credit"]), follow=True)
    assert "公示期尚未结束" in early.text
    assert balance_of(household) == 0
    assert_balanced()


def test_the_cadre_redeems_a_good_for_a_household(
    client: Client, cast: Cast, household: Household, rule: EarningRule, good: Good
) -> None:
    credit(cast, household, rule, deeds=4)
    login(client, cast.village_cadre)
    data = {"household": household.pk, "good": good.pk, "quantity": 1}
    response = client.post(reverse("points_redeem", args=[VILLAGE]), data, follow=True)
    assert "兑换成功" in response.text
    assert balance_of(household) == 10
    again = client.post(reverse("points_redeem", args=[VILLAGE]), data, follow=True)
    assert "积分不足" in again.text
    assert_balanced()


def test_the_statement_downloads_as_xlsx(
    client: Client, cast: Cast, household: Household, rule: EarningRule
) -> None:
    credit(cast, household, rule, deeds=2)
    login(client, cast.village_cadre)
    response = client.get(reverse("points_statement", args=[VILLAGE]), {"format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    assert response.content[:2] == b"PK"


def test_the_menu_offers_the_store_to_village_cadres(client: Client, cast: Cast) -> None:
    response = login(client, cast.village_cadre).get(reverse("points_home"))
    assert "积分超市" in response.text
    assert VILLAGE in response.text


@pytest.mark.parametrize("name", PAGES)
def test_every_list_page_stays_within_a_query_budget(
    client: Client,
    cast: Cast,
    household: Household,
    rule: EarningRule,
    good: Good,
    name: str,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    for n in range(3):
        credit(cast, household, rule, deeds=n + 1)
        do_submit_claim(
            household, actor=cast.village_cadre, rule=rule, quantity=Decimal(1), evidence="待审"
        )
    login(client, cast.village_cadre)
    with django_assert_max_num_queries(15):
        response = client.get(reverse(name, args=[VILLAGE]))
    assert response.status_code == 200


def test_a_household_must_belong_to_a_village(cast: Cast) -> None:
    with pytest.raises(PointsError) as refused:
        do_create_household(
            actor=cast.staff, region_code="445202001000", number="1", head_name="张三"
        )
    assert refused.value.code == "region"
