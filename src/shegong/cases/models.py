"""The case engine's data: Case, Action, Assignment, Clock, Attachment, Category, Notice.

The engine has no procedure of its own: a procedure (appeals, petitions …) declares its states,
transitions and clocks in `procedure.py` and drives these models through `cases.actions`.
Every large table carries `region_code` so scoping is one range filter (DESIGN: Scale).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shegong.accounts.models import OrgUnit
from shegong.lib.appendonly import AppendOnlyModel, AppendOnlyQuerySet
from shegong.lib.crypto import mask_phone
from shegong.lib.fields import EncryptedTextField


class CaseKind(models.TextChoices):
    APPEAL = "appeal", _("诉求")
    PETITION = "petition", _("信访")
    SUGGESTION = "suggestion", _("人民建议")


class Channel(models.TextChoices):
    WEB = "web", _("网页")
    QR = "qr", _("扫码")
    HOTLINE = "hotline", _("热线电话")
    LETTER = "letter", _("来信")
    VISIT = "visit", _("来访")
    FAX = "fax", _("传真")
    NETWORK = "network", _("信息网络")
    GRID = "grid", _("网格员上报")
    OPEN311 = "open311", _("开放接口")
    API = "api", _("接口")


class Rating(models.TextChoices):
    """The resident's verdict on an answer (appeals R30, petitions R20): one scale for all."""

    SATISFIED = "satisfied", _("满意")
    PARTLY = "partly", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")


