"""Admin for the holiday table. Every save and delete goes through `actions`, so each edit is
audited and every process's cached calendar reloads (R21, R52)."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

from shegong.accounts.models import User
from shegong.workdays import actions
from shegong.workdays.models import CalendarDay, CalendarYear


def _actor(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["date", "weekday", "kind", "name"]
    list_filter = ["kind"]
    date_hierarchy = "date"
    search_fields = ["name"]
    ordering = ["-date"]

    @admin.display(description="星期")
    def weekday(self, obj: CalendarDay) -> str:
        return obj.weekday_label

    def save_model(
        self, request: HttpRequest, obj: CalendarDay, form: ModelForm[CalendarDay], change: bool
    ) -> None:
        actions.do_save_day(obj, actor=_actor(request))

    def delete_model(self, request: HttpRequest, obj: CalendarDay) -> None:
        actions.do_delete_day(obj, actor=_actor(request))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[CalendarDay]) -> None:
        for day in queryset:
            actions.do_delete_day(day, actor=_actor(request))


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["year", "source", "loaded_at"]
    readonly_fields = ["loaded_at"]
    search_fields = ["source"]

    def save_model(
        self, request: HttpRequest, obj: CalendarYear, form: ModelForm[CalendarYear], change: bool
    ) -> None:
        actions.do_save_year(obj, actor=_actor(request))

    def delete_model(self, request: HttpRequest, obj: CalendarYear) -> None:
        actions.do_delete_year(obj, actor=_actor(request))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[CalendarYear]) -> None:
        for calendar_year in queryset:
            actions.do_delete_year(calendar_year, actor=_actor(request))
