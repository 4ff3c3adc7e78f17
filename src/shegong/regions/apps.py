from __future__ import annotations

from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "shegong.regions"
    verbose_name = "行政区划"
