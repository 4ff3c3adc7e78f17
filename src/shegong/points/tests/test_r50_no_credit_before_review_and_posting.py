from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from shegong.conftest import Cast
from shegong.points.actions import (
    PointsError,
    do_credit_claim,
    do_credit_due_claims,
    do_object_to_claim,
    do_review_claim,
    do_submit_claim,
)
from shegong.points.models import ClaimStatus, EarningRule, Household
from shegong.points.queries import balance_of
from shegong.points.tests.conftest import assert_balanced


def test_r50_a_submitted_claim_is_not_credited_before_review(
    cast: Cast, household: Household, rule: EarningRule
) -> None:
    claim = do_submit_claim(
        household, actor=cast.village_cadre, rule=rule, quantity=Decimal(2), evidence="打扫村道"
    )
    assert_balanced()
    with pytest.raises(PointsError) as refused:
        do_credit_claim(claim, actor=cast.village_cadre)
    assert refused.value.code == "status"
    assert balance_of(household) == 0
    assert_balanced()


def test_r50_an_approved_claim_is_credited_only_after_the_posting_ends(
    cast: Cast, household: Household, rule: EarningRule
) -> None:
    claim = do_submit_claim(
        household, actor=cast.village_cadre, rule=rule, quantity=Decimal(2), evidence="打扫村道"
    )
    claim = do_review_claim(claim, actor=cast.village_cadre, approve=True)
    assert claim.status == ClaimStatus.POSTED
    assert claim.posted_until is not None
    assert claim.posted_from is not None
    assert claim.posted_until - claim.posted_from == dt.timedelta(days=5)
    with pytest.raises(PointsError) as refused:
        do_credit_claim(claim, actor=cast.village_cadre)
    assert refused.value.code == "posting"
    assert do_credit_due_claims(household.region_code, actor=cast.village_cadre) == 0
    assert balance_of(household) == 0
    with time_machine.travel(claim.posted_until + dt.timedelta(seconds=1), tick=False):
        assert do_credit_due_claims(household.region_code, actor=cast.village_cadre) == 1
    assert_balanced()
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.CREDITED
    assert balance_of(household) == 20


def test_r50_an_objection_during_posting_sends_the_claim_back_to_review(
    cast: Cast, household: Household, rule: EarningRule
) -> None:
    claim = do_submit_claim(
        household, actor=cast.village_cadre, rule=rule, quantity=Decimal(1), evidence="调解纠纷"
    )
    claim = do_review_claim(claim, actor=cast.village_cadre, approve=True)
    claim = do_object_to_claim(claim, actor=None, objection="当天不在村里")
    assert claim.status == ClaimStatus.SUBMITTED
    assert claim.objection == "当天不在村里"
    assert claim.posted_until is None
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=30), tick=False):
        assert do_credit_due_claims(household.region_code, actor=cast.village_cadre) == 0
    assert balance_of(household) == 0
    assert_balanced()


def test_r50_a_rejected_claim_is_never_credited(
    cast: Cast, household: Household, rule: EarningRule
) -> None:
    claim = do_submit_claim(
        household, actor=cast.village_cadre, rule=rule, quantity=Decimal(1), evidence="无凭证"
    )
    claim = do_review_claim(claim, actor=cast.village_cadre, approve=False, note="缺少凭证")
    assert claim.status == ClaimStatus.REJECTED
    with pytest.raises(PointsError):
        do_credit_claim(claim, actor=cast.village_cadre)
    assert balance_of(household) == 0
    assert_balanced()


def test_an_outsider_cannot_review_a_claim(
    cast: Cast, household: Household, rule: EarningRule
) -> None:
    claim = do_submit_claim(
        household, actor=cast.village_cadre, rule=rule, quantity=Decimal(1), evidence="扶老人"
    )
    with pytest.raises(PointsError) as refused:
        do_review_claim(claim, actor=cast.outsider, approve=True)
    assert refused.value.code == "forbidden"
