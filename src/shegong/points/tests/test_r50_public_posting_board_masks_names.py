from __future__ import annotations

from decimal import Decimal

from django.test import Client
from django.urls import reverse

from shegong.conftest import VILLAGE, Cast
from shegong.points.actions import do_review_claim, do_submit_claim
from shegong.points.models import EarningRule, Household


def test_r50_the_board_shows_posted_claims_to_anyone_with_the_surname_only(
    client: Client, cast: Cast, household: Household, rule: EarningRule
) -> None:
    posted = do_submit_claim(
        household, actor=cast.village_cadre, rule=rule, quantity=Decimal(2), evidence="扶老人过马路"
    )
    do_review_claim(posted, actor=cast.village_cadre, approve=True)
    do_submit_claim(
        household, actor=cast.village_cadre, rule=rule, quantity=Decimal(9), evidence="待审核"
    )

    response = client.get(reverse("points_board", args=[VILLAGE]))

    assert response.status_code == 200
    assert "张**" in response.text
    assert "张三丰" not in response.text
    assert "20 分" in response.text
    assert "90 分" not in response.text
    assert "扶老人过马路" not in response.text
