"""Open311 GeoReport v2 at /open311/v2/: every resource as `.json` or `.xml`."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, re_path

from shegong.api import open311

app_name = "open311"

FORMAT = r"\.(?P<fmt>json|xml)$"

urlpatterns: list[URLPattern | URLResolver] = [
    re_path(r"^$", open311.root, name="root"),
    re_path(r"^discovery" + FORMAT, open311.discovery, name="discovery"),
    re_path(r"^services" + FORMAT, open311.service_list, name="services"),
    re_path(r"^services/(?P<code>[^/]+)" + FORMAT, open311.service_definition, name="service"),
    re_path(r"^requests" + FORMAT, open311.service_requests, name="requests"),
    re_path(r"^requests/(?P<number>[^/]+)" + FORMAT, open311.service_request, name="request"),
    re_path(r"^tokens/(?P<token>[^/]+)" + FORMAT, open311.token, name="token"),
    re_path(r"^(?P<path>.*)$", open311.not_found, name="not_found"),
]
