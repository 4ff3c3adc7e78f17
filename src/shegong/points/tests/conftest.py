"""Fixtures of the points store: one village household, a rule, a good, and the ledger check."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

import pytest
import time_machine
from django.db.models import Sum

from shegong.conftest import VILLAGE, Cast
from shegong.points.actions import (
    do_create_good,
    do_create_household,
    do_create_rule,
    do_credit_claim,
    do_review_claim,
    do_submit_claim,
)
from shegong.points.models import EarningRule, Good, Household, RuleKind, Transfer
from shegong.points.queries import ledger_total


def assert_balanced() -> None:
    """Double entry: all entries sum to zero, and so does every single transfer (R50)."""
    assert ledger_total() == 0
    lopsided = Transfer.objects.annotate(total=Sum("entries__amount")).exclude(total=0)
    assert not lopsided.exists()
    assert all(t.entries.count() >= 2 for t in Transfer.objects.all())


@pytest.fixture(autouse=True)
def _ledger_balanced_after_test(request: pytest.FixtureRequest) -> Iterator[None]:
    names = set(request.fixturenames)
    kind = next((n for n in ("transactional_db", "db") if n in names), None)
    if kind is not None:
        request.getfixturevalue(kind)  # set up before, torn down after this check
    yield
    if kind is not None:
        assert_balanced()


@pytest.fixture
def household(cast: Cast) -> Household:
    return do_create_household(
        actor=cast.village_cadre, region_code=VILLAGE, number="001", head_name="张三丰", members=4
    )


@pytest.fixture
def rule(cast: Cast) -> EarningRule:
    return do_create_rule(
        actor=cast.village_cadre,
        region_code=VILLAGE,
        name="好人好事",
        kind=RuleKind.PER_DEED,
        points=10,
    )


@pytest.fixture
def good(cast: Cast) -> Good:
    return do_create_good(
        actor=cast.village_cadre, region_code=VILLAGE, name="食用油 5L", price=30, stock=5
    )


def credit(cast: Cast, household: Household, rule: EarningRule, deeds: int) -> None:
    """Submit, approve and — once the posting period is over — credit a claim."""
    claim = do_submit_claim(
        household, actor=cast.village_cadre, rule=rule, quantity=Decimal(deeds), evidence="扶老人"
    )
    assert_balanced()
    claim = do_review_claim(claim, actor=cast.village_cadre, approve=True)
    assert_balanced()
    assert claim.posted_until is not None
    with time_machine.travel(claim.posted_until + dt.timedelta(minutes=1), tick=False):
        do_credit_claim(claim, actor=cast.village_cadre)
    assert_balanced()
