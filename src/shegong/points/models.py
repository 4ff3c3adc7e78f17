"""积分超市 models: households, earning rules, claims, the double-entry ledger and goods (R50).

Balances are never stored: a household's balance is the sum of its ledger entries. Every
transfer is at least two entries that sum to zero across accounts, and entries are immutable.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shegong.lib.appendonly import AppendOnlyModel, AppendOnlyQuerySet, Refused


class Household(models.Model):
    """R50: one household (户) of a village; the holder of a points account."""

    region_code = models.CharField(_("村(社区)区划代码"), max_length=12, db_index=True)
    number = models.CharField(_("户号"), max_length=32)
    head_name = models.CharField(_("户主姓名"), max_length=50)
    members = models.PositiveSmallIntegerField(_("家庭人数"), default=1)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("关联账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="households",
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("农户")
        verbose_name_plural = _("农户")
        constraints = [
            models.UniqueConstraint(fields=["region_code", "number"], name="points_household_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.head_name}"

    @property
    def masked_head_name(self) -> str:
        """张*: the surname only, for the public posting board (R50 公示)."""
        name = self.head_name
        return name[:1] + "*" * max(len(name) - 1, 1)


class RuleKind(models.TextChoices):
    PER_HOUR = "per_hour", _("每志愿服务小时")
    PER_DEED = "per_deed", _("每件好人好事")
    PER_EVENT = "per_event", _("每次活动")


class EarningRule(models.Model):
    """R50: how many points the village grants for one unit of something."""

    region_code = models.CharField(_("村(社区)区划代码"), max_length=12, db_index=True)
    name = models.CharField(_("规则名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=16, choices=RuleKind.choices)
    points = models.PositiveIntegerField(_("每单位积分"))
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("积分规则")
        verbose_name_plural = _("积分规则")

    def __str__(self) -> str:
        return self.name


class ClaimStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待审核")
    REJECTED = "rejected", _("未通过")
    POSTED = "posted", _("公示中")
    CREDITED = "credited", _("已入账")


class Claim(models.Model):
    """R50: a request for points; credited only after review and an unobjected posting."""

    region_code = models.CharField(_("村(社区)区划代码"), max_length=12, db_index=True)
    household = models.ForeignKey(
        Household, verbose_name=_("农户"), on_delete=models.PROTECT, related_name="claims"
    )
    rule = models.ForeignKey(EarningRule, verbose_name=_("规则"), on_delete=models.PROTECT)
    quantity = models.DecimalField(_("数量"), max_digits=8, decimal_places=2)
    points = models.PositiveIntegerField(_("积分"))
    evidence = models.CharField(_("事由与凭证"), max_length=300)
    status = models.CharField(
        _("状态"), max_length=16, choices=ClaimStatus.choices, default=ClaimStatus.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申报人"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("申报时间"), auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    review_note = models.CharField(_("审核意见"), max_length=300, blank=True)
    posted_from = models.DateTimeField(_("公示开始"), null=True, blank=True)
    posted_until = models.DateTimeField(_("公示截止"), null=True, blank=True)
    objection = models.CharField(_("异议"), max_length=300, blank=True)
    service_record = models.OneToOneField(
        "volunteers.ServiceRecord",
        verbose_name=_("志愿服务记录"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="points_claim",
    )

    class Meta:
        verbose_name = _("积分申报")
        verbose_name_plural = _("积分申报")
        indexes = [models.Index(fields=["region_code", "status"])]

    def __str__(self) -> str:
        return f"{self.household} {self.rule} {self.points}"


class Good(models.Model):
    """R50: an item of the village store; points buy goods only, never cash."""

    region_code = models.CharField(_("村(社区)区划代码"), max_length=12, db_index=True)
    name = models.CharField(_("商品名称"), max_length=100)
    price = models.PositiveIntegerField(_("所需积分"))
    stock = models.PositiveIntegerField(_("库存"), default=0)
    active = models.BooleanField(_("上架"), default=True)

    class Meta:
        verbose_name = _("商品")
        verbose_name_plural = _("商品")
        constraints = [
            models.CheckConstraint(condition=models.Q(stock__gte=0), name="points_good_stock_gte0")
        ]

    def __str__(self) -> str:
        return self.name


class TransferKind(models.TextChoices):
    EARN = "earn", _("积分入账")
    REDEEM = "redeem", _("兑换商品")
    OPENING = "opening", _("期初余额")


class ImmutableError(Exception):
    """R50: ledger rows are never changed or removed once written."""


class LedgerModel(AppendOnlyModel):
    """R50: a ledger row, written once and never changed or removed."""

    class Meta:
        abstract = True

    @classmethod
    def refusal(cls, verb: Refused) -> Exception:
        return ImmutableError("账本记录不可修改" if verb == "change" else "账本记录不可删除")


class ImmutableQuerySet(AppendOnlyQuerySet[Any]):
    """Ledger rows are read and inserted only."""


class Transfer(LedgerModel):
    """R50: one booked movement of points; its entries sum to zero. Immutable."""

    region_code = models.CharField(_("村(社区)区划代码"), max_length=12, db_index=True)
    kind = models.CharField(_("类型"), max_length=16, choices=TransferKind.choices)
    booked_on = models.DateField(_("记账日期"), db_index=True)
    memo = models.CharField(_("摘要"), max_length=200)
    claim = models.OneToOneField(
        Claim, null=True, blank=True, on_delete=models.PROTECT, related_name="transfer"
    )
    good = models.ForeignKey(Good, null=True, blank=True, on_delete=models.PROTECT)
    quantity = models.PositiveIntegerField(_("数量"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("记账时间"), auto_now_add=True)

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        verbose_name = _("积分流水")
        verbose_name_plural = _("积分流水")
        constraints = [
            # R50: a redemption always names a good; there is no other way to spend points.
            models.CheckConstraint(
                condition=~models.Q(kind="redeem") | models.Q(good__isnull=False),
                name="points_redeem_needs_good",
            )
        ]

    def __str__(self) -> str:
        return f"{self.booked_on} {self.memo}"


class Account(models.TextChoices):
    HOUSEHOLD = "household", _("农户积分")
    ISSUED = "issued", _("村发放积分")
    REDEEMED = "redeemed", _("已兑换商品")


class LedgerEntry(LedgerModel):
    """R50: one leg of a transfer on one account. Immutable; balances are sums of these."""

    transfer = models.ForeignKey(
        Transfer, on_delete=models.PROTECT, related_name="entries", db_index=True
    )
    region_code = models.CharField(_("村(社区)区划代码"), max_length=12)
    account = models.CharField(_("账户"), max_length=16, choices=Account.choices)
    household = models.ForeignKey(
        Household, null=True, blank=True, on_delete=models.PROTECT, related_name="entries"
    )
    amount = models.IntegerField(_("积分(借正贷负)"))
    booked_on = models.DateField(_("记账日期"))

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        verbose_name = _("分录")
        verbose_name_plural = _("分录")
        indexes = [
            # Covering indexes: a balance (SUM of amount) is read from the index alone.
            models.Index(fields=["household", "booked_on", "amount"]),
            models.Index(fields=["region_code", "account", "household", "amount"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(account="household", household__isnull=False)
                | (~models.Q(account="household") & models.Q(household__isnull=True)),
                name="points_entry_household_account",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_account_display()} {self.amount:+d}"
