from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from shegong.conftest import Cast
from shegong.points import actions
from shegong.points.actions import PointsError, do_redeem
from shegong.points.models import Account, EarningRule, Good, Household, Transfer, TransferKind
from shegong.points.queries import balance_of
from shegong.points.tests.conftest import assert_balanced, credit


def test_r50_points_buy_a_good_and_leave_the_household_account(
    cast: Cast, household: Household, rule: EarningRule, good: Good
) -> None:
    credit(cast, household, rule, deeds=5)
    redemption = do_redeem(household, actor=cast.village_cadre, good=good, quantity=1)
    assert_balanced()
    assert redemption.balance == 20
    assert balance_of(household) == 20
    good.refresh_from_db()
    assert good.stock == 4
    assert redemption.transfer.good == good


def test_r50_nothing_but_a_good_can_be_redeemed(
    cast: Cast, household: Household, rule: EarningRule
) -> None:
    credit(cast, household, rule, deeds=5)
    cash: Any = {"name": "现金", "price": 10}
    with pytest.raises(PointsError) as refused:
        do_redeem(household, actor=cast.village_cadre, good=cash)
    assert refused.value.code == "goods_only"
    assert balance_of(household) == 50
    assert_balanced()


def test_r50_the_database_refuses_a_redemption_without_a_good(cast: Cast) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Transfer.objects.create(
            region_code="445202001001",
            kind=TransferKind.REDEEM,
            booked_on=timezone.localdate(),
            memo="兑现金",
        )


def test_r50_there_is_no_cash_account_and_no_cash_action() -> None:
    assert {a.value for a in Account} == {"household", "issued", "redeemed"}
    names = [name for name in dir(actions) if name.startswith("do_")]
    assert not [name for name in names if "cash" in name or "withdraw" in name]


def test_a_redemption_beyond_the_balance_is_refused(
    cast: Cast, household: Household, rule: EarningRule, good: Good
) -> None:
    credit(cast, household, rule, deeds=2)
    with pytest.raises(PointsError) as refused:
        do_redeem(household, actor=cast.village_cadre, good=good)
    assert refused.value.code == "balance"
    assert "积分不足" in refused.value.message
    assert balance_of(household) == 20
    assert_balanced()


def test_a_redemption_beyond_the_stock_is_refused(
    cast: Cast, household: Household, rule: EarningRule, good: Good
) -> None:
    credit(cast, household, rule, deeds=30)
    with pytest.raises(PointsError) as refused:
        do_redeem(household, actor=cast.village_cadre, good=good, quantity=6)
    assert refused.value.code == "stock"
    good.refresh_from_db()
    assert good.stock == 5
    assert balance_of(household) == 300
