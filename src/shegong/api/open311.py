"""Open311 GeoReport v2 at /open311/v2/, so existing Open311 clients can file and follow appeals.

Every resource answers in `.json` and `.xml`. Reads are public and show no personal data; a POST
needs an api_key (`shegong open311 key create`) and registers an appeal through the 接诉即办
procedure (R22). `jurisdiction_id` is a region code; a POST must give one (or `region_code`).
Every failure answers with the spec's error body: 400 bad request, 403 api_key, 404 not found.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.views.decorators.csrf import csrf_exempt

from shegong.api import queries
from shegong.api.actions import Open311Submission, do_submit_open311_request
from shegong.api.models import Open311Key
from shegong.api.open311_bodies import (
    DEFAULT_TYPE,
    Format,
    definition_out,
    error_response,
    receipt_out,
    request_out,
    respond,
    service_out,
)
from shegong.appeals.models import AppealType, UrgencyTier
from shegong.cases.actions import IntakeData
from shegong.cases.models import Category, Channel

View = Callable[..., HttpResponse]
SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
# Sortable date of the last change to the shape of the service list or definitions.
CHANGESET = "2026-01-01 00:00"
MAX_SPAN = timedelta(days=90)
MAX_DESCRIPTION = 4000
TITLE_LENGTH = 30
# Spec names of the fields intake reports errors on.
SPEC_FIELDS = {
    "title": "description",
    "content": "description",
    "region_code": "jurisdiction_id",
    "latitude": "lat",
    "longitude": "long",
    "type": "attribute[type]",
}


class Open311Error(Exception):
    """A failure answered with the spec's error body and this HTTP status."""

    def __init__(self, status: int, *descriptions: str) -> None:
        super().__init__(*descriptions)
        self.status = status
        self.descriptions = list(descriptions)


def as_format(value: str) -> Format:
    return "json" if value == "json" else "xml"


def validation_messages(exc: ValidationError) -> list[str]:
    if not hasattr(exc, "error_dict"):
        return list(exc.messages)
    return [
        f"{SPEC_FIELDS.get(name, name)}：{message}"
        for name, messages in exc.message_dict.items()
        for message in messages
    ]


def georeport(*methods: str) -> Callable[[View], View]:
    """Wrap a view: allowed methods, the format from the URL, spec error bodies for failures.

    CSRF does not apply: reads are public and a POST is authorised by its api_key alone.
    """
    allowed = (*methods, "HEAD") if "GET" in methods else methods

    def wrap(view: View) -> View:
        @functools.wraps(view)
        def run(request: HttpRequest, *args: Any, fmt: str, **kwargs: Any) -> HttpResponse:
            out = as_format(fmt)
            if request.method not in allowed:
                return method_not_allowed(out, request.method, methods)
            try:
                return view(request, *args, fmt=out, **kwargs)
            except Open311Error as exc:
                return error_response(out, exc.status, exc.descriptions)
            except Http404 as exc:
                return error_response(out, 404, [str(exc) or "未找到"])
            except ValidationError as exc:
                return error_response(out, 400, validation_messages(exc))

        return csrf_exempt(run)

    return wrap


def method_not_allowed(fmt: Format, method: str | None, methods: tuple[str, ...]) -> HttpResponse:
    response = error_response(fmt, 405, [f"不支持 {method} 请求"])
    response["Allow"] = ", ".join(methods)
    return response


# ---------------------------------------------------------------- parameters


def text(params: QueryDict, name: str) -> str:
    """One parameter as stripped text; "" when absent (the spec's "optional" means empty)."""
    value = params.get(name)
    return value.strip() if isinstance(value, str) else ""


def jurisdiction_param(params: QueryDict) -> str:
    return text(params, "jurisdiction_id") or text(params, "region_code")


def optional_jurisdiction(request: HttpRequest) -> str | None:
    """Reads take jurisdiction_id (a region code) as an optional filter of the subtree."""
    value = jurisdiction_param(request.GET)
    return queries.resolve_jurisdiction(value) if value else None


def comma_list(params: QueryDict, name: str) -> list[str]:
    """A parameter given comma-separated and/or several times."""
    return [p.strip() for v in params.getlist(name) for p in v.split(",") if p.strip()]


