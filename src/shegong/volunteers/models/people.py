"""Volunteers: registration and identity (R35 basic information, R39), and their membership of
organisations.

`Volunteer.number` is the only public identifier and the ID number is stored encrypted and shown
masked (R39); `Volunteer.confirmed_hours` is the cumulative confirmed total behind the star level
(R40).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shegong.lib.crypto import mask_id_number
from shegong.lib.fields import EncryptedTextField
from shegong.volunteers.models.hours import star_label, star_level
from shegong.volunteers.models.organisations import Organisation, Team
from shegong.volunteers.models.reference import Skill, slot_labels

# The version of the consent text a volunteer agrees to at registration (R39); bump it when the
# text in volunteers/_consent_text.html changes, so every record says which text was agreed to.
CONSENT_VERSION = "2026-01"


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
