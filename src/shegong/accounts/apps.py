from __future__ import annotations

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "shegong.accounts"
    verbose_name = "单位与账号"
