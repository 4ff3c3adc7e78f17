"""Admin for volunteer service, in Chinese; every change is audited.

Reference data (skills, service categories) and organisations with their managers are edited
here. Volunteers, activities, sign-ups, service records and the rest change only through the
actions behind the volunteer and organiser pages, so here they are read-only, and an ID number
is never shown unmasked (R39).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from shegong.lib import regioncodes
from shegong.volunteers.models import (
    Activity,
    Award,
    Certificate,
    CertificateRequest,
    Evaluation,
    Insurance,
    Membership,
    Organisation,
    ServiceCategory,
    ServiceRecord,
    Shift,
    SignUp,
    Skill,
    Team,
    Training,
    Volunteer,
)
from shegong.web.admin_audit import AuditedModelAdmin


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Lists and details only: these rows change through the volunteer actions."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Skill)
class SkillAdmin(AuditedModelAdmin):
    list_display = ["name", "code", "sort", "is_active"]
    list_editable = ["sort", "is_active"]
    search_fields = ["name", "code"]


@admin.register(ServiceCategory)
class ServiceCategoryAdmin(AuditedModelAdmin):
    list_display = ["name", "code", "sort", "is_active"]
    list_editable = ["sort", "is_active"]
    search_fields = ["name", "code"]


class OrganisationForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Organisation
        fields = [
            "name",
            "kind",
            "region_code",
            "unit",
            "categories",
            "managers",
            "is_emergency",
            "leader_name",
            "contact_phone",
            "address",
            "description",
            "is_active",
        ]

    def clean_region_code(self) -> str:
        """Accept a short code (4452, 445202001) and store its 12-digit form (R51)."""
        try:
            return regioncodes.normalize(self.cleaned_data["region_code"])
        except regioncodes.InvalidRegionCodeError as exc:
            raise forms.ValidationError(
                "请填写有效的统计用区划代码（2、4、6、9 或 12 位）"
            ) from exc


class TeamInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Team
    extra = 0
    fields = ["name", "leader"]
    raw_id_fields = ["leader"]


@admin.register(Organisation)
class OrganisationAdmin(AuditedModelAdmin):
    form = OrganisationForm
    list_display = ["name", "kind", "region_code", "is_emergency", "leader_name", "is_active"]
    list_filter = ["kind", "is_emergency", "is_active"]
    search_fields = ["name", "region_code"]
    filter_horizontal = ["categories", "managers"]
    autocomplete_fields = ["unit"]
    inlines = [TeamInline]


@admin.register(Volunteer)
class VolunteerAdmin(ReadOnlyAdmin):
    list_display = ["number", "name", "masked_id", "region_code", "confirmed_hours", "stars"]
    list_filter = ["is_active", "id_type"]
    search_fields = ["number", "name", "region_code"]
    # The encrypted `id_number` is left out on purpose: only `masked_id` is shown (R39).
    readonly_fields = (
        "number",
        "name",
        "id_type",
        "masked_id",
        "gender",
        "birth_date",
        "region_code",
        "skills",
        "confirmed_hours",
        "stars",
        "consent_at",
        "consent_version",
        "phone_verified_at",
        "registered_by",
        "registered_by_organisation",
        "is_active",
        "created_at",
    )
    fields = readonly_fields

    @admin.display(description="证件号码")
    def masked_id(self, obj: Volunteer) -> str:
        return obj.masked_id_number

    @admin.display(description="星级")
    def stars(self, obj: Volunteer) -> str:
        return obj.star_label


class ShiftInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Shift
    extra = 0
    fields = ["name", "starts_at", "ends_at", "capacity"]
    readonly_fields = ["name", "starts_at", "ends_at", "capacity"]
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Activity)
class ActivityAdmin(ReadOnlyAdmin):
    list_display = ["title", "organisation", "category", "starts_at", "status", "risky"]
    list_filter = ["status", "risky", "category"]
    search_fields = ["title", "organisation__name", "region_code"]
    date_hierarchy = "starts_at"
    inlines = [ShiftInline]


@admin.register(SignUp)
class SignUpAdmin(ReadOnlyAdmin):
    list_display = ["volunteer", "shift", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["volunteer__number", "volunteer__name", "shift__activity__title"]
    list_select_related = ["volunteer", "shift"]


@admin.register(ServiceRecord)
class ServiceRecordAdmin(ReadOnlyAdmin):
    list_display = ["volunteer", "organisation", "service_date", "content", "hours", "status"]
    list_filter = ["status", "source"]
    search_fields = ["volunteer__number", "volunteer__name", "content", "organisation__name"]
    list_select_related = ["volunteer", "organisation"]


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ["volunteer", "organisation", "team", "status", "applied_at", "decided_at"]
    list_filter = ["status"]
    search_fields = ["volunteer__number", "volunteer__name", "organisation__name"]
    list_select_related = ["volunteer", "organisation", "team"]


@admin.register(Insurance)
class InsuranceAdmin(ReadOnlyAdmin):
    list_display = ["policy_number", "insurer", "organisation", "activity", "covers_from"]
    search_fields = ["policy_number", "insurer", "organisation__name"]


@admin.register(Training)
class TrainingAdmin(ReadOnlyAdmin):
    list_display = ["title", "volunteer", "organisation", "held_on", "recorded_by"]
    search_fields = ["title", "volunteer__number", "volunteer__name"]


@admin.register(Award)
class AwardAdmin(ReadOnlyAdmin):
    list_display = ["title", "volunteer", "level", "issuer", "awarded_on", "recorded_by"]
    list_filter = ["level"]
    search_fields = ["title", "volunteer__number", "volunteer__name"]


@admin.register(Evaluation)
class EvaluationAdmin(ReadOnlyAdmin):
    list_display = ["volunteer", "organisation", "period", "rating", "recorded_by"]
    list_filter = ["rating"]
    search_fields = ["volunteer__number", "volunteer__name", "period"]


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    """R36/R37 certificates: issued and revoked on the organiser pages; the snapshot holds the
    ID number only masked (R39)."""

    list_display = ["number", "volunteer", "organisation", "hours", "issued_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["number", "volunteer__number", "volunteer__name", "organisation__name"]
    list_select_related = ["volunteer", "organisation"]


@admin.register(CertificateRequest)
class CertificateRequestAdmin(ReadOnlyAdmin):
    list_display = ["volunteer", "organisation", "requested_at", "closed_at", "certificate"]
    search_fields = ["volunteer__number", "volunteer__name", "organisation__name"]
    list_select_related = ["volunteer", "organisation", "certificate"]
