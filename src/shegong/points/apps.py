from __future__ import annotations

from django.apps import AppConfig


class PointsConfig(AppConfig):
    name = "shegong.points"
    verbose_name = "积分超市"
