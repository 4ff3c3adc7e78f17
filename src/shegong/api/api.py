"""The HTTP API root at /api/v1/ (django-ninja)."""

from __future__ import annotations

from ninja import NinjaAPI

api = NinjaAPI(title="社工 API", version="1", urls_namespace="api")
