"""志愿服务 models: volunteers, organisations and teams, activities and shifts, sign-ups, service
records, insurance, and the training, awards and evaluations of a volunteer's record (R35).

Later parts build on these names (certificates, emergency matching, the points store), so they are
public and stable: `Volunteer.number` is the public identifier (R39), `ServiceRecord` with
`status=confirmed` is what counts as service (R38) and is certified only by its `organisation`
(R36), `Volunteer.confirmed_hours` is the cumulative confirmed total behind the star level (R40),
`Volunteer.availability` is a bit mask of `Slot`s, `Volunteer.skills` and `Shift.required_skills`
point at `Skill`. Every state change goes through `shegong.volunteers.actions`; nothing here
saves on its own. Every large table carries `region_code` (DESIGN: Scale).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import IntFlag

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shegong.accounts.models import OrgUnit
from shegong.lib.crypto import mask_id_number
from shegong.lib.fields import EncryptedTextField

# The version of the consent text a volunteer agrees to at registration (R39); bump it when the
# text in volunteers/_consent_text.html changes, so every record says which text was agreed to.
CONSENT_VERSION = "2026-01"
STAR_LABELS = ("未评星", "一星", "二星", "三星", "四星", "五星")
HOURS_PLACES = Decimal("0.01")


# ---------------------------------------------------------------- reference data


class Skill(models.Model):
    """A skill a volunteer offers and a shift may require (医疗急救, 驾驶 …); seeded."""

    code = models.SlugField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=50, unique=True)
    sort = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("技能")
        verbose_name_plural = _("技能")
        ordering = ["sort", "code"]

    def __str__(self) -> str:
        return self.name


class ServiceCategory(models.Model):
    """A field of volunteer service (助老助残, 应急救援 …) for organisations and activities."""

    code = models.SlugField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=50, unique=True)
    sort = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("服务类别")
        verbose_name_plural = _("服务类别")
        ordering = ["sort", "code"]

    def __str__(self) -> str:
        return self.name


class Slot(IntFlag):
    """One cell of the availability grid: weekday/weekend × morning/afternoon/evening."""

    WEEKDAY_MORNING = 1
    WEEKDAY_AFTERNOON = 2
    WEEKDAY_EVENING = 4
    WEEKEND_MORNING = 8
    WEEKEND_AFTERNOON = 16
    WEEKEND_EVENING = 32


SLOT_LABELS = {
    Slot.WEEKDAY_MORNING: "工作日上午",
    Slot.WEEKDAY_AFTERNOON: "工作日下午",
    Slot.WEEKDAY_EVENING: "工作日晚上",
    Slot.WEEKEND_MORNING: "周末上午",
    Slot.WEEKEND_AFTERNOON: "周末下午",
    Slot.WEEKEND_EVENING: "周末晚上",
}
ALL_SLOTS = sum(SLOT_LABELS)
MORNING_ENDS, AFTERNOON_ENDS = 12, 18


def slot_of(moment: datetime) -> Slot:
    """The grid cell a moment falls in, in Asia/Shanghai time; Saturday and Sunday are weekend
    (a public holiday on a weekday counts as a weekday here)."""
    local = timezone.localtime(moment)
    part = 0 if local.hour < MORNING_ENDS else 1 if local.hour < AFTERNOON_ENDS else 2
    return Slot(1 << (part + (3 if local.weekday() >= 5 else 0)))


def slot_labels(mask: int) -> list[str]:
    return [label for slot, label in SLOT_LABELS.items() if mask & slot]


# ---------------------------------------------------------------- derived values (R38, R40)


def star_level(hours: Decimal | float | int, thresholds: Sequence[int] | None = None) -> int:
    """R40: the number of star thresholds reached (100/300/600/1000/1500 hours by default,
    settings.VOLUNTEER_STAR_HOURS / env SHEGONG_VOLUNTEER_STAR_HOURS)."""
    limits = settings.VOLUNTEER_STAR_HOURS if thresholds is None else thresholds
    return sum(1 for limit in limits if Decimal(str(hours)) >= limit)


def star_label(level: int) -> str:
    return STAR_LABELS[level] if level < len(STAR_LABELS) else f"{level}星"


def service_hours(
    checked_in_at: datetime, checked_out_at: datetime, shift_start: datetime, shift_end: datetime
) -> Decimal:
    """R38: hours of actual service, travel excluded.

    The check-in and check-out are clipped to the shift window, so time spent before the shift
    starts (arriving early, travelling) or after it ends does not count. Whole minutes count
    (seconds are dropped); hours are minutes / 60 rounded half-up to two decimals.
    """
    start = max(checked_in_at, shift_start)
    end = min(checked_out_at, shift_end)
    minutes = max(int((end - start).total_seconds() // 60), 0)
    return (Decimal(minutes) / 60).quantize(HOURS_PLACES, rounding=ROUND_HALF_UP)


# ---------------------------------------------------------------- organisations


class OrganisationKind(models.TextChoices):
    ORGANISATION = "organisation", _("志愿服务组织")
    TEAM = "team", _("志愿服务队")
    EMERGENCY_TEAM = "emergency_team", _("应急志愿服务队")
    COMMUNITY_STATION = "community_station", _("社区志愿服务站")
    PRACTICE_STATION = "practice_station", _("新时代文明实践站(所)")


class Organisation(models.Model):
    """A volunteer organisation, team or station that publishes activities and records service.

    Invariants: `region_code` is a 12-digit code (R51); `managers` are the users who run it (they
    may be residents, not staff). It certifies only the service it recorded (R36), so
    `leader_name` and `contact_phone` are what a certificate shows as 负责人 and 联系方式 (R37).
    Emergency teams carry `is_emergency` ("平时服务、战时应急").
    """

    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=32, choices=OrganisationKind.choices)
    region_code = models.CharField(_("区划代码"), max_length=12, db_index=True)
    categories = models.ManyToManyField(ServiceCategory, verbose_name=_("服务类别"), blank=True)
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("管理人员"),
        blank=True,
        related_name="managed_volunteer_organisations",
    )
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("业务指导单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="volunteer_organisations",
    )
    is_emergency = models.BooleanField(_("应急队伍"), default=False)
    leader_name = models.CharField(_("负责人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    description = models.TextField(_("简介"), blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        verbose_name = _("志愿服务组织")
        verbose_name_plural = _("志愿服务组织")
        ordering = ["region_code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region_code", "name"], name="vol_org_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    """A team (小队) inside an organisation; members join the organisation, then maybe a team."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("所属组织"), on_delete=models.CASCADE, related_name="teams"
    )
    name = models.CharField(_("名称"), max_length=100)
    leader = models.ForeignKey(
        "Volunteer",
        verbose_name=_("队长"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_teams",
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        verbose_name = _("队伍")
        verbose_name_plural = _("队伍")
        ordering = ["organisation_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="vol_team_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


# ---------------------------------------------------------------- volunteers


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", _("居民身份证")
    RESIDENCE_PERMIT = "residence_permit", _("港澳台居民居住证")
    HK_MACAO_PASS = "hk_macao_pass", _("港澳居民来往内地通行证")
    TAIWAN_PASS = "taiwan_pass", _("台湾居民来往大陆通行证")
    PASSPORT = "passport", _("护照")


# Types whose numbers follow GB 11643 (18 characters with an ISO 7064 MOD 11-2 check character).
GB11643_TYPES = frozenset({IdType.RESIDENT_ID, IdType.RESIDENCE_PERMIT})


class Gender(models.TextChoices):
    MALE = "male", _("男")
    FEMALE = "female", _("女")


class Volunteer(models.Model):
    """A registered volunteer: the record of R35 holds this basic information, and the service
    records, training, awards and evaluations that point at it.

    Invariants (R39): `number` ("V" + the 6-digit county prefix of `region_code` + 8 random
    digits) is the only public identifier; the ID number is stored encrypted, shown masked, and
    `id_hash` (its keyed lookup hash) is unique, so one person registers once. Consent is recorded
    with its time and the version of the text agreed to. `confirmed_hours` is the sum of the
    volunteer's confirmed service records (R38), kept by the actions that confirm them; the star
    level follows from it (R40). `availability` is a bit mask of `Slot`s.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("账号"),
        on_delete=models.PROTECT,
        related_name="volunteer",
    )
    number = models.CharField(_("志愿者编号"), max_length=20, unique=True)
    name = models.CharField(_("姓名"), max_length=50)
    id_type = models.CharField(
        _("证件类型"), max_length=20, choices=IdType.choices, default=IdType.RESIDENT_ID
    )
    id_number = EncryptedTextField(_("证件号码"))
    id_hash = models.CharField(_("证件号码索引"), max_length=64, unique=True, editable=False)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    gender = models.CharField(_("性别"), max_length=8, choices=Gender.choices, blank=True)
    region_code = models.CharField(_("所在区划"), max_length=12, db_index=True)
    latitude = models.FloatField(_("常驻地纬度"), null=True, blank=True)
    longitude = models.FloatField(_("常驻地经度"), null=True, blank=True)
    skills = models.ManyToManyField(
        Skill, verbose_name=_("技能"), blank=True, related_name="volunteers"
    )
    availability = models.PositiveSmallIntegerField(_("可服务时段"), default=0)
    phone_verified_at = models.DateTimeField(_("手机号验证时间"), null=True, blank=True)
    consent_at = models.DateTimeField(_("同意时间"))
    consent_version = models.CharField(_("同意书版本"), max_length=20)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="registered_volunteers",
    )
    registered_by_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("代为登记的组织"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="registered_volunteers",
    )
    confirmed_hours = models.DecimalField(
        _("累计服务时长（小时）"), max_digits=9, decimal_places=2, default=Decimal("0")
    )
    is_active = models.BooleanField(_("有效"), default=True)
    created_at = models.DateTimeField(_("注册时间"), default=timezone.now)

    class Meta:
        verbose_name = _("志愿者")
        verbose_name_plural = _("志愿者")
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(confirmed_hours__gte=0), name="vol_hours_not_negative"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.number}）"

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def masked_name(self) -> str:
        """陈**: the surname only, for public pages such as certificate verification (R39)."""
        return self.name[:1] + "*" * max(len(self.name) - 1, 1)

    @property
    def star_level(self) -> int:
        return star_level(self.confirmed_hours)

    @property
    def star_label(self) -> str:
        return star_label(self.star_level)

    @property
    def availability_labels(self) -> list[str]:
        return slot_labels(self.availability)


class MembershipStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("已加入")
    REJECTED = "rejected", _("未通过")
    LEFT = "left", _("已退出")


class Membership(models.Model):
    """A volunteer's membership of an organisation, approved by one of its managers.

    One row per volunteer and organisation: applying again after leaving or a rejection reopens
    it. `decided_by`/`decided_at` say who approved or rejected it, and when.
    """

    volunteer = models.ForeignKey(
        Volunteer, verbose_name=_("志愿者"), on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("组织"), on_delete=models.CASCADE, related_name="memberships"
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("队伍"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="memberships",
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=MembershipStatus.choices, default=MembershipStatus.PENDING
    )
    region_code = models.CharField(_("区划代码"), max_length=12, db_index=True)
    applied_at = models.DateTimeField(_("申请时间"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    left_at = models.DateTimeField(_("退出时间"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("组织成员")
        verbose_name_plural = _("组织成员")
        ordering = ["organisation_id", "-applied_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["volunteer", "organisation"], name="vol_membership_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.volunteer_id} @ {self.organisation_id}"


# ---------------------------------------------------------------- activities and shifts


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


# ------------------------------------------------------------ R35: training, awards, evaluations


class VolunteerRecord(models.Model):
    """R35: what every part of a volunteer's record shares: the organisation that recorded it,
    where, by whom and when."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("记录组织"), on_delete=models.PROTECT, related_name="+"
    )
    region_code = models.CharField(_("区划代码"), max_length=12)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("记录时间"), default=timezone.now)

    class Meta:
        abstract = True


class Training(VolunteerRecord):
    """R35: a training a volunteer attended, recorded by an organisation."""

    volunteer = models.ForeignKey(
        Volunteer, verbose_name=_("志愿者"), on_delete=models.CASCADE, related_name="trainings"
    )
    title = models.CharField(_("培训名称"), max_length=200)
    held_on = models.DateField(_("培训日期"))
    hours = models.DecimalField(
        _("培训学时"), max_digits=5, decimal_places=1, null=True, blank=True
    )

    class Meta:
        verbose_name = _("培训记录")
        verbose_name_plural = _("培训记录")
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return self.title


class AwardLevel(models.TextChoices):
    NATIONAL = "national", _("国家级")
    PROVINCIAL = "provincial", _("省级")
    CITY = "city", _("市级")
    COUNTY = "county", _("县(区)级")
    TOWNSHIP = "township", _("乡镇(街道)级")
    ORGANISATION = "organisation", _("组织内部")


class Award(VolunteerRecord):
    """R35: an honour or award (表彰奖励) a volunteer received, recorded by an organisation."""

    volunteer = models.ForeignKey(
        Volunteer, verbose_name=_("志愿者"), on_delete=models.CASCADE, related_name="awards"
    )
    title = models.CharField(_("表彰名称"), max_length=200)
    level = models.CharField(_("级别"), max_length=16, choices=AwardLevel.choices)
    issuer = models.CharField(_("授予单位"), max_length=100)
    awarded_on = models.DateField(_("授予日期"))

    class Meta:
        verbose_name = _("表彰奖励")
        verbose_name_plural = _("表彰奖励")
        ordering = ["-awarded_on"]

    def __str__(self) -> str:
        return self.title


class Rating(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    GOOD = "good", _("良好")
    PASS = "pass", _("合格")
    FAIL = "fail", _("不合格")


class Evaluation(VolunteerRecord):
    """R35: an organisation's evaluation (评价) of a volunteer for a period."""

    volunteer = models.ForeignKey(
        Volunteer, verbose_name=_("志愿者"), on_delete=models.CASCADE, related_name="evaluations"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("评价组织"), on_delete=models.PROTECT, related_name="+"
    )
    period = models.CharField(_("评价期间"), max_length=50)
    rating = models.CharField(_("评价等次"), max_length=16, choices=Rating.choices)
    comment = models.CharField(_("评语"), max_length=500, blank=True)
    evaluated_on = models.DateField(_("评价日期"))

    class Meta:
        verbose_name = _("志愿者评价")
        verbose_name_plural = _("志愿者评价")
        ordering = ["-evaluated_on"]

    def __str__(self) -> str:
        return f"{self.period} {self.get_rating_display()}"


# ================================================================ emergency matching
# (EmergencyDemand, EmergencyAssignment: issue item 6; the algorithm is in matching.py and the
# actions in actions/emergency.py.)


class EmergencyDemand(models.Model):
    """A call for volunteers in an emergency: skills, head count, place and time window.

    Posted by staff with an organiser role, or by a manager of an emergency team for that team
    (`organisation`; then only its approved members are matched). Matched by
    `actions.emergency.do_match_demands` (R39: the volunteer is told only what the demand needs;
    dispatchers see the 志愿者编号 and name, never an ID number).
    """

    title = models.CharField(_("需求名称"), max_length=200)
    region_code = models.CharField(_("区划代码"), max_length=12, db_index=True)
    address = models.CharField(_("集合地点"), max_length=200, blank=True)
    latitude = models.FloatField(_("纬度"), null=True, blank=True)
    longitude = models.FloatField(_("经度"), null=True, blank=True)
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    head_count = models.PositiveIntegerField(_("需要人数"))
    required_skills = models.ManyToManyField(
        Skill, verbose_name=_("所需技能"), blank=True, related_name="+"
    )
    teams_only = models.BooleanField(_("仅限应急队伍"), default=False)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("发布队伍"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="emergency_demands",
        help_text=_("由应急志愿服务队发布时，只在本队已加入的队员中匹配"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("发布时间"), default=timezone.now)

    class Meta:
        verbose_name = _("应急需求")
        verbose_name_plural = _("应急需求")
        ordering = ["-starts_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="vol_emergency_window"
            )
        ]

    def __str__(self) -> str:
        return self.title


class AssignmentStatus(models.TextChoices):
    OFFERED = "offered", _("待确认")
    CONFIRMED = "confirmed", _("已确认")
    DECLINED = "declined", _("已谢绝")


LIVE_ASSIGNMENT = (AssignmentStatus.OFFERED, AssignmentStatus.CONFIRMED)


class EmergencyAssignment(models.Model):
    """One volunteer matched to one emergency demand; offered, then confirmed or declined.

    A declined row frees its place and keeps the volunteer out of later matches for the same
    demand. `km` is the distance the matcher used.
    """

    demand = models.ForeignKey(
        EmergencyDemand,
        verbose_name=_("应急需求"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    volunteer = models.ForeignKey(
        Volunteer,
        verbose_name=_("志愿者"),
        on_delete=models.PROTECT,
        related_name="emergency_assignments",
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=AssignmentStatus.choices, default=AssignmentStatus.OFFERED
    )
    km = models.FloatField(_("距离(公里)"))
    region_code = models.CharField(_("区划代码"), max_length=12, db_index=True)
    offered_at = models.DateTimeField(_("派单时间"), default=timezone.now)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("应急派单")
        verbose_name_plural = _("应急派单")
        ordering = ["demand", "km"]
        constraints = [
            models.UniqueConstraint(fields=["demand", "volunteer"], name="vol_emergency_once")
        ]

    def __str__(self) -> str:
        return f"{self.demand} · {self.volunteer}"


# ================================================================ certificates (R36, R37)


class Certificate(models.Model):
    """志愿服务记录证明: an organisation certifies the confirmed service it recorded (R36).

    Invariants: `organisation` recorded and confirmed every one of `records`, all of them of
    `volunteer` (R36 "谁记录谁证明"); `hours` is their sum. `snapshot` holds the R37 fields
    exactly as printed (the ID number only masked, R39), so what was certified survives later
    changes to the volunteer or the organisation; `pdf` is the document handed out and `sha256`
    its digest, shown on the public verification page. Free of charge: there is no fee. Never
    edited after issue; a wrong certificate is revoked (`revoked_at`) and a new one issued.
    """

    number = models.CharField(_("证明编号"), max_length=24, unique=True)
    volunteer = models.ForeignKey(
        Volunteer, verbose_name=_("志愿者"), on_delete=models.PROTECT, related_name="certificates"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("出具组织"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    records = models.ManyToManyField(
        ServiceRecord, verbose_name=_("所证明的服务记录"), related_name="certificates"
    )
    region_code = models.CharField(_("区划代码"), max_length=12, db_index=True)
    hours = models.DecimalField(_("服务时长（小时）"), max_digits=9, decimal_places=2)
    content = models.TextField(_("服务内容"))
    first_date = models.DateField(_("服务起始日期"))
    last_date = models.DateField(_("服务截止日期"))
    leader_name = models.CharField(_("负责人"), max_length=50)
    handler_name = models.CharField(_("经办人"), max_length=50)
    contact_phone = models.CharField(_("联系方式"), max_length=30)
    snapshot = models.JSONField(_("证明内容"), default=dict)
    pdf = models.FileField(_("证明文件"), upload_to="volunteers/certificates/%Y/")
    sha256 = models.CharField(_("文件摘要(SHA-256)"), max_length=64)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("出具人"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("出具时间"), default=timezone.now)
    revoked_at = models.DateTimeField(_("作废时间"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("作废人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    revoke_reason = models.CharField(_("作废理由"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("志愿服务记录证明")
        verbose_name_plural = _("志愿服务记录证明")
        ordering = ["-issued_at", "-pk"]
        indexes = [models.Index(fields=["volunteer", "issued_at"], name="vol_certificate_mine")]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0), name="vol_certificate_hours")
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None


class CertificateRequest(models.Model):
    """A volunteer asks an organisation for a certificate of the service it recorded (R36).

    Open until the organisation issues one (`certificate`, `closed_at`); at most one open request
    per volunteer and organisation.
    """

    volunteer = models.ForeignKey(
        Volunteer,
        verbose_name=_("志愿者"),
        on_delete=models.CASCADE,
        related_name="certificate_requests",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("组织"),
        on_delete=models.CASCADE,
        related_name="certificate_requests",
    )
    region_code = models.CharField(_("区划代码"), max_length=12)
    requested_at = models.DateTimeField(_("申请时间"), default=timezone.now)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    certificate = models.ForeignKey(
        Certificate,
        verbose_name=_("出具的证明"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("证明申请")
        verbose_name_plural = _("证明申请")
        ordering = ["requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["volunteer", "organisation"],
                condition=Q(closed_at__isnull=True),
                name="vol_certificate_request_open_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.volunteer_id} → {self.organisation_id}"