class Category(models.Model):
    """A matter category (事项分类) shared by the procedures, the dispatch catalogue and Open311."""

    code = models.CharField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级分类"), null=True, blank=True, on_delete=models.PROTECT
    )
    description = models.CharField(_("说明"), max_length=300, blank=True)
    keywords = models.CharField(_("关键词"), max_length=300, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("事项分类")
        verbose_name_plural = _("事项分类")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Case(models.Model):
    """One item someone brought: an appeal, a petition, a suggestion.

    Invariants: `number` is public and unique; the tracking code is stored only as a keyed hash;
    `status` changes only through a procedure transition (cases.actions), which bumps `version`
    and writes an Action and an audit row. `client_token` makes intake idempotent.
    """

    number = models.CharField(_("编号"), max_length=20, unique=True)
    code_hash = models.CharField(_("查询码摘要"), max_length=64, editable=False)
    kind = models.CharField(_("类型"), max_length=16, choices=CaseKind.choices)
    procedure = models.CharField(_("程序"), max_length=32)
    channel = models.CharField(_("渠道"), max_length=16, choices=Channel.choices)
    status = models.CharField(_("状态"), max_length=32)
    subtype = models.CharField(_("诉求类型"), max_length=32, blank=True)
    urgency = models.CharField(_("紧急程度"), max_length=16, blank=True)
    title = models.CharField(_("标题"), max_length=200)
    content = models.TextField(_("内容"))
    category = models.ForeignKey(
        Category,
        verbose_name=_("分类"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        db_index=False,  # case_category_region leads with it
    )
    submitter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交人账号"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="submitted_cases",
        db_index=False,  # case_submitter, partial
    )
    submitter_name = EncryptedTextField(_("诉求人姓名"), blank=True, default="")
    submitter_phone = EncryptedTextField(_("联系电话"), blank=True, default="")
    phone_hash = models.CharField(_("电话索引"), max_length=64, blank=True)
    hide_identity = models.BooleanField(_("对承办单位隐藏身份"), default=False)
    region_code = models.CharField(_("区划代码"), max_length=12)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    latitude = models.FloatField(_("纬度"), null=True, blank=True)
    longitude = models.FloatField(_("经度"), null=True, blank=True)
    client_token = models.CharField(
        _("客户端令牌"), max_length=64, null=True, blank=True, unique=True, editable=False
    )
    received_at = models.DateTimeField(_("收到时间"), default=timezone.now)
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新时间"), default=timezone.now)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    lead_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("主办单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lead_cases",
        db_index=False,  # case_lead_status leads with it
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("并入工单"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_cases",
        db_index=False,  # case_merged_into, partial
    )
    dispatched_at = models.DateTimeField(_("派单时间"), null=True, blank=True)
    responded_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    response_on_time = models.BooleanField(_("按时响应"), null=True, blank=True)
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    reply = models.TextField(_("答复内容"), blank=True)
    rated_at = models.DateTimeField(_("评价时间"), null=True, blank=True)
    rating = models.CharField(_("满意度"), max_length=16, blank=True)
    resolved = models.BooleanField(_("是否解决"), null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("重办次数"), default=0)
    tokens = models.TextField(_("分词"), blank=True, editable=False)
    data = models.JSONField(_("程序数据"), default=dict, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=0)

    class Meta:
        verbose_name = _("工单")
        verbose_name_plural = _("工单")
        # Every index here is paid for by every intake, so each one serves a query that needs it
        # (migration 0006 says which). Columns only ever filtered together with a leading column
        # of a composite index have no index of their own.
        indexes = [
            models.Index(fields=["region_code", "received_at"], name="case_region_received"),
            models.Index(fields=["lead_unit", "status", "received_at"], name="case_lead_status"),
            models.Index(fields=["procedure", "status", "received_at"], name="case_proc_status"),
            models.Index(fields=["category", "region_code"], name="case_category_region"),
            # The staff inbox (cases.inbox) walks cases newest first and stops after a page:
            # all of them, the open ones (every work box), or those of one category.
            models.Index(fields=["procedure", "received_at"], name="case_proc_received"),
            models.Index(
                fields=["procedure", "received_at"],
                name="case_open_received",
                condition=Q(closed_at__isnull=True),
            ),
            models.Index(
                fields=["procedure", "category", "received_at"], name="case_proc_category"
            ),
            # R30: the three rates read a month of dispatches from this index alone
            # (appeals.rates), so it carries every column they count.
            models.Index(
                fields=[
                    "procedure",
                    "dispatched_at",
                    "region_code",
                    "lead_unit",
                    "response_on_time",
                    "rating",
                    "resolved",
                    "id",
                ],
                name="case_rates_month",
            ),
            # A resident's own appeals, newest first; most cases have no account behind them.
            models.Index(
                fields=["submitter", "received_at"],
                name="case_submitter",
                condition=Q(submitter__isnull=False),
            ),
            # The cases merged into one, to keep each of their submitters informed; few ever are.
            models.Index(
                fields=["merged_into"],
                name="case_merged_into",
                condition=Q(merged_into__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.submitter_phone)

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class ActionQuerySet(AppendOnlyQuerySet["Action"]):
    """A timeline can be read and appended to, never rewritten in bulk."""


class Action(AppendOnlyModel):
    """One step in a case's timeline; append-only (also written to the audit trail).

    Neither an instance nor a queryset can change or delete a row once written.
    """

    case = models.ForeignKey(
        Case,
        verbose_name=_("工单"),
        on_delete=models.PROTECT,
        related_name="actions",
        db_index=False,  # action_case_at leads with it
    )
    at = models.DateTimeField(_("时间"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_label = models.CharField(_("操作人名称"), max_length=200, blank=True)
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("操作单位"), null=True, blank=True, on_delete=models.PROTECT
    )
    verb = models.CharField(_("动作"), max_length=32)
    label = models.CharField(_("动作名称"), max_length=50)
    from_status = models.CharField(_("原状态"), max_length=32, blank=True)
    to_status = models.CharField(_("新状态"), max_length=32, blank=True)
    note = models.TextField(_("说明"), blank=True)
    public = models.BooleanField(_("对诉求人可见"), default=True)
    data = models.JSONField(_("数据"), default=dict, blank=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["case", "at"], name="action_case_at")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.label}"


class AssignmentRole(models.TextChoices):
    LEAD = "lead", _("主办")
    CO = "co", _("协办")
    COPY = "copy", _("抄送")
    WHISTLE = "whistle", _("吹哨报到")


class AssignmentState(models.TextChoices):
    ACTIVE = "active", _("办理中")
    OBJECTED = "objected", _("异议中")
    REPORTED = "reported", _("已报到/已反馈")
    WITHDRAWN = "withdrawn", _("已撤回")
    DONE = "done", _("已完成")


class Assignment(models.Model):
    """A unit holding a case: the lead unit (首接负责, R26), co-handlers, copies and whistles."""

    case = models.ForeignKey(
        Case, verbose_name=_("工单"), on_delete=models.PROTECT, related_name="assignments"
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="assignments"
    )
    role = models.CharField(_("角色"), max_length=16, choices=AssignmentRole.choices)
    state = models.CharField(
        _("状态"), max_length=16, choices=AssignmentState.choices, default=AssignmentState.ACTIVE
    )
    region_code = models.CharField(_("区划代码"), max_length=12)
    assigned_at = models.DateTimeField(_("派发时间"), default=timezone.now)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("派发人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_at = models.DateTimeField(_("反馈期限"), null=True, blank=True)
    reported_at = models.DateTimeField(_("反馈/报到时间"), null=True, blank=True)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("派发")
        verbose_name_plural = _("派发")
        indexes = [
            # A unit's live shares, read from the index alone (the inbox's unit box).
            models.Index(fields=["unit", "state", "case"], name="assignment_unit_live"),
        ]
        constraints = [
            # R26: at most one live lead unit per case.
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(role="lead", state__in=["active", "objected"]),
                name="one_live_lead_per_case",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.unit}"


class ClockState(models.TextChoices):
    RUNNING = "running", _("计时中")
    DUE_SOON = "due_soon", _("即将到期")
    OVERDUE = "overdue", _("已超期")
    MET = "met", _("按时完成")
    STOPPED = "stopped", _("已停止")


class Clock(models.Model):
    """A named deadline of a case, with pauses, extensions and a stop.

    `due_at` already includes extensions and finished pauses; while paused, time does not run.
    The state (running, due soon, overdue, met, stopped) is derived, never stored, except for
    `notified`, which remembers the last state the sweeper announced.
    """

    case = models.ForeignKey(
        Case,
        verbose_name=_("工单"),
        on_delete=models.PROTECT,
        related_name="clocks",
        db_index=False,  # clock_case_name leads with it
    )
    name = models.CharField(_("名称"), max_length=32)
    label = models.CharField(_("显示名称"), max_length=50)
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("责任单位"), null=True, blank=True, on_delete=models.PROTECT
    )
    region_code = models.CharField(_("区划代码"), max_length=12)
    started_at = models.DateTimeField(_("开始时间"))
    due_at = models.DateTimeField(_("到期时间"))
    provisional = models.BooleanField(_("期限待定(节假日表缺年份)"), default=False)
    paused_at = models.DateTimeField(_("暂停于"), null=True, blank=True)
    paused_seconds = models.PositiveIntegerField(_("累计暂停秒数"), default=0)
    extended_seconds = models.PositiveIntegerField(_("累计延期秒数"), default=0)
    extensions = models.PositiveSmallIntegerField(_("延期次数"), default=0)
    stopped_at = models.DateTimeField(_("停止时间"), null=True, blank=True)
    cancelled = models.BooleanField(_("已取消"), default=False)
    notified = models.CharField(_("已提醒状态"), max_length=16, blank=True)

    class Meta:
        verbose_name = _("期限")
        verbose_name_plural = _("期限")
        ordering = ["started_at", "id"]
        indexes = [
            models.Index(
                fields=["due_at"], name="clock_running_due", condition=Q(stopped_at__isnull=True)
            ),
            models.Index(fields=["case", "name"], name="clock_case_name"),
            # Whether a case has a running clock past due, from the index alone (the inbox).
            models.Index(
                fields=["case", "due_at", "paused_at", "cancelled"],
                name="clock_running_case",
                condition=Q(stopped_at__isnull=True),
            ),
            # R30: the late clocks of a month's cases, read from this index alone (appeals.rates).
            models.Index(
                fields=[
                    "name",
                    "started_at",
                    "cancelled",
                    "stopped_at",
                    "due_at",
                    "paused_at",
                    "region_code",
                    "case",
                ],
                name="clock_rates_late",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.due_at:%Y-%m-%d %H:%M}"

    def state(self, now: datetime | None = None) -> ClockState:
        now = now or timezone.now()
        if self.cancelled:
            return ClockState.STOPPED
        if self.stopped_at is not None:
            return ClockState.MET if self.stopped_at <= self.due_at else ClockState.OVERDUE
        effective_now = self.paused_at or now
        if effective_now > self.due_at:
            return ClockState.OVERDUE
        if effective_now >= self.due_at - self.due_soon_window():
            return ClockState.DUE_SOON
        return ClockState.RUNNING

    def due_soon_window(self) -> timedelta:
        """The last quarter of the period, at most one day, counts as "due soon"."""
        total = self.due_at - self.started_at
        return min(total / 4, timedelta(days=1))

    @property
    def is_running(self) -> bool:
        return self.stopped_at is None and not self.cancelled


class Attachment(models.Model):
    """A file attached to a case; type and size are checked before it is stored."""

    case = models.ForeignKey(
        Case, verbose_name=_("工单"), on_delete=models.PROTECT, related_name="attachments"
    )
    file = models.FileField(_("文件"), upload_to="cases/%Y/%m/")
    name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(_("类型"), max_length=64)
    size = models.PositiveIntegerField(_("大小(字节)"))
    sha256 = models.CharField(_("摘要"), max_length=64)
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

    def __str__(self) -> str:
        return self.name


class Notice(models.Model):
    """An in-app notice to a user about a case (overdue, dispatched to you, rated …)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        on_delete=models.CASCADE,
        related_name="notices",
    )
    case = models.ForeignKey(
        Case, verbose_name=_("工单"), null=True, blank=True, on_delete=models.CASCADE
    )
    text = models.CharField(_("内容"), max_length=300)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at"], name="notice_user_unread")]

    def __str__(self) -> str:
        return self.text
