"""The HTTP API root at /api/v1/ (django-ninja): OpenAPI at /api/v1/openapi.json, docs at /docs."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from shegong.accounts.api import router as accounts_router
from shegong.api import errors
from shegong.appeals.api import router as appeals_router
from shegong.cases.api import router as cases_router
from shegong.petitions.api import router as petitions_router
from shegong.petitions.api_report import router as petitions_report_router
from shegong.regions.api import router as regions_router
from shegong.volunteers.api import router as volunteers_router


class Utf8JSONRenderer(JSONRenderer):
    """Chinese text stays readable UTF-8 instead of \\u escapes."""

    json_dumps_params = {"ensure_ascii": False}

    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> Any:
        return super().render(request, data, response_status=response_status).encode("utf-8")


api = NinjaAPI(
    title="社工 API",
    version="1",
    description=(
        "党委社会工作部工作平台的 HTTP 接口。"
        "认证：`Authorization: Bearer <令牌>`、`X-Api-Key: <令牌>` 或浏览器会话。"
    ),
    urls_namespace="api",
    renderer=Utf8JSONRenderer(),
)
errors.install(api)
api.add_router("/regions", regions_router)
api.add_router("/", accounts_router)
api.add_router("/", cases_router)
api.add_router("/", appeals_router)
api.add_router("/", petitions_report_router)
api.add_router("/", petitions_router)
api.add_router("/volunteers", volunteers_router)
