"""Admin for 接诉即办 reference data, in Chinese; every change is audited."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import ForeignKey
from django.forms import ModelChoiceField
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from shegong.appeals.models import QrPoint
from shegong.cases.models import Category
from shegong.lib import regioncodes
from shegong.web.admin_audit import AuditedModelAdmin

# ---------------------------------------------------------------- "民呼我为" QR code points


class QrPointForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = QrPoint
        fields = ["name", "kind", "region_code", "unit", "channel", "category", "is_active"]

    def clean_region_code(self) -> str:
        """Accept a short code (4452, 445202001) and store its 12-digit form (R51)."""
        try:
            return regioncodes.normalize(self.cleaned_data["region_code"])
        except regioncodes.InvalidRegionCodeError as exc:
            raise forms.ValidationError(
                "请填写有效的统计用区划代码（2、4、6、9 或 12 位）"
            ) from exc


@admin.register(QrPoint)
class QrPointAdmin(AuditedModelAdmin):
    """Staff create the points here; the page links to the printable card, the PNG and the SVG."""

    form = QrPointForm
    list_display = ["name", "kind", "region_code", "unit", "is_active", "created_at", "codes"]
    list_filter = ["kind", "is_active", "channel"]
    search_fields = ["name", "region_code", "slug"]
    autocomplete_fields = ["unit"]
    readonly_fields = ["slug", "codes", "created_at"]
    fields = [
        "name",
        "kind",
        "region_code",
        "unit",
        "channel",
        "category",
        "is_active",
        "slug",
        "codes",
        "created_at",
    ]

    @admin.display(description="二维码")
    def codes(self, obj: QrPoint) -> SafeString | str:
        if obj.pk is None:
            return "保存后生成"
        return format_html(
            '<a href="{}" target="_blank">打印卡片</a> · <a href="{}" target="_blank">PNG</a>'
            ' · <a href="{}" target="_blank">SVG</a>',
            reverse("appeals_qr_card", args=[obj.slug]),
            reverse("appeals_qr_png", args=[obj.slug]),
            reverse("appeals_qr_svg", args=[obj.slug]),
        )

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField[Any] | None:
        if db_field.name == "category":
            kwargs["queryset"] = Category.objects.filter(is_active=True).select_related("parent")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