def parse_w3c(value: str, name: str) -> datetime | None:
    """A W3C date-time (2026-01-01T00:00:00Z, …+08:00) or date; naive means Asia/Shanghai."""
    # An unencoded "+08:00" arrives as " 08:00" in a query string.
    value = re.sub(r" (\d{2}:?\d{2})$", r"+\1", value.strip())
    if not value:
        return None
    try:
        moment = parse_datetime(value) or _start_of(parse_date(value))
    except ValueError:
        moment = None
    if moment is None:
        raise Open311Error(400, f"{name} 不是有效的 W3C 日期时间，例如 2026-01-01T00:00:00+08:00")
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def _start_of(day: date | None) -> datetime | None:
    return datetime.combine(day, time.min) if day else None


def date_range(start: datetime | None, end: datetime | None) -> tuple[datetime, datetime]:
    """The spec's window: the last 90 days by default, never more than 90 days."""
    if end is None:
        end = start + MAX_SPAN if start else timezone.now()
    start = start or end - MAX_SPAN
    if start > end:
        raise Open311Error(400, "start_date 不能晚于 end_date")
    if end - start > MAX_SPAN:
        raise Open311Error(400, "start_date 与 end_date 相隔不能超过 90 天")
    return start, end


def statuses(params: QueryDict) -> list[str]:
    values = comma_list(params, "status")
    if any(v not in ("open", "closed") for v in values):
        raise Open311Error(400, "status 只能是 open 或 closed")
    return values


def urgency_tiers() -> dict[str, UrgencyTier]:
    return {tier.code: tier for tier in UrgencyTier.objects.all()}


# ---------------------------------------------------------------- discovery and services


def endpoint_url(request: HttpRequest) -> str:
    discovery_url = reverse("open311:discovery", kwargs={"fmt": "xml"})
    return request.build_absolute_uri(discovery_url).rsplit("/", 1)[0]


def discovery_out(request: HttpRequest) -> dict[str, Any]:
    return {
        "changeset": CHANGESET,
        "contact": f"{settings.SITE_NAME}：请联系当地党委社会工作部，或拨打 12345 热线",
        "key_service": "api_key 由平台管理员签发（shegong open311 key create --name 客户端名称）",
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": endpoint_url(request),
                "changeset": CHANGESET,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }


@georeport("GET")
def discovery(request: HttpRequest, *, fmt: Format) -> HttpResponse:
    return respond(fmt, "discovery", discovery_out(request))


@georeport("GET")
def service_list(request: HttpRequest, *, fmt: Format) -> HttpResponse:
    optional_jurisdiction(request)
    return respond(fmt, "services", [service_out(c) for c in queries.services()])


@georeport("GET")
def service_definition(request: HttpRequest, code: str, *, fmt: Format) -> HttpResponse:
    optional_jurisdiction(request)
    category = queries.access_service(code)
    return respond(fmt, "service_definition", definition_out(category))


# ---------------------------------------------------------------- requests


@georeport("GET", "POST")
def service_requests(request: HttpRequest, *, fmt: Format) -> HttpResponse:
    if request.method == "POST":
        return post_request(request, fmt)
    return list_requests(request, fmt)


def list_requests(request: HttpRequest, fmt: Format) -> HttpResponse:
    params = request.GET
    jurisdiction = optional_jurisdiction(request)
    numbers = comma_list(params, "service_request_id")
    if numbers:
        cases = queries.requests_by_number(numbers, jurisdiction)
    else:
        start = parse_w3c(text(params, "start_date"), "start_date")
        end = parse_w3c(text(params, "end_date"), "end_date")
        first, last = date_range(start, end)
        cases = queries.search_requests(
            jurisdiction=jurisdiction,
            service_codes=comma_list(params, "service_code"),
            start=first,
            end=last,
            statuses=statuses(params),
        )
    tiers = urgency_tiers()
    return respond(fmt, "service_requests", [request_out(c, tiers) for c in cases])


@georeport("GET")
def service_request(request: HttpRequest, number: str, *, fmt: Format) -> HttpResponse:
    case = queries.access_public_request(number, optional_jurisdiction(request))
    return respond(fmt, "service_requests", [request_out(case, urgency_tiers())])


@georeport("GET")
def token(request: HttpRequest, token: str, *, fmt: Format) -> HttpResponse:
    found = queries.access_token(token, optional_jurisdiction(request))
    body = [{"service_request_id": found.case.number, "token": found.token}]
    return respond(fmt, "service_requests", body)


# ---------------------------------------------------------------- POST requests


