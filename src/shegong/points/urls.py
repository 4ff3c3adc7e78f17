"""/points/: the village points store (积分超市)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from shegong.points import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="points_home"),
    path("v/<str:code>/", views.households, name="points_households"),
    path("v/<str:code>/rules", views.rules, name="points_rules"),
    path("v/<str:code>/claims", views.claims, name="points_claims"),
    path("v/<str:code>/goods", views.goods, name="points_goods"),
    path("v/<str:code>/redeem", views.redeem, name="points_redeem"),
    path("v/<str:code>/statement", views.statement, name="points_statement"),
    path("v/<str:code>/import", views.import_ledger, name="points_import"),
    path("claims/<int:pk>/<str:verb>", views.claim_action, name="points_claim_action"),
    path("board/<str:code>", views.board, name="points_board"),
]
