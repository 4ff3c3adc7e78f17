"""Admin for units, users and API tokens, in Chinese; every change is audited."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.forms import Form
from django.http import HttpRequest

from shegong.accounts.actions import do_create_api_token, do_unlock_user
from shegong.accounts.models import ApiToken, OrgUnit, Role, User
from shegong.web.admin_audit import AuditedModelAdmin


@admin.register(OrgUnit)
class OrgUnitAdmin(AuditedModelAdmin):
    list_display = ["name", "kind", "region_code", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "region_code"]
    autocomplete_fields = ["parent"]


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["code", "__str__"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(User)
class UserAdmin(AuditedModelAdmin, DjangoUserAdmin):  # type: ignore[type-arg]
    list_display = ["username", "name", "unit", "is_active", "locked_until", "last_login"]
    list_filter = ["is_active", "roles", "unit__kind"]
    search_fields = ["username", "name", "unit__name"]
    filter_horizontal = ["roles"]
    autocomplete_fields = ["unit"]
    readonly_fields = ["masked_phone", "failed_logins", "locked_until", "last_login", "date_joined"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("个人信息", {"fields": ("name", "masked_phone", "email")}),
        ("单位与角色", {"fields": ("unit", "roles", "is_active", "is_staff", "is_superuser")}),
        ("登录", {"fields": ("failed_logins", "locked_until", "last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"fields": ("username", "name", "unit", "password1", "password2")}),)
    actions = ["unlock"]

    @admin.display(description="手机号")
    def masked_phone(self, obj: User) -> str:
        return obj.masked_phone

    @admin.action(description="解除登录锁定")
    def unlock(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        actor = request.user
        assert isinstance(actor, User)
        for user in queryset:
            do_unlock_user(user, actor=actor)
        messages.success(request, "已解除所选账号的锁定")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    fields = ["user", "name"]
    autocomplete_fields = ["user"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: ApiToken, form: Form, change: bool) -> None:
        actor = request.user if isinstance(request.user, User) else None
        token, key = do_create_api_token(obj.user, actor=actor, name=obj.name)
        obj.pk = token.pk
        messages.warning(request, f"新令牌（只显示这一次，请立即保存）：{key}")
