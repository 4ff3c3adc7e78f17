from __future__ import annotations

from django.apps import AppConfig


class VolunteersConfig(AppConfig):
    name = "shegong.volunteers"
    verbose_name = "志愿服务"
