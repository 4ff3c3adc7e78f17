from __future__ import annotations

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "shegong.api"
    verbose_name = "接口"
