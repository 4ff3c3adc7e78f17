from __future__ import annotations

from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "shegong.cases"
    verbose_name = "工单引擎"
