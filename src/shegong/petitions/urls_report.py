"""The R19 annual report downloads, mounted under /petitions/."""

from __future__ import annotations

from django.urls import URLPattern, path

from shegong.petitions import views_report

urlpatterns: list[URLPattern] = [
    path("report/annual.xlsx", views_report.report_xlsx, name="petitions_report_xlsx"),
    path("report/annual.pdf", views_report.report_pdf, name="petitions_report_pdf"),
]
