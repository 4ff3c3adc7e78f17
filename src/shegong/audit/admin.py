"""The audit trail in the Django admin: read-only, and region-scoped for staff."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from shegong.accounts.models import User
from shegong.audit.models import AuditEntry
from shegong.audit.queries import visible_entries

# ModelAdmin is generic only in the type stubs; at run time it cannot be subscripted.
if TYPE_CHECKING:
    _ModelAdmin = admin.ModelAdmin[AuditEntry]
else:
    _ModelAdmin = admin.ModelAdmin


@admin.register(AuditEntry)
class AuditEntryAdmin(_ModelAdmin):
    """Browse and search the trail; nobody may add, change or delete a row here."""

    list_display = ("id", "at", "actor_label", "verb", "object_type", "object_id", "region_code")
    list_filter = ("verb", "hash_alg")
    # Object ids are searched whole (a case number, a user id), never as a substring.
    search_fields = ("=object_id", "actor_label")
    ordering = ("-id",)
    # Counting every row of a large trail on each page load is slow on PostgreSQL.
    show_full_result_count = False
    fields = (
        "id",
        "at",
        "actor",
        "actor_label",
        "verb",
        "object_type",
        "object_id",
        "region_code",
        "payload_text",
        "prev_hash",
        "hash",
        "hash_alg",
    )
    readonly_fields = fields

    @admin.display(description=_("内容"))
    def payload_text(self, entry: AuditEntry) -> SafeString:
        text = json.dumps(entry.payload, ensure_ascii=False, indent=2, sort_keys=True)
        return format_html("<pre>{}</pre>", text)

    def get_queryset(self, request: HttpRequest) -> QuerySet[AuditEntry]:
        user = request.user
        if isinstance(user, User):
            return visible_entries(user)
        return AuditEntry.objects.none()

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False
