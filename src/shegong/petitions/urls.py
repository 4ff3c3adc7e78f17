"""The 信访 pages, mounted at /petitions/: staff pages, and the public tracking page."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path, re_path

from shegong.petitions import views, views_online

NUMBER = r"(?P<number>XF[0-9]{14})"
DOC = r"(?P<doc>XF[0-9]{14}-[A-Z]{2,3}[0-9]+)"

urlpatterns: list[URLPattern | URLResolver] = [
    path("new/", views.register_page, name="petitions_register"),
    path("online/", views_online.online_new, name="petitions_online"),
    re_path(
        rf"^online/{NUMBER}/receipt/$", views_online.online_receipt, name="petitions_online_receipt"
    ),
    path("track/", views.track, name="petitions_track"),
    re_path(rf"^track/{NUMBER}/$", views.track_case_page, name="petitions_track_case"),
    re_path(rf"^track/{NUMBER}/evaluate/$", views.evaluate, name="petitions_evaluate"),
    re_path(
        rf"^track/{NUMBER}/documents/{DOC}\.pdf$",
        views.track_document,
        name="petitions_track_document",
    ),
    re_path(rf"^{NUMBER}/$", views.case_page, name="petitions_case"),
    re_path(rf"^{NUMBER}/actions/(?P<verb>[a-z_]+)/$", views.case_action, name="petitions_action"),
    re_path(rf"^{NUMBER}/documents/{DOC}\.pdf$", views.staff_document, name="petitions_document"),
]
