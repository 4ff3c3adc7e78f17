"""Every change to the points store: households, rules, claims, credit, goods, redemption (R50).

Each `do_*` checks who may act, owns its transaction and writes the audit row. Refusals are
`PointsError(code, message)`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from shegong.accounts.models import RoleCode, User
from shegong.accounts.queries import in_scope
from shegong.audit.actions import record
from shegong.lib import regioncodes
from shegong.points.models import (
    Account,
    Claim,
    ClaimStatus,
    EarningRule,
    Good,
    Household,
    LedgerEntry,
    RuleKind,
    Transfer,
    TransferKind,
)
from shegong.points.queries import balance_of

POSTING_DAYS = 5
MANAGER_ROLES = frozenset({RoleCode.ADMIN, RoleCode.SOCIAL_WORK_STAFF, RoleCode.VILLAGE_CADRE})


class PointsError(Exception):
    """A refused action: `code` is a stable machine code, `message` is shown as it is."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def may_manage(actor: User | None, region_code: str) -> bool:
    """Cadres, social-work staff and admins of a scope holding the village; None is the system."""
    if actor is None:
        return True
    if not in_scope(actor, region_code):
        return False
    return actor.is_superuser or bool(actor.role_codes() & MANAGER_ROLES)


def require_manager(actor: User | None, region_code: str) -> None:
    if not may_manage(actor, region_code):
        raise PointsError("forbidden", "您无权管理该村(社区)的积分超市")


# -- households, rules, goods --------------------------------------------------------------------


def do_create_household(
    *,
    actor: User | None,
    region_code: str,
    number: str,
    head_name: str,
    members: int = 1,
    user: User | None = None,
) -> Household:
    """R50: register a household of a village (the holder of a points account)."""
    code = regioncodes.normalize(region_code)
    require_manager(actor, code)
    if regioncodes.level_of(code) != regioncodes.Level.VILLAGE:
        raise PointsError("region", "农户必须登记在村(社区)一级")
    with transaction.atomic():
        if Household.objects.filter(region_code=code, number=number).exists():
            raise PointsError("duplicate", f"户号 {number} 已存在")
        household = Household.objects.create(
            region_code=code, number=number, head_name=head_name, members=members, user=user
        )
        record(actor=actor, verb="points.household.create", obj=household)
    return household


def do_create_rule(
    *, actor: User | None, region_code: str, name: str, kind: RuleKind, points: int
) -> EarningRule:
    """R50: the village sets how points are earned."""
    code = regioncodes.normalize(region_code)
    require_manager(actor, code)
    if points <= 0:
        raise PointsError("points", "每单位积分必须大于 0")
    with transaction.atomic():
        rule = EarningRule.objects.create(region_code=code, name=name, kind=kind, points=points)
        record(actor=actor, verb="points.rule.create", obj=rule, payload={"points": points})
    return rule


def do_create_good(
    *, actor: User | None, region_code: str, name: str, price: int, stock: int
) -> Good:
    """R50: a good of the village store; the only thing points can buy."""
    code = regioncodes.normalize(region_code)
    require_manager(actor, code)
    if price <= 0 or stock < 0:
        raise PointsError("price", "所需积分必须大于 0，库存不能为负数")
    with transaction.atomic():
        good = Good.objects.create(region_code=code, name=name, price=price, stock=stock)
        record(actor=actor, verb="points.good.create", obj=good)
    return good


def do_restock_good(good: Good, *, actor: User | None, quantity: int) -> Good:
    """Add stock to a good."""
    require_manager(actor, good.region_code)
    if quantity <= 0:
        raise PointsError("quantity", "补货数量必须大于 0")
    with transaction.atomic():
        Good.objects.filter(pk=good.pk).update(stock=F("stock") + quantity)
        record(actor=actor, verb="points.good.restock", obj=good, payload={"quantity": quantity})
    good.refresh_from_db()
    return good


# -- claims --------------------------------------------------------------------------------------


