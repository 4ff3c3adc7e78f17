"""A ModelAdmin base whose every add, change and delete lands in the audit trail."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.forms import Form
from django.http import HttpRequest

from shegong.accounts.models import User
from shegong.audit.actions import record


def _actor(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


class AuditedModelAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Records `admin.add`, `admin.change` (with the changed field names) and `admin.delete`."""

    def save_model(self, request: HttpRequest, obj: Any, form: Form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        verb = "admin.change" if change else "admin.add"
        record(actor=_actor(request), verb=verb, obj=obj, payload={"fields": form.changed_data})

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        record(actor=_actor(request), verb="admin.delete", obj=obj, payload={"repr": str(obj)})
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet[Any]) -> None:
        for obj in queryset:
            record(actor=_actor(request), verb="admin.delete", obj=obj, payload={"repr": str(obj)})
        super().delete_queryset(request, queryset)
