"""The URL map: the web shell, the admin, and the HTTP API."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from shegong.api.api import api
from shegong.appeals.views.inbox import inbox

admin.site.site_header = "社工 · 管理后台"
admin.site.site_title = "社工管理后台"
admin.site.index_title = "数据管理"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("open311/v2/", include("shegong.api.open311_urls")),
    # The staff inbox is shared by every procedure (cases.inbox); /appeals/ and /petitions/
    # open it on their own kind.
    path("inbox/", inbox, name="inbox"),
    path("petitions/", inbox, {"preset": "petitions"}, name="petitions_inbox"),
    path("appeals/", include("shegong.appeals.urls_staff")),
    path("petitions/", include("shegong.petitions.urls")),
    path("petitions/", include("shegong.petitions.urls_report")),
    path("m/appeals/", include("shegong.appeals.urls_citizen")),
    path("volunteers/", include("shegong.volunteers.urls")),
    path("points/", include("shegong.points.urls")),
    path("", include("shegong.web.urls")),
]
