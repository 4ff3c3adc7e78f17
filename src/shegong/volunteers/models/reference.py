"""Reference data of volunteer service: the skills a volunteer offers and a shift or emergency
demand may require, the fields of service (`ServiceCategory`), both seeded; and the availability
grid (`Slot`) that `Volunteer.availability` is a bit mask of.
"""

from __future__ import annotations

from datetime import datetime
from enum import IntFlag

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
