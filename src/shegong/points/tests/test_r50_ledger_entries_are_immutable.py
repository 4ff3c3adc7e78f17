from __future__ import annotations

import pytest

from shegong.conftest import Cast
from shegong.points.models import EarningRule, Household, ImmutableError, LedgerEntry, Transfer
from shegong.points.queries import balance_of
from shegong.points.tests.conftest import credit


def test_r50_a_ledger_entry_cannot_be_changed_or_deleted(
    cast: Cast, household: Household, rule: EarningRule
) -> None:
    credit(cast, household, rule, deeds=1)
    entry = LedgerEntry.objects.get(household=household)
    entry.amount = 1000
    with pytest.raises(ImmutableError):
        entry.save()
    with pytest.raises(ImmutableError):
        entry.delete()
    with pytest.raises(ImmutableError):
        LedgerEntry.objects.filter(household=household).update(amount=1000)
    with pytest.raises(ImmutableError):
        LedgerEntry.objects.all().delete()
    with pytest.raises(ImmutableError):
        Transfer.objects.all().delete()
    assert balance_of(household) == 10


def test_every_transfer_has_two_legs_that_cancel_out(
    cast: Cast, household: Household, rule: EarningRule
) -> None:
    credit(cast, household, rule, deeds=3)
    transfer = Transfer.objects.get()
    assert sorted(e.amount for e in transfer.entries.all()) == [-30, 30]
