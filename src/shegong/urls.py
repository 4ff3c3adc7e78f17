"""The URL map: the web shell, the admin, and the HTTP API."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from shegong.api.api import api

admin.site.site_header = "社工 · 管理后台"
admin.site.site_title = "社工管理后台"
admin.site.index_title = "数据管理"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("open311/v2/", include("shegong.api.open311_urls")),
    path("appeals/", include("shegong.appeals.urls_staff")),
    path("petitions/", include("shegong.petitions.urls")),
    path("petitions/", include("shegong.petitions.urls_report")),
    path("m/appeals/", include("shegong.appeals.urls_citizen")),
    path("volunteers/", include("shegong.volunteers.urls")),
    path("points/", include("shegong.points.urls")),
    path("", include("shegong.web.urls")),
]
