"""Admin for regions (read-only: they come from the loader), population figures and grids.

Every save goes through `actions`, so each edit is validated, permission-checked and audited.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Q, QuerySet
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext_lazy as _

from shegong.accounts.models import User
from shegong.regions import actions
from shegong.regions.models import Grid, GridAssignment, GridKind, Region, RegionPopulation
from shegong.regions.queries import grids_in_scope


def _actor(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["code", "name", "level", "full_name"]
    list_filter = ["level"]
    search_fields = ["name"]
    search_help_text = _("输入名称中的字词，或区划代码的前几位")
    ordering = ["code"]
    list_per_page = 50
    # Counting 665,000 rows for the "show all" total on every page is wasted work.
    show_full_result_count = False
    fields = ["code", "name", "level", "parent", "full_name"]

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Region], search_term: str
    ) -> tuple[QuerySet[Region], bool]:
        term = search_term.strip()
        if term.isdigit() and len(term) <= 12:
            # A code prefix is a primary-key range, answered by the index on both databases.
            return queryset.filter(
                code__gte=term.ljust(12, "0"), code__lte=term.ljust(12, "9")
            ), False
        return super().get_search_results(request, queryset, search_term)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class PopulationImportForm(forms.Form):
    file = forms.FileField(
        label=_("xlsx 文件"),
        help_text=_("列：区划代码、年份、常住人口、城镇常住人口（可选：来源）"),
    )


@admin.register(RegionPopulation)
class RegionPopulationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["region", "year", "resident", "urban_resident", "source", "updated_at"]
    list_filter = ["year"]
    search_fields = ["region__name", "region__code"]
    autocomplete_fields = ["region"]
    fields = ["region", "year", "resident", "urban_resident", "source"]
    list_select_related = ["region"]
    change_list_template = "admin/regions/regionpopulation/change_list.html"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # The row is keyed by region and year; changing either would be a different figure.
        return ["region", "year"] if obj is not None else []

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(
        self,
        request: HttpRequest,
        obj: RegionPopulation,
        form: ModelForm[RegionPopulation],
        change: bool,
    ) -> None:
        saved = actions.do_set_population(
            obj.region,
            year=obj.year,
            resident=obj.resident,
            urban_resident=obj.urban_resident,
            source=obj.source or actions.MANUAL_SOURCE,
            actor=_actor(request),
        )
        obj.pk = saved.pk
        obj._state.adding = False

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view(self.import_view)
        return [
            path("import/", view, name="regions_regionpopulation_import"),
            *super().get_urls(),
        ]

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request):
            return HttpResponseRedirect(reverse("admin:regions_regionpopulation_changelist"))
        form = PopulationImportForm(request.POST or None, request.FILES or None)
        report = None
        if request.method == "POST" and form.is_valid():
            report = actions.do_import_population(form.cleaned_data["file"], actor=_actor(request))
            if report.ok:
                messages.success(request, report.summary())
                return HttpResponseRedirect(reverse("admin:regions_regionpopulation_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": _("从 xlsx 导入常住人口"),
            "opts": self.model._meta,
            "form": form,
            "report": report,
        }
        return render(request, "admin/regions/regionpopulation/import.html", context)


class GridAssignmentForm(ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = GridAssignment
        fields = ["user", "since", "until"]


class GridAssignmentFormSet(BaseInlineFormSet):  # type: ignore[type-arg]
    """Saves through the actions: a new row starts a term, a filled-in 离任日期 ends one."""

    request: HttpRequest

    def save(self, commit: bool = True) -> list[GridAssignment]:
        actor = _actor(self.request)
        # The admin's change message reads these three lists, as after a normal formset save.
        self.new_objects: list[GridAssignment] = []
        self.changed_objects: list[tuple[GridAssignment, list[str]]] = []
        self.deleted_objects: list[GridAssignment] = []
        for form in self.forms:
            if not form.has_changed():
                continue
            assignment = form.instance
            if assignment.pk is None:
                self.new_objects.append(
                    actions.do_assign_grid_worker(
                        self.instance, assignment.user, actor=actor, since=assignment.since
                    )
                )
            elif "until" in form.changed_data and assignment.until is not None:
                # The form already wrote the new date onto the instance; the action checks it.
                until, assignment.until = assignment.until, None
                actions.do_end_grid_assignment(assignment, actor=actor, until=until)
                self.changed_objects.append((assignment, ["until"]))
        return self.new_objects + [obj for obj, _fields in self.changed_objects]


class GridAssignmentInline(admin.TabularInline):  # type: ignore[type-arg]
    model = GridAssignment
    form = GridAssignmentForm
    formset = GridAssignmentFormSet
    extra = 1
    can_delete = False
    autocomplete_fields = ["user"]
    verbose_name = _("网格员任职")
    verbose_name_plural = _("网格员")

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        formset = cast(type[GridAssignmentFormSet], super().get_formset(request, obj, **kwargs))
        formset.request = request
        return formset


@admin.register(Grid)
class GridAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "code", "kind", "region", "is_active", "worker_count"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code", "region__name"]
    autocomplete_fields = ["region"]
    list_select_related = ["region"]
    fields = ["region", "kind", "code", "name", "is_active"]
    inlines = [GridAssignmentInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Grid]:
        actor = _actor(request)
        grids = grids_in_scope(actor) if actor is not None else Grid.objects.none()
        return grids.annotate(
            open_terms=Count("assignments", filter=Q(assignments__until__isnull=True))
        )

    @admin.display(description=_("在任网格员"), ordering="open_terms")
    def worker_count(self, obj: Grid) -> int:
        return int(getattr(obj, "open_terms", 0))

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # A grid's place and number identify it in every record that cites it.
        return ["region", "kind", "code"] if obj is not None else []

    def get_inlines(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        # Workers are added once the grid exists, so each term is checked against its region.
        return [GridAssignmentInline] if obj is not None else []

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: Grid, form: ModelForm[Grid], change: bool
    ) -> None:
        actor = _actor(request)
        if change:
            # The form has already copied the new values onto `obj`; the action compares them
            # with the stored grid to audit what changed.
            stored = Grid.objects.get(pk=obj.pk)
            actions.do_update_grid(stored, actor=actor, name=obj.name, is_active=obj.is_active)
            return
        created = actions.do_create_grid(
            obj.region, actor=actor, code=obj.code, name=obj.name, kind=GridKind(obj.kind)
        )
        if not obj.is_active:
            actions.do_update_grid(created, actor=actor, is_active=False)
        obj.pk = created.pk
        obj.region_code = created.region_code
        obj._state.adding = False