def points_for(rule: EarningRule, quantity: Decimal) -> int:
    """Points for a quantity of a rule's unit, rounded half up to whole points."""
    return int((rule.points * quantity).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def do_submit_claim(
    household: Household,
    *,
    actor: User | None,
    rule: EarningRule,
    quantity: Decimal,
    evidence: str,
    service_record: Any = None,
) -> Claim:
    """R50: a claim waits for review; nothing is credited yet."""
    require_manager(actor, household.region_code)
    if rule.region_code != household.region_code or not rule.active:
        raise PointsError("rule", "该积分规则不适用于本村(社区)或已停用")
    if quantity <= 0 or points_for(rule, quantity) <= 0:
        raise PointsError("quantity", "数量必须大于 0")
    with transaction.atomic():
        claim = Claim.objects.create(
            region_code=household.region_code,
            household=household,
            rule=rule,
            quantity=quantity,
            points=points_for(rule, quantity),
            evidence=evidence,
            submitted_by=actor,
            service_record=service_record,
        )
        record(actor=actor, verb="points.claim.submit", obj=claim, payload={"points": claim.points})
    return claim


def _locked_claim(claim: Claim, *expected: ClaimStatus) -> Claim:
    locked = Claim.objects.select_for_update().get(pk=claim.pk)
    if locked.status not in expected:
        raise PointsError("status", f"该申报当前为“{locked.get_status_display()}”，不能进行此操作")
    return locked


def do_review_claim(
    claim: Claim, *, actor: User | None, approve: bool, note: str = "", days: int = POSTING_DAYS
) -> Claim:
    """R50: an approved claim goes on the public board for `days` days; a rejected one ends."""
    require_manager(actor, claim.region_code)
    with transaction.atomic():
        claim = _locked_claim(claim, ClaimStatus.SUBMITTED)
        now = timezone.now()
        claim.reviewed_by, claim.review_note = actor, note
        if approve:
            claim.status = ClaimStatus.POSTED
            claim.posted_from, claim.posted_until = now, now + dt.timedelta(days=days)
        else:
            claim.status = ClaimStatus.REJECTED
        claim.save()
        record(actor=actor, verb=f"points.claim.{'post' if approve else 'reject'}", obj=claim)
    return claim


def do_object_to_claim(claim: Claim, *, actor: User | None, objection: str) -> Claim:
    """R50: an objection during the posting sends the claim back to review."""
    if not objection.strip():
        raise PointsError("objection", "请填写异议内容")
    with transaction.atomic():
        claim = _locked_claim(claim, ClaimStatus.POSTED)
        if claim.posted_until is not None and timezone.now() >= claim.posted_until:
            raise PointsError("closed", "公示期已结束，不能再提出异议")
        claim.status, claim.objection = ClaimStatus.SUBMITTED, objection.strip()[:300]
        claim.posted_from = claim.posted_until = None
        claim.save()
        record(actor=actor, verb="points.claim.object", obj=claim, payload={"text": objection})
    return claim


def book_transfer(
    *,
    region_code: str,
    kind: TransferKind,
    memo: str,
    legs: list[tuple[Account, Household | None, int]],
    actor: User | None,
    booked_on: dt.date | None = None,
    claim: Claim | None = None,
    good: Good | None = None,
    quantity: int = 0,
) -> Transfer:
    """R50: write one transfer of two or more legs that sum to zero."""
    if len(legs) < 2 or sum(amount for _, _, amount in legs) != 0:
        raise ValueError("a transfer needs two or more legs summing to zero")
    day = booked_on or timezone.localdate()
    transfer = Transfer.objects.create(
        region_code=region_code,
        kind=kind,
        booked_on=day,
        memo=memo[:200],
        claim=claim,
        good=good,
        quantity=quantity,
        created_by=actor,
    )
    LedgerEntry.objects.bulk_create(
        LedgerEntry(
            transfer=transfer,
            region_code=region_code,
            account=account,
            household=household,
            amount=amount,
            booked_on=day,
        )
        for account, household, amount in legs
    )
    return transfer


def do_credit_claim(claim: Claim, *, actor: User | None) -> Transfer:
    """R50: credit only a reviewed claim whose posting has ended without objection."""
    require_manager(actor, claim.region_code)
    with transaction.atomic():
        claim = _locked_claim(claim, ClaimStatus.POSTED)
        if claim.posted_until is None or timezone.now() < claim.posted_until:
            raise PointsError("posting", "公示期尚未结束，暂不能入账")
        claim.status = ClaimStatus.CREDITED
        claim.save()
        transfer = book_transfer(
            region_code=claim.region_code,
            kind=TransferKind.EARN,
            memo=f"{claim.rule.name}：{claim.evidence}",
            legs=[
                (Account.HOUSEHOLD, claim.household, claim.points),
                (Account.ISSUED, None, -claim.points),
            ],
            actor=actor,
            claim=claim,
        )
        record(actor=actor, verb="points.claim.credit", obj=claim, payload={"points": claim.points})
    return transfer


def do_credit_due_claims(region_code: str, *, actor: User | None) -> int:
    """R50: credit every claim of a village whose posting period has ended; returns how many."""
    due = Claim.objects.filter(
        region_code=region_code, status=ClaimStatus.POSTED, posted_until__lte=timezone.now()
    )
    count = 0
    for claim in due.select_related("rule", "household"):
        do_credit_claim(claim, actor=actor)
        count += 1
    return count


def do_claims_from_service(
    rule: EarningRule, *, actor: User | None, since: dt.datetime | None = None
) -> list[Claim]:
    """R50 with R38: one claim per confirmed service record of a household member, per hour.

    Households are matched by their linked account; records already claimed are skipped.
    """
    require_manager(actor, rule.region_code)
    if rule.kind != RuleKind.PER_HOUR:
        raise PointsError("rule", "只有“每志愿服务小时”规则可以从志愿服务时长生成申报")
    try:
        from shegong.volunteers.models import ServiceRecord
    except ImportError:  # the volunteers app is optional for the store
        return []
    households = {
        h.user_id: h
        for h in Household.objects.filter(region_code=rule.region_code, user__isnull=False)
    }
    records = ServiceRecord.objects.filter(
        status="confirmed", volunteer__user_id__in=list(households), points_claim__isnull=True
    ).select_related("volunteer")
    if since is not None:
        records = records.filter(confirmed_at__gte=since)
    claims = []
    for service in records:
        claim = do_submit_claim(
            households[service.volunteer.user_id],
            actor=actor,
            rule=rule,
            quantity=service.hours,
            evidence=f"志愿服务：{service.content}（{service.service_date}）",
            service_record=service,
        )
        claims.append(claim)
    return claims


# -- redemption ----------------------------------------------------------------------------------


def _lock_household(household: Household) -> Household:
    """The row lock that serialises spending of one household (PostgreSQL FOR UPDATE; SQLite
    write transactions begin IMMEDIATE and so are serial already)."""
    return Household.objects.select_for_update().get(pk=household.pk)


@dataclass(frozen=True)
class Redemption:
    transfer: Transfer
    balance: int


def do_redeem(
    household: Household, *, actor: User | None, good: Good, quantity: int = 1
) -> Redemption:
    """R50: spend points on a good of the same village — goods only, never cash; the balance
    never goes below zero and stock never below zero."""
    require_manager(actor, household.region_code)
    if not isinstance(good, Good):
        raise PointsError("goods_only", "积分只能兑换商品，不能兑换现金")
    if good.region_code != household.region_code or quantity <= 0:
        raise PointsError("good", "该商品不属于本村(社区)积分超市，或数量无效")
    with transaction.atomic():
        household = _lock_household(household)
        good = Good.objects.select_for_update().get(pk=good.pk)
        cost = good.price * quantity
        balance = balance_of(household)
        _check_redeemable(good, quantity, cost, balance)
        Good.objects.filter(pk=good.pk).update(stock=F("stock") - quantity)
        transfer = book_transfer(
            region_code=household.region_code,
            kind=TransferKind.REDEEM,
            memo=f"兑换 {good.name} × {quantity}",
            legs=[(Account.HOUSEHOLD, household, -cost), (Account.REDEEMED, None, cost)],
            actor=actor,
            good=good,
            quantity=quantity,
        )
        record(actor=actor, verb="points.redeem", obj=transfer, payload={"points": cost})
    return Redemption(transfer=transfer, balance=balance - cost)


def _check_redeemable(good: Good, quantity: int, cost: int, balance: int) -> None:
    if not good.active:
        raise PointsError("inactive", "该商品已下架")
    if good.stock < quantity:
        raise PointsError("stock", f"库存不足（剩余 {good.stock}）")
    if balance < cost:
        raise PointsError("balance", f"积分不足：需要 {cost}，当前余额 {balance}")
