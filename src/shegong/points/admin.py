"""Admin of the points store, in Chinese; every change is audited.

Households, rules and goods are edited here. Claims and the ledger change only through the
actions, so here they are read-only (R50: ledger entries are immutable).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from shegong.points.models import Claim, EarningRule, Good, Household, LedgerEntry, Transfer
from shegong.web.admin_audit import AuditedModelAdmin


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Lists and details only: these rows change through the points actions."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Household)
class HouseholdAdmin(AuditedModelAdmin):
    list_display = ["number", "head_name", "region_code", "members"]
    search_fields = ["number", "head_name", "region_code"]


@admin.register(EarningRule)
class EarningRuleAdmin(AuditedModelAdmin):
    list_display = ["name", "kind", "points", "region_code", "active"]


@admin.register(Good)
class GoodAdmin(AuditedModelAdmin):
    list_display = ["name", "price", "stock", "region_code", "active"]
    readonly_fields = ["stock"]


@admin.register(Claim)
class ClaimAdmin(ReadOnlyAdmin):
    list_display = ["household", "rule", "points", "status", "posted_until"]
    list_filter = ["status"]


@admin.register(Transfer)
class TransferAdmin(ReadOnlyAdmin):
    list_display = ["booked_on", "kind", "memo", "region_code"]
    list_filter = ["kind"]


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdmin):
    list_display = ["booked_on", "account", "household", "amount"]
