"""Org units (单位), users, roles, SMS login codes and API tokens.

A staff user's scope is the region of their unit: everything whose `region_code` lies in that
region's subtree. Residents have no region scope; they see only what they brought themselves.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shegong.lib import regioncodes
from shegong.lib.crypto import mask_phone
from shegong.lib.fields import EncryptedTextField


class UnitKind(models.TextChoices):
    SOCIAL_WORK = "social_work", _("党委社会工作部")
    PETITION = "petition", _("信访部门")
    GOVERNMENT = "government", _("政府部门")
    DISTRICT_GOVERNMENT = "district_government", _("区(县)政府")
    POLITICAL_LEGAL = "political_legal", _("政法部门")
    DISCIPLINE = "discipline", _("纪检监察机关")
    TOWNSHIP = "township", _("街道/乡镇")
    VILLAGE = "village", _("村/社区")
    SOCIAL_ORG = "social_org", _("社会组织")
    OTHER = "other", _("其他")


class OrgUnit(models.Model):
    """A unit (单位) with a kind, a region and an optional parent unit.

    Invariant: `region_code` is a 12-digit statistical code (R51); the unit's staff are scoped
    to that region's subtree.
    """

    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类别"), max_length=32, choices=UnitKind.choices)
    region_code = models.CharField(_("区划代码"), max_length=12, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["region_code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region_code", "name"], name="unit_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def level(self) -> regioncodes.Level:
        return regioncodes.level_of(self.region_code)


class RoleCode(models.TextChoices):
    ADMIN = "admin", _("系统管理员")
    SOCIAL_WORK_STAFF = "social_work_staff", _("社工部工作人员")
    PETITION_STAFF = "petition_staff", _("信访工作人员")
    DISPATCHER = "dispatcher", _("派单员")
    HANDLER = "handler", _("承办人")
    SUPERVISOR = "supervisor", _("督办人")
    LEADER = "leader", _("领导(只读)")
    GRID_WORKER = "grid_worker", _("网格员")
    VILLAGE_CADRE = "village_cadre", _("村(社区)干部")
    RESIDENT = "resident", _("群众/志愿者")


STAFF_ROLES = frozenset(RoleCode) - {RoleCode.RESIDENT}


class Role(models.Model):
    """One of the fixed roles; rows are seeded by migration so admin can assign them."""

    code = models.CharField(_("代码"), max_length=32, primary_key=True, choices=RoleCode.choices)

    class Meta:
        verbose_name = _("角色")
        verbose_name_plural = _("角色")
        ordering = ["code"]

    def __str__(self) -> str:
        return str(RoleCode(self.code).label)


class User(AbstractUser):
    """A person who logs in: staff by password, residents by phone and SMS code.

    The phone number is stored encrypted beside a keyed hash for lookup (DESIGN: data protection).
    `failed_logins` and `locked_until` implement the password lockout.
    """

    name = models.CharField(_("姓名"), max_length=50, blank=True)
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("所属单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    roles = models.ManyToManyField(Role, verbose_name=_("角色"), blank=True)
    phone = EncryptedTextField(_("手机号"), blank=True, default="")
    phone_hash = models.CharField(
        _("手机号索引"), max_length=64, null=True, blank=True, unique=True, editable=False
    )
    failed_logins = models.PositiveSmallIntegerField(_("连续登录失败次数"), default=0)
    locked_until = models.DateTimeField(_("锁定至"), null=True, blank=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.name or self.username

    @property
    def display_name(self) -> str:
        return self.name or self.username

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    def role_codes(self) -> frozenset[str]:
        """The user's role codes, cached on the instance for the request."""
        cached: frozenset[str] | None = getattr(self, "_role_codes", None)
        if cached is None:
            cached = frozenset(self.roles.values_list("code", flat=True))
            self._role_codes = cached
        return cached

    def has_role(self, *codes: str) -> bool:
        return bool(self.role_codes() & set(codes))

    @property
    def is_staff_member(self) -> bool:
        return self.unit_id is not None and bool(self.role_codes() & STAFF_ROLES)

    @property
    def scope_code(self) -> str | None:
        """The region code whose subtree this user may see; None means no region scope."""
        if self.is_superuser:
            return None
        return self.unit.region_code if self.unit is not None else None

    def is_locked(self, now: datetime | None = None) -> bool:
        return self.locked_until is not None and self.locked_until > (now or timezone.now())


class SmsCode(models.Model):
    """A one-time login code sent by SMS; only its keyed hash is stored."""

    phone_hash = models.CharField(_("手机号索引"), max_length=64, db_index=True)
    code_hash = models.CharField(_("验证码摘要"), max_length=64)
    created_at = models.DateTimeField(_("发送时间"), default=timezone.now)
    expires_at = models.DateTimeField(_("失效时间"))
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    used_at = models.DateTimeField(_("使用时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("短信验证码")
        verbose_name_plural = _("短信验证码")

    def __str__(self) -> str:
        return f"验证码 {self.created_at:%Y-%m-%d %H:%M}"


class ApiToken(models.Model):
    """A personal API token. Only a keyed hash is stored; the key is shown once at creation."""

    user = models.ForeignKey(
        User, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("名称"), max_length=100)
    prefix = models.CharField(_("前缀"), max_length=12, editable=False)
    key_hash = models.CharField(_("密钥摘要"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
