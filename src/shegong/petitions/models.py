"""The 信访 procedure's own data beside the case engine's Case (条例 2022, R1–R21).

A `Petition` is one-to-one with its Case (kind "petition"): what R2 requires, the R9
classification, who is accused (R15), the stage (初次处理 → 复查 → 复核) and the dates the
request windows count from (R12, R13). `PetitionDocument` is every written notice and opinion,
rendered once to PDF and kept unchanged (item 6). `Recusal` (R16) and `MajorReport` (R17) are the
records the law asks for.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shegong.accounts.models import OrgUnit
from shegong.cases.models import Case
from shegong.lib.fields import EncryptedTextField

MAX_REPRESENTATIVES = 5  # R7


class PetitionStatus(models.TextChoices):
    REGISTERED = "registered", _("已登记")
    FORWARDED = "forwarded", _("已转送")
    ASSIGNED = "assigned", _("已交办")
    ACCEPTED = "accepted", _("办理中")
    CONCLUDED = "concluded", _("已办结")
    REVIEWING = "reviewing", _("复查中")
    REVIEWED = "reviewed", _("已复查")
    RE_REVIEWING = "re_reviewing", _("复核中")
    CLOSED = "closed", _("已复核终结")
    DECLINED = "declined", _("不予受理")


class Classification(models.TextChoices):
    """R9: 条例 第29–31条."""

    SUGGESTION = "suggestion", _("建议意见")
    ACCUSATION = "accusation", _("检举控告")
    GRIEVANCE = "grievance", _("申诉求决")


class Stage(models.TextChoices):
    FIRST = "first", _("初次处理")
    REVIEW = "review", _("复查")
    RE_REVIEW = "re_review", _("复核")


class Route(models.TextChoices):
    """How the handling organ got the petition: from a 信访部门 (R3, R5) or directly (R4)."""

    DIRECT = "direct", _("直接受理")
    FORWARDED = "forwarded", _("转送")
    ASSIGNED = "assigned", _("交办")


class Outcome(models.TextChoices):
    """R10: the outcome of a 处理意见书 for 申诉求决."""

    SUPPORT = "support", _("支持")
    EXPLAIN = "explain", _("解释说明")
    REJECT = "reject", _("不予支持")


class Adoption(models.TextChoices):
    """The answer to a 建议意见 (counted in the annual report, R19)."""

    ADOPTED = "adopted", _("采纳")
    PARTLY = "partly", _("部分采纳")
    NOT_ADOPTED = "not_adopted", _("未采纳")


class DeclineReason(models.TextChoices):
    IN_PROGRESS = "in_progress", _("同一事项正在办理(第19条第3款)")
    AFTER_RE_REVIEW = "after_re_review", _("已经复核终结，不再受理(第36条第3款)")
    OTHER_CHANNEL = "other_channel", _("应当通过诉讼、仲裁、行政复议等法定途径解决")
    NOT_PETITION = "not_petition", _("不属于信访事项")


class Petition(models.Model):
    """One 信访事项 on its case: R2 content, R7 representatives, R9 class, R15 accused.

    Invariants: `case` is a petition case; the petitioner's name (on the case), address and ID
    number are encrypted; `petitioner_key` is a keyed hash of the petitioner for R8/R14 matching;
    `representatives` has at most five names (R7). State lives on the case (procedure.py).
    """

    case = models.OneToOneField(
        Case,
        verbose_name=_("工单"),
        primary_key=True,
        on_delete=models.PROTECT,
        related_name="petition",
    )
    classification = models.CharField(
        _("信访事项类别"), max_length=16, choices=Classification.choices
    )
    law_related = models.BooleanField(_("涉法涉诉"), default=False)
    address = EncryptedTextField(_("住址"))
    id_number = EncryptedTextField(_("身份证号码"), blank=True, default="")
    petitioner_key = models.CharField(_("信访人索引"), max_length=64, db_index=True)
    request = models.TextField(_("信访请求"))
    facts = models.TextField(_("事实"))
    reasons = models.TextField(_("理由"))
    oral = models.BooleanField(_("口头信访"), default=False)
    oral_record = models.TextField(_("口头信访笔录(原话)"), blank=True)
    representatives = models.JSONField(_("代表人"), default=list, blank=True)
    headcount = models.PositiveIntegerField(_("来访人数"), default=1)
    registered_by_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("登记机关"), on_delete=models.PROTECT, related_name="+"
    )
    respondent_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("被反映单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    accused_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("被检举控告单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    accused_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("被检举控告人(系统用户)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    accused_name = models.CharField(_("被检举控告人"), max_length=100, blank=True)
    contact_unclear = models.BooleanField(_("姓名或住址不清"), default=False)
    major = models.BooleanField(_("重大紧急"), default=False)
    route = models.CharField(_("来源"), max_length=16, choices=Route.choices, default=Route.DIRECT)
    stage = models.CharField(_("阶段"), max_length=16, choices=Stage.choices, default=Stage.FIRST)
    handling_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("有权处理机关"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    accepted_on = models.DateField(_("受理日期"), null=True, blank=True)
    outcome = models.CharField(_("处理结果"), max_length=16, choices=Outcome.choices, blank=True)
    adoption = models.CharField(_("采纳情况"), max_length=16, choices=Adoption.choices, blank=True)
    reply_received_on = models.DateField(_("收到书面答复日期"), null=True, blank=True)
    completion_report = models.TextField(_("办结报告"), blank=True)
    decline_reason = models.CharField(
        _("不予受理理由"), max_length=32, choices=DeclineReason.choices, blank=True
    )
    related = models.ForeignKey(
        Case,
        verbose_name=_("关联信访事项"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    supervised = models.PositiveSmallIntegerField(_("督办次数"), default=0)

    class Meta:
        verbose_name = _("信访事项")
        verbose_name_plural = _("信访事项")

    def __str__(self) -> str:
        return self.case.number

    @property
    def is_accusation(self) -> bool:
        return self.classification == Classification.ACCUSATION


class DocumentKind(models.TextChoices):
    ACCEPTANCE = "acceptance", _("信访事项受理告知书")
    REFUSAL = "refusal", _("信访事项不予受理告知书")
    FORWARD = "forward", _("信访事项转送单")
    ASSIGN = "assign", _("信访事项交办单")
    OPINION = "opinion", _("信访事项处理意见书")
    EXTENSION = "extension", _("信访事项延期办理告知书")
    REVIEW = "review", _("信访事项复查意见书")
    RE_REVIEW = "re_review", _("信访事项复核意见书")
    AGREEMENT = "agreement", _("调解/和解协议书")


class PetitionDocument(models.Model):
    """A written notice or opinion, rendered once to PDF and kept unchanged (item 6).

    `delivered_at` is when it was put online for the petitioner; `first_read_at` when the
    petitioner first opened it. Every download is also in the audit trail.
    """

    case = models.ForeignKey(
        Case, verbose_name=_("工单"), on_delete=models.PROTECT, related_name="petition_documents"
    )
    kind = models.CharField(_("文书类别"), max_length=16, choices=DocumentKind.choices)
    number = models.CharField(_("文书编号"), max_length=40, unique=True)
    unit = models.ForeignKey(OrgUnit, verbose_name=_("出具机关"), on_delete=models.PROTECT)
    file = models.FileField(_("文件"), upload_to="petitions/%Y/%m/")
    sha256 = models.CharField(_("摘要"), max_length=64)
    size = models.PositiveIntegerField(_("大小(字节)"))
    issued_at = models.DateTimeField(_("出具时间"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("出具人"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    delivered_at = models.DateTimeField(_("网上送达时间"), null=True, blank=True)
    first_read_at = models.DateTimeField(_("信访人首次查阅"), null=True, blank=True)

    class Meta:
        verbose_name = _("信访文书")
        verbose_name_plural = _("信访文书")
        ordering = ["issued_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class Recusal(models.Model):
    """R16: a handler with a direct interest in the matter, who may no longer act on it."""

    case = models.ForeignKey(
        Case, verbose_name=_("工单"), on_delete=models.PROTECT, related_name="recusals"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("回避人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.CharField(_("回避理由"), max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("记录时间"), default=timezone.now)

    class Meta:
        verbose_name = _("回避记录")
        verbose_name_plural = _("回避记录")
        constraints = [
            models.UniqueConstraint(fields=["case", "user"], name="one_recusal_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.user_id}"


class Recipient(models.TextChoices):
    """R17: the three addressees of a report on a 重大、紧急 matter."""

    LOCAL = "local", _("本级党委和政府")
    UPPER = "upper", _("上一级信访部门")
    NATIONAL = "national", _("国家信访局")


class MajorReport(models.Model):
    """R17: one report of a 重大、紧急 matter to one addressee, and which unit received it."""

    case = models.ForeignKey(
        Case, verbose_name=_("工单"), on_delete=models.PROTECT, related_name="major_reports"
    )
    recipient = models.CharField(_("报告对象"), max_length=16, choices=Recipient.choices)
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("接收单位"), null=True, blank=True, on_delete=models.PROTECT
    )
    note = models.TextField(_("报告内容"))
    reported_at = models.DateTimeField(_("报告时间"), default=timezone.now)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报告人"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("重大紧急信访事项报告")
        verbose_name_plural = _("重大紧急信访事项报告")

    def __str__(self) -> str:
        return f"{self.case_id} {self.get_recipient_display()}"
