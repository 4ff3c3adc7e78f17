from __future__ import annotations

from django.urls import path

from shegong.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("workbench/", views.workbench, name="workbench"),
    path("m/", views.citizen_home, name="citizen_home"),
    path("login/", views.login_password, name="login"),
    path("login/sms/", views.login_sms, name="login_sms"),
    path("logout/", views.logout_view, name="logout"),
    path("regions/", views.regions, name="regions"),
    path("units/", views.units, name="units"),
    path("healthz", views.healthz, name="healthz"),
    path("notices/", views.notices, name="notices"),
    path("notices/read/", views.notices_read, name="notices_read_all"),
    path("notices/<int:pk>/read/", views.notices_read, name="notices_read"),
    path("notices/badge/", views.notices_badge, name="notices_badge"),
]
