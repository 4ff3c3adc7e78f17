"""The resident's appeal pages, mounted at /m/appeals/."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from shegong.appeals.views import citizen

urlpatterns: list[URLPattern | URLResolver] = [
    path("new", citizen.new_appeal, name="appeals_new"),
    path("track", citizen.track, name="appeals_track"),
    path("mine", citizen.mine, name="appeals_mine"),
    path("qr/<slug:slug>.png", citizen.qr_point_png, name="appeals_qr_png"),
    path("qr/<slug:slug>.svg", citizen.qr_point_svg, name="appeals_qr_svg"),
    path("qr/<slug:slug>", citizen.qr_point_card, name="appeals_qr_card"),
    path("<str:number>/receipt", citizen.receipt, name="appeals_receipt"),
    path("<str:number>/rate", citizen.rate, name="appeals_rate"),
    path("<str:number>", citizen.status, name="appeals_status"),
]
