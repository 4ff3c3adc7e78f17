"""接诉即办 reference data: urgency tiers (R25), the dispatch catalogue (R24), community duty
lists (R31), dispatch objections (R27) and Open311 keys."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shegong.accounts.models import OrgUnit
from shegong.cases.models import Assignment, Case, Category, Channel
from shegong.cases.models import Rating as Rating  # the engine's scale, kept under its old name


class AppealStatus(models.TextChoices):
    RECEIVED = "received", _("待派单")
    DISPATCHED = "dispatched", _("待签收")
    OBJECTED = "objected", _("退单审核中")
    PROCESSING = "processing", _("办理中")
    REPLIED = "replied", _("已答复待回访")
    CLOSED = "closed", _("已办结")
    DIVERTED = "diverted", _("已分流告知")
    MERGED = "merged", _("已合并")


class AppealType(models.TextChoices):
    """R22: the five types of a work order."""

    CONSULT = "consult", _("咨询")
    HELP = "help", _("求助")
    COMPLAINT = "complaint", _("投诉")
    REPORT = "report", _("举报")
    SUGGEST = "suggest", _("建议")


class TriageOutcome(models.TextChoices):
    """R23: what the centre may do with an appeal instead of dispatching it."""

    EMERGENCY = "emergency", _("转紧急热线(110/119/120等)")
    LEGAL_CHANNEL = "legal_channel", _("告知通过诉讼、仲裁、行政复议等法定途径解决")
    PETITION = "petition", _("已进入信访程序，转信访渠道")
    DUPLICATE = "duplicate", _("重复诉求，告知办理进展")
    CONFIDENTIAL = "confidential", _("涉及国家秘密等，做好解释")
    MARKET = "market", _("引导通过市场或社会渠道解决")
    DISSUADE = "dissuade", _("违法或不合理诉求，予以劝导")
    SUGGESTION = "suggestion", _("转人民建议征集")


class DurationUnit(models.TextChoices):
    HOURS = "hours", _("小时")
    DAYS = "days", _("自然日")
    WORKDAYS = "workdays", _("工作日")


class UrgencyTier(models.Model):
    """R25: an urgency tier with its dispatch, response and feedback limits (configurable)."""

    code = models.CharField(_("代码"), max_length=16, unique=True)
    name = models.CharField(_("名称"), max_length=20)
    dispatch_hours = models.PositiveIntegerField(_("派单时限(小时)"))
    response_hours = models.PositiveIntegerField(_("签收响应时限(小时)"))
    feedback_amount = models.PositiveIntegerField(_("办理反馈时限"))
    feedback_unit = models.CharField(_("反馈时限单位"), max_length=16, choices=DurationUnit.choices)
    sort = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("紧急程度与时限")
        verbose_name_plural = _("紧急程度与时限")
        ordering = ["sort"]

    def __str__(self) -> str:
        return str(self.name)

    @property
    def feedback_label(self) -> str:
        return f"{self.feedback_amount}{self.get_feedback_unit_display()}"


class DispatchRule(models.Model):
    """派单目录: which unit handles a category in a region (its whole subtree). The rule of the
    most specific region wins; with none, the district government takes the order (R24)."""

    category = models.ForeignKey(Category, verbose_name=_("事项分类"), on_delete=models.CASCADE)
    region_code = models.CharField(_("适用区划代码"), max_length=12)
    unit = models.ForeignKey(OrgUnit, verbose_name=_("承办单位"), on_delete=models.PROTECT)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("派单目录")
        verbose_name_plural = _("派单目录")
        constraints = [
            models.UniqueConstraint(fields=["category", "region_code"], name="one_rule_per_region")
        ]

    def __str__(self) -> str:
        return f"{self.category} → {self.unit}"


class DutyKind(models.TextChoices):
    MAIN = "main", _("主责事项")
    ASSIST = "assist", _("协助事项")


class DutyItem(models.Model):
    """R31: an item on the 职责清单 of the villages and communities of a region."""

    region_code = models.CharField(_("适用区划代码"), max_length=12, db_index=True)
    category = models.ForeignKey(Category, verbose_name=_("事项分类"), on_delete=models.CASCADE)
    kind = models.CharField(_("类别"), max_length=16, choices=DutyKind.choices)

    class Meta:
        verbose_name = _("村(社区)职责清单事项")
        verbose_name_plural = _("村(社区)职责清单事项")
        constraints = [
            models.UniqueConstraint(fields=["region_code", "category"], name="one_duty_per_region")
        ]

    def __str__(self) -> str:
        return f"{self.category}（{self.get_kind_display()}）"


class Objection(models.Model):
    """R27: a dispatch objection (退单申请), reviewed by the dispatcher; never a unilateral
    return."""

    case = models.ForeignKey(Case, verbose_name=_("工单"), on_delete=models.PROTECT)
    assignment = models.ForeignKey(Assignment, verbose_name=_("派发"), on_delete=models.PROTECT)
    region_code = models.CharField(_("区划代码"), max_length=12)
    reason = models.TextField(_("异议理由"))
    from_status = models.CharField(_("提出时状态"), max_length=32)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提出人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    filed_at = models.DateTimeField(_("提出时间"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    upheld = models.BooleanField(_("异议成立"), null=True, blank=True)
    decision_note = models.TextField(_("审核意见"), blank=True)

    class Meta:
        verbose_name = _("派单异议")
        verbose_name_plural = _("派单异议")

    def __str__(self) -> str:
        return f"{self.case} 异议"


# ---------------------------------------------------------------- "民呼我为" QR code points


class QrPointKind(models.TextChoices):
    STATION = "station", _("驿站")
    COMMUNITY = "community", _("社区")
    UNIT = "unit", _("单位")
    OTHER = "other", _("其他")


QR_SLUG_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"  # no l/1/o/0: typed by hand at times
QR_SLUG_LENGTH = 8


def new_qr_slug() -> str:
    """A short random slug: 32**8 ≈ 10**12 codes, so nobody guesses a point's address."""
    return "".join(secrets.choice(QR_SLUG_ALPHABET) for _ in range(QR_SLUG_LENGTH))