def post_request(request: HttpRequest, fmt: Format) -> HttpResponse:
    """Validate → the key → one action → the spec's receipt (plus `token`)."""
    form = post_fields(request)
    key = authorised_key(text(form, "api_key"))
    missing = missing_fields(form)
    if missing:
        raise Open311Error(400, *missing)
    category = queries.access_service(text(form, "service_code"))
    region_code = queries.resolve_jurisdiction(jurisdiction_param(form))
    submission = submission_from(form, category=category, region_code=region_code)
    receipt = do_submit_open311_request(submission, key=key)
    body = receipt_out(receipt.result.case.number, receipt.request.token, receipt.result.code)
    return respond(fmt, "service_requests", [body])


def post_fields(request: HttpRequest) -> QueryDict:
    """The form body; a field some clients put in the query string instead is taken too."""
    fields = request.GET.copy()
    fields.update(request.POST)  # appended after, so the body's value wins in get()
    return fields


def authorised_key(value: str) -> Open311Key:
    if not value.strip():
        raise Open311Error(403, "缺少 api_key，无法提交诉求")
    key = queries.live_key(value.strip())
    if key is None:
        raise Open311Error(403, "api_key 无效或已吊销，无法提交诉求")
    return key


def missing_fields(form: QueryDict) -> list[str]:
    """Every required field that is absent, so the client learns them all at once."""
    missing = []
    if not text(form, "service_code"):
        missing.append("缺少 service_code")
    if not jurisdiction_param(form):
        missing.append("缺少 jurisdiction_id（诉求所在地的区划代码）")
    if not has_location(form):
        missing.append("缺少位置：请提供 lat 和 long，或 address_string，或 address_id")
    if not text(form, "description"):
        missing.append("缺少 description（诉求内容）")
    return missing


def has_location(form: QueryDict) -> bool:
    point = text(form, "lat") and text(form, "long")
    return bool(point or text(form, "address_string") or text(form, "address_id"))


def coordinate(form: QueryDict, name: str) -> float | None:
    value = text(form, name)
    if not value:
        return None
    try:
        return float(value)
    except ValueError as exc:
        raise Open311Error(400, f"{name} 不是有效的数字") from exc


def attribute(form: QueryDict, code: str, allowed: list[str], default: str) -> str:
    value = text(form, f"attribute[{code}]") or default
    if value not in allowed:
        raise Open311Error(400, f"attribute[{code}] 的取值无效：{value}")
    return value


def description_text(form: QueryDict) -> str:
    content = text(form, "description")
    if len(content) > MAX_DESCRIPTION:
        raise Open311Error(400, "description 不能超过 4000 字")
    return content


def intake_from(form: QueryDict, *, category: Category, region_code: str) -> IntakeData:
    content = description_text(form)
    name = text(form, "last_name") + text(form, "first_name")
    subtype = attribute(form, "type", list(AppealType.values), DEFAULT_TYPE)
    hidden = attribute(form, "hide_identity", ["true", "false"], "false") == "true"
    return IntakeData(
        title=content[:TITLE_LENGTH],
        content=content,
        region_code=region_code,
        channel=Channel.OPEN311,
        subtype=subtype,
        category=category,
        submitter_name=name[:50],
        submitter_phone=text(form, "phone")[:20],
        hide_identity=hidden,
        address=text(form, "address_string")[:200],
        latitude=coordinate(form, "lat"),
        longitude=coordinate(form, "long"),
    )


def submission_from(form: QueryDict, *, category: Category, region_code: str) -> Open311Submission:
    intake = intake_from(form, category=category, region_code=region_code)
    return Open311Submission(
        intake=intake,
        client_token=text(form, "client_token")[:200],
        media_url=media_url(form),
        address_id=text(form, "address_id"),
        email=text(form, "email"),
        device_id=text(form, "device_id"),
        account_id=text(form, "account_id"),
    )


def media_url(form: QueryDict) -> str:
    value = text(form, "media_url")
    if value and not re.match(r"^https?://\S+$", value):
        raise Open311Error(400, "media_url 必须是 http 或 https 链接")
    return value


# ---------------------------------------------------------------- everything else


def root(request: HttpRequest) -> HttpResponse:
    """The endpoint's root shows where to start: the discovery document."""
    return HttpResponseRedirect(reverse("open311:discovery", kwargs={"fmt": "xml"}))


@csrf_exempt
def not_found(request: HttpRequest, path: str) -> HttpResponse:
    """Any other URL under /open311/v2/: a spec 404, in JSON when the path asks for it."""
    fmt: Format = "json" if path.endswith(".json") else "xml"
    return error_response(fmt, 404, [f"没有这个接口：{path}"])
