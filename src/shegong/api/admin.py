"""Admin for Open311 keys and the requests Open311 clients posted, in Chinese.

Keys are issued and revoked only through the actions, so the key is shown once and every change
is audited; the request records are read-only.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.forms import Form
from django.http import HttpRequest

from shegong.accounts.models import User
from shegong.api.actions import do_create_open311_key, do_revoke_open311_key
from shegong.api.models import Open311Key, Open311Request


def _actor(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


@admin.register(Open311Key)
class Open311KeyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "prefix", "created_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "prefix"]
    fields = ["name"]
    actions = ["revoke"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Open311Key, form: Form, change: bool) -> None:
        key, value = do_create_open311_key(actor=_actor(request), name=obj.name)
        obj.pk = key.pk
        messages.warning(request, f"新的 api_key（只显示这一次，请立即交给客户端保存）：{value}")

    @admin.action(description="吊销所选密钥")
    def revoke(self, request: HttpRequest, queryset: QuerySet[Open311Key]) -> None:
        for key in queryset:
            do_revoke_open311_key(key, actor=_actor(request))
        messages.success(request, "已吊销所选密钥")


@admin.register(Open311Request)
class Open311RequestAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["token", "case", "key", "region_code", "created_at"]
    list_select_related = ["case", "key"]
    search_fields = ["token", "case__number"]
    readonly_fields = ("case", "key", "token", "region_code", "media_url", "address_id")
    fields = readonly_fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