def validate_region_code(value: str) -> None:
    """R51: a stored region code is the 12-digit statistical code."""
    if len(value) != 12 or not value.isdigit():
        raise ValidationError(_("请填写 12 位统计用区划代码"))


class QrPoint(models.Model):
    """A place that shows a "民呼我为" QR code: a rest station (驿站), a community, a unit.

    Scanning the code opens the appeal form with the channel (扫码), the region and optionally
    the category already filled in, so the work order records where and how the appeal came in
    (R22) under the 12-digit code of the place (R51). `slug` is the public, unguessable part of
    the code's address; it never changes, so printed codes keep working. Staff create points in
    the admin; a point that is no longer active answers 404 and its code stops pre-filling.
    """

    name = models.CharField(_("名称"), max_length=100, help_text=_("如：进东社区新就业群体驿站"))
    kind = models.CharField(
        _("类别"), max_length=16, choices=QrPointKind.choices, default=QrPointKind.STATION
    )
    slug = models.CharField(
        _("链接标识"), max_length=16, unique=True, default=new_qr_slug, editable=False
    )
    region_code = models.CharField(
        _("区划代码"), max_length=12, db_index=True, validators=[validate_region_code]
    )
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("所属单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="qr_points",
    )
    channel = models.CharField(
        _("渠道"), max_length=16, choices=Channel.choices, default=Channel.QR
    )
    category = models.ForeignKey(
        Category,
        verbose_name=_("预设事项分类"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        verbose_name = _("民呼我为码")
        verbose_name_plural = _("民呼我为码")
        ordering = ["region_code", "name"]

    def __str__(self) -> str:
        return self.name
