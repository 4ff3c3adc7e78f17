"""Activities and their shifts, sign-ups, check-in and the service records it produces (R35
服务情况, R38), and the insurance a risky activity needs (R41).

A `ServiceRecord` with `status=confirmed` is what counts as service (R38), and only its
`organisation` may certify it (R36).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shegong.volunteers.models.organisations import Organisation
from shegong.volunteers.models.people import Volunteer
from shegong.volunteers.models.reference import ServiceCategory, Skill


class ActivityStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("报名中")
    STARTED = "started", _("进行中")
    FINISHED = "finished", _("已结束")
    CANCELLED = "cancelled", _("已取消")


class Activity(models.Model):
    """A volunteer activity published by an organisation, with one or more shifts.

    Status: draft → published → started → finished, or cancelled. R41: a `risky` activity (one
    with physical risk) cannot start, and nobody can check in to it, without an `Insurance`
    record that covers its dates and enough people (see `actions.require_insurance`).
    """

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("发布组织"),
        on_delete=models.PROTECT,
        related_name="activities",
    )
    title = models.CharField(_("活动名称"), max_length=200)
    category = models.ForeignKey(
        ServiceCategory, verbose_name=_("服务类别"), on_delete=models.PROTECT
    )
    description = models.TextField(_("活动内容"), blank=True)
    region_code = models.CharField(_("区划代码"), max_length=12)
    address = models.CharField(_("活动地点"), max_length=200, blank=True)
    latitude = models.FloatField(_("纬度"), null=True, blank=True)
    longitude = models.FloatField(_("经度"), null=True, blank=True)
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    risky = models.BooleanField(_("有人身风险"), default=False)
    status = models.CharField(
        _("状态"), max_length=16, choices=ActivityStatus.choices, default=ActivityStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    started_at = models.DateTimeField(_("开始执行时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束执行时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("志愿服务活动")
        verbose_name_plural = _("志愿服务活动")
        ordering = ["-starts_at"]
        indexes = [
            models.Index(fields=["status", "region_code", "starts_at"], name="vol_activity_find")
        ]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="vol_act_times")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        """Whether volunteers may sign up and check in: published or started."""
        return self.status in (ActivityStatus.PUBLISHED, ActivityStatus.STARTED)


class Shift(models.Model):
    """A post or time slot of an activity with a capacity and the skills it needs.

    Invariant: confirmed sign-ups never exceed `capacity`, which `do_sign_up` guarantees by
    counting under the shift's row lock. `qr_key` is part of the signed check-in URL printed at
    the place; changing it voids the printed codes.
    """

    activity = models.ForeignKey(
        Activity, verbose_name=_("活动"), on_delete=models.CASCADE, related_name="shifts"
    )
    name = models.CharField(_("岗位"), max_length=100)
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    capacity = models.PositiveIntegerField(_("招募人数"))
    required_skills = models.ManyToManyField(
        Skill, verbose_name=_("所需技能"), blank=True, related_name="shifts"
    )
    region_code = models.CharField(_("区划代码"), max_length=12, db_index=True)
    qr_key = models.CharField(_("签到码密钥"), max_length=32, editable=False)

    class Meta:
        verbose_name = _("岗位班次")
        verbose_name_plural = _("岗位班次")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="vol_shift_times"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="vol_shift_capacity"),
        ]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at)
        return f"{self.name} {local:%m-%d %H:%M}"

    @property
    def duration(self) -> timedelta:
        return self.ends_at - self.starts_at


class SignUpStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("已录用")
    WAITLISTED = "waitlisted", _("候补")
    CANCELLED = "cancelled", _("已取消")
    ABSENT = "absent", _("未到岗")


LIVE_SIGNUP = (SignUpStatus.CONFIRMED, SignUpStatus.WAITLISTED, SignUpStatus.ABSENT)


class SignUp(models.Model):
    """A volunteer's sign-up for a shift: confirmed while places last, then waitlisted in order.

    Invariants: at most one live sign-up per volunteer and shift; confirmed sign-ups of one
    volunteer never overlap in time (clash detection); a cancellation promotes the first
    waitlisted volunteer who has no clash. A confirmed sign-up with no check-in is marked absent
    (no-show) by the organiser after the shift.
    """

    shift = models.ForeignKey(
        Shift, verbose_name=_("岗位班次"), on_delete=models.CASCADE, related_name="signups"
    )
    volunteer = models.ForeignKey(
        Volunteer, verbose_name=_("志愿者"), on_delete=models.CASCADE, related_name="signups"
    )
    status = models.CharField(_("状态"), max_length=16, choices=SignUpStatus.choices)
    region_code = models.CharField(_("区划代码"), max_length=12)
    created_at = models.DateTimeField(_("报名时间"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("录用时间"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("报名")
        verbose_name_plural = _("报名")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["shift", "status", "created_at"], name="vol_signup_queue"),
            models.Index(fields=["volunteer", "status"], name="vol_signup_mine"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["shift", "volunteer"],
                condition=Q(status__in=LIVE_SIGNUP),
                name="vol_signup_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.volunteer_id} → {self.shift_id}"


class RecordStatus(models.TextChoices):
    PENDING = "pending", _("待确认")
    CONFIRMED = "confirmed", _("已确认")
    REJECTED = "rejected", _("未通过")


class RecordSource(models.TextChoices):
    QR = "qr", _("扫码签到")
    ORGANISER = "organiser", _("组织者登记")
    IMPORT = "import", _("表格导入")


class ServiceRecord(models.Model):
    """One piece of service by one volunteer (R35 服务情况), counted once confirmed (R38).

    Invariants: `hours` is actual service within the shift, travel excluded (`service_hours`);
    only `confirmed` records count towards `Volunteer.confirmed_hours`, and only the
    `organisation` that recorded a service may certify it (R36). One record per volunteer and
    shift; imported records have no shift but a `service_date`.
    """

    volunteer = models.ForeignKey(
        Volunteer, verbose_name=_("志愿者"), on_delete=models.PROTECT, related_name="records"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("记录组织"), on_delete=models.PROTECT, related_name="records"
    )
    shift = models.ForeignKey(
        Shift,
        verbose_name=_("岗位班次"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="records",
    )
    region_code = models.CharField(_("区划代码"), max_length=12, db_index=True)
    content = models.CharField(_("服务内容"), max_length=200)
    service_date = models.DateField(_("服务日期"))
    checked_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    checked_out_at = models.DateTimeField(_("签退时间"), null=True, blank=True)
    hours = models.DecimalField(
        _("服务时长（小时）"), max_digits=6, decimal_places=2, default=Decimal("0")
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=RecordStatus.choices, default=RecordStatus.PENDING
    )
    source = models.CharField(_("来源"), max_length=16, choices=RecordSource.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("确认人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    reject_reason = models.CharField(_("不予确认理由"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        verbose_name = _("服务记录")
        verbose_name_plural = _("服务记录")
        ordering = ["-service_date", "-id"]
        indexes = [models.Index(fields=["volunteer", "status"], name="vol_record_mine")]
        constraints = [
            models.UniqueConstraint(
                fields=["volunteer", "shift"],
                condition=Q(shift__isnull=False),
                name="vol_record_once_per_shift",
            ),
            models.CheckConstraint(condition=Q(hours__gte=0), name="vol_record_hours"),
        ]

    def __str__(self) -> str:
        return f"{self.content} {self.hours} 小时"

    @property
    def on_duty(self) -> bool:
        """Checked in and not yet checked out."""
        return self.checked_in_at is not None and self.checked_out_at is None


class Insurance(models.Model):
    """An insurance policy for volunteers (R41), for one activity or, with no activity, for all
    of the organisation's activities within its dates.

    It covers an activity when its dates include the activity's first and last day (Asia/Shanghai)
    and it insures at least as many people as the activity has confirmed sign-ups.
    """

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("投保组织"), on_delete=models.PROTECT, related_name="policies"
    )
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("活动"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="policies",
    )
    insurer = models.CharField(_("保险公司"), max_length=100)
    policy_number = models.CharField(_("保单号"), max_length=64)
    covers_from = models.DateField(_("保障起始日"))
    covers_until = models.DateField(_("保障截止日"))
    insured_count = models.PositiveIntegerField(_("投保人数"))
    region_code = models.CharField(_("区划代码"), max_length=12)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("登记时间"), default=timezone.now)

    class Meta:
        verbose_name = _("保险记录")
        verbose_name_plural = _("保险记录")
        ordering = ["-covers_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(covers_until__gte=F("covers_from")), name="vol_insurance_dates"
            )
        ]

    def __str__(self) -> str:
        return f"{self.insurer} {self.policy_number}"

    def covers_dates(self, first: date, last: date) -> bool:
        return self.covers_from <= first and last <= self.covers_until
