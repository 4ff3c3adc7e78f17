"""Emergency matching: demands for volunteers in an emergency and the volunteers matched to them
(`EmergencyDemand`, `EmergencyAssignment`: issue item 6; the algorithm is in
`shegong.volunteers.matching` and the actions in `actions/emergency.py`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shegong.volunteers.models.organisations import Organisation
from shegong.volunteers.models.people import Volunteer
from shegong.volunteers.models.reference import Skill


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
