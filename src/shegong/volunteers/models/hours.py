"""Derived values of service (R38, R40): the hours a piece of service counts for, and the star
level that cumulative confirmed hours reach. Pure functions, no models.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

STAR_LABELS = ("未评星", "一星", "二星", "三星", "四星", "五星")
HOURS_PLACES = Decimal("0.01")


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
