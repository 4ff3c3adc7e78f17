"""Volunteer organisations, teams and stations, and the teams (小队) inside them.

An organisation records the service of its members and certifies only that (R36); its leader and
contact phone are what a certificate shows (R37).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shegong.accounts.models import OrgUnit
from shegong.volunteers.models.reference import ServiceCategory


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
