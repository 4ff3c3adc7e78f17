"""R35: the rest of a volunteer's record, each part recorded by an organisation: training,
awards (表彰奖励) and evaluations (评价).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shegong.volunteers.models.organisations import Organisation
from shegong.volunteers.models.people import Volunteer


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
