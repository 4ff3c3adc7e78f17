from __future__ import annotations

from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    name = "shegong.workdays"
    verbose_name = "工作日"
