"""Reads of the points store: balances (always derived by SUM, R50), statements, the board.

`access_*` lookups answer 404 outside the actor's region scope.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone

from shegong.accounts.models import User
from shegong.accounts.queries import scoped
from shegong.points.models import (
    Account,
    Claim,
    ClaimStatus,
    EarningRule,
    Good,
    Household,
    LedgerEntry,
)


def balance_of(household: Household, *, until: dt.date | None = None) -> int:
    """R50: the balance is the sum of the household's entries; it carries over months."""
    # Only household-account entries name a household (a check constraint), so no account filter.
    entries = LedgerEntry.objects.filter(household=household)
    if until is not None:
        entries = entries.filter(booked_on__lte=until)
    return int(entries.aggregate(total=Sum("amount"))["total"] or 0)


def village_balances(region_code: str) -> dict[int, int]:
    """Every household's balance in a village, by household id, in one grouped query."""
    rows = (
        LedgerEntry.objects.filter(region_code=region_code, account=Account.HOUSEHOLD)
        .values("household_id")
        .annotate(total=Sum("amount"))
        .values_list("household_id", "total")
    )
    return {household_id: int(total) for household_id, total in rows}


def ledger_total(region_code: str | None = None) -> int:
    """The sum of all entries (of one village, or everywhere); double entry keeps it at 0."""
    entries = LedgerEntry.objects.all()
    if region_code is not None:
        entries = entries.filter(region_code=region_code)
    return int(entries.aggregate(total=Sum("amount"))["total"] or 0)


# -- scope ---------------------------------------------------------------------------------------


def households_for(actor: User) -> QuerySet[Household]:
    return scoped(Household.objects.all(), actor).order_by("region_code", "number")


def access_household(actor: User, household_id: int) -> Household:
    return get_object_or_404(households_for(actor), pk=household_id)


def rules_for(actor: User) -> QuerySet[EarningRule]:
    return scoped(EarningRule.objects.all(), actor).order_by("region_code", "name")


def claims_for(actor: User) -> QuerySet[Claim]:
    claims = Claim.objects.select_related("household", "rule")
    return scoped(claims, actor).order_by("-submitted_at")


def access_claim(actor: User, claim_id: int) -> Claim:
    return get_object_or_404(claims_for(actor), pk=claim_id)


def goods_for(actor: User) -> QuerySet[Good]:
    return scoped(Good.objects.all(), actor).order_by("region_code", "name")


def access_good(actor: User, good_id: int) -> Good:
    return get_object_or_404(goods_for(actor), pk=good_id)


def posting_board(region_code: str) -> QuerySet[Claim]:
    """R50 公示栏: claims of a village being posted now, newest first."""
    now = timezone.now()
    return (
        Claim.objects.filter(
            region_code=region_code, status=ClaimStatus.POSTED, posted_until__gt=now
        )
        .select_related("household", "rule")
        .order_by("-posted_from")
    )


# -- statements ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatementLine:
    household: Household
    opening: int
    earned: int
    redeemed: int

    @property
    def closing(self) -> int:
        return self.opening + self.earned - self.redeemed


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    first = dt.date(year, month, 1)
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return first, following


def monthly_statement(region_code: str, year: int, month: int) -> list[StatementLine]:
    """R50: per household — opening, earned, redeemed and closing points of one month.

    One grouped query: the opening is everything booked before the month, so balances carry
    over from month to month.
    """
    first, following = month_bounds(year, month)
    in_month = Q(entries__booked_on__gte=first, entries__booked_on__lt=following)
    household_leg = Q(entries__account=Account.HOUSEHOLD)
    rows = (
        Household.objects.filter(region_code=region_code)
        .annotate(
            opening=Sum("entries__amount", filter=household_leg & Q(entries__booked_on__lt=first)),
            earned=Sum(
                "entries__amount", filter=household_leg & in_month & Q(entries__amount__gt=0)
            ),
            spent=Sum(
                "entries__amount", filter=household_leg & in_month & Q(entries__amount__lt=0)
            ),
        )
        .order_by("number")
    )
    return [
        StatementLine(
            household=row,
            opening=int(row.opening or 0),
            earned=int(row.earned or 0),
            redeemed=-int(row.spent or 0),
        )
        for row in rows
    ]
