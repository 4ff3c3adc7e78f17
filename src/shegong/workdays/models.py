"""The holiday table: State Council holidays and make-up workdays, year by year (R21, R52).

A year counts as known only when it has a `CalendarYear` row; its `CalendarDay` rows then say
which dates are holidays and which weekend dates are make-up workdays. Any other year falls back
to Monday–Friday and its deadlines are provisional (R52). Rows change only through
`shegong.workdays.actions`, which also renews the year's `revision` so cached calendars reload.
"""

from __future__ import annotations

import uuid
from datetime import date

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

FIRST_YEAR = 1900
LAST_YEAR = 2200
WEEKDAY_LABELS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")

# Spellings a spreadsheet may use for each kind, besides the stored codes and the labels.
_KIND_ALIASES = {
    "休息日": "holiday",
    "节假日": "holiday",
    "假日": "holiday",
    "放假": "holiday",
    "上班日": "workday",
    "调休上班": "workday",
    "调休": "workday",
    "补班": "workday",
}


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("休息日(节假日)")
    WORKDAY = "workday", _("调休上班日")

    @classmethod
    def parse(cls, text: str) -> DayKind | None:
        """The kind written as a code, a label or a common spelling; None if unrecognised."""
        text = text.strip()
        for kind in cls:
            if text in (kind.value, str(kind.label)):
                return kind
        alias = _KIND_ALIASES.get(text)
        return cls(alias) if alias else None


class CalendarYear(models.Model):
    """A year whose holidays and make-up workdays are in the table (R52).

    Invariant: the year is covered exactly when this row exists; its days are the `CalendarDay`
    rows dated in that year. `revision` changes on every change to the year or its days, so a
    process holding a cached calendar notices and reloads.
    """

    year = models.PositiveSmallIntegerField(
        _("年度"),
        unique=True,
        validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)],
    )
    source = models.CharField(
        _("来源"), max_length=100, default="手工", help_text=_("如 chinesecalendar、导入、手工")
    )
    loaded_at = models.DateTimeField(_("载入时间"), default=timezone.now)
    revision = models.UUIDField(_("版本"), default=uuid.uuid4, editable=False)

    class Meta:
        verbose_name = _("已载入年度")
        verbose_name_plural = _("已载入年度")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年"

    def days(self) -> models.QuerySet[CalendarDay]:
        return CalendarDay.objects.filter(date__year=self.year)


class CalendarDay(models.Model):
    """One date of the State Council schedule: a holiday, or a make-up workday (R21).

    A holiday is a rest day even on a weekday; a make-up workday (调休上班日) is a working day
    even on a weekend. Dates not listed follow the week: Monday–Friday work, weekends rest.
    """

    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类别"), max_length=16, choices=DayKind.choices)
    name = models.CharField(_("名称"), max_length=32, help_text=_("如 国庆节、春节"))

    class Meta:
        verbose_name = _("节假日与调休日")
        verbose_name_plural = _("节假日与调休日")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.name}({self.get_kind_display()})"

    @property
    def weekday_label(self) -> str:
        return weekday_label(self.date)


def weekday_label(d: date) -> str:
    return WEEKDAY_LABELS[d.weekday()]
