"""One error shape for the whole API: {"code": "...", "message": "中文说明", "fields": {...}}."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, AuthorizationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from shegong.cases.actions import CaseConflictError


class ApiError(HttpError):
    """An error with a stable machine code and a Chinese message."""

    def __init__(
        self, status: int, code: str, message: str, fields: dict[str, list[str]] | None = None
    ) -> None:
        super().__init__(status, message)
        self.code = code
        self.fields = fields or {}


def error_body(
    code: str, message: str, fields: dict[str, list[str]] | None = None
) -> dict[str, Any]:
    return {"code": code, "message": message, "fields": fields or {}}


def _field_name(loc: list[Any] | tuple[Any, ...]) -> str:
    # ninja prefixes the parameter source ("body", "query", "path") and the payload name.
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "form", "payload")]
    return ".".join(parts) or "__all__"


_PYDANTIC_MESSAGES = {
    "missing": "此项为必填项",
    "string_too_short": "内容太短",
    "string_too_long": "内容太长",
    "int_parsing": "请输入整数",
    "string_pattern_mismatch": "格式不正确",
    "value_error": "取值无效",
}


def install(api: NinjaAPI) -> None:
    """Register the handlers that turn every failure into the one error shape."""

    def respond(request: HttpRequest, status: int, body: dict[str, Any]) -> HttpResponse:
        return api.create_response(request, body, status=status)

    @api.exception_handler(NinjaValidationError)
    def on_invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        fields: dict[str, list[str]] = {}
        for err in exc.errors:
            message = _PYDANTIC_MESSAGES.get(str(err.get("type")), "取值无效")
            fields.setdefault(_field_name(err.get("loc", ())), []).append(message)
        return respond(request, 422, error_body("invalid", "提交的内容有误，请检查后重试", fields))

    @api.exception_handler(DjangoValidationError)
    def on_django_invalid(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        fields = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        message = "；".join(m for msgs in fields.values() for m in msgs)
        return respond(request, 422, error_body("invalid", message, fields))

    @api.exception_handler(AuthenticationError)
    def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return respond(request, 401, error_body("unauthenticated", "请先登录或提供有效的 API 令牌"))

    @api.exception_handler(AuthorizationError)
    def on_forbidden(request: HttpRequest, exc: AuthorizationError) -> HttpResponse:
        return respond(request, 403, error_body("forbidden", "没有权限执行此操作"))

    @api.exception_handler(PermissionDenied)
    def on_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return respond(request, 403, error_body("forbidden", str(exc) or "没有权限执行此操作"))

    @api.exception_handler(Http404)
    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return respond(request, 404, error_body("not_found", str(exc) or "未找到"))

    @api.exception_handler(ApiError)
    def on_api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return respond(request, exc.status_code, error_body(exc.code, exc.message, exc.fields))

    @api.exception_handler(CaseConflictError)
    def on_conflict(request: HttpRequest, exc: CaseConflictError) -> HttpResponse:
        return respond(request, 409, error_body("not_allowed", exc.message))

    @api.exception_handler(HttpError)
    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return respond(request, exc.status_code, error_body("error", str(exc)))
