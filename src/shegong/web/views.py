"""Shell pages: home, staff workbench, citizen home, logins, region browser, health check.

Views stay thin: parse the request, call one query or action, render.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login, logout
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from shegong.accounts.actions import (
    LoginError,
    authenticate_password,
    do_login_by_sms,
    do_send_sms_code,
)
from shegong.accounts.models import User
from shegong.accounts.queries import access_region_code
from shegong.cases.actions import do_read_notices
from shegong.cases.models import Notice
from shegong.cases.queries import access_notice, notices_for, unread_notice_count
from shegong.regions.queries import ancestors_of, children_of, search_regions
from shegong.web import queries
from shegong.web.decorators import staff_required

BACKEND = "django.contrib.auth.backends.ModelBackend"

CITIZEN_TILES = [
    {"label": "我要反映", "hint": "诉求、建议、求助", "url": "/m/appeals/new"},
    {"label": "网上信访", "hint": "信访请求、检举控告", "url": "/petitions/online/"},
    {"label": "进度查询", "hint": "凭编号和查询码", "url": "/m/appeals/track"},
    {"label": "信访查询", "hint": "进度、文书、评价", "url": "/petitions/track/"},
    {"label": "志愿服务", "hint": "报名、签到、时长", "url": "/volunteers/"},
    {"label": "积分超市", "hint": "积分兑换", "url": "/m/"},
]


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    ok = url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
    return target if target and ok else fallback


def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if isinstance(user, User) and (user.is_staff_member or user.is_superuser):
        return redirect("workbench")
    return redirect("citizen_home")


def citizen_home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/citizen_home.html", {"tiles": CITIZEN_TILES})


@staff_required
def workbench(request: HttpRequest, user: User) -> HttpResponse:
    context = {
        "scope_name": queries.scope_name(user),
        "roles": queries.role_labels(user),
        "stats": queries.workbench_stats(user),
    }
    return render(request, "web/workbench.html", context)


def login_password(request: HttpRequest) -> HttpResponse:
    context = {"next": _safe_next(request, ""), "username": "", "error": ""}
    if request.method == "POST":
        context["username"] = request.POST.get("username", "").strip()
        try:
            user = authenticate_password(context["username"], request.POST.get("password", ""))
        except LoginError as exc:
            context["error"] = exc.message
        else:
            login(request, user, backend=BACKEND)
            return redirect(_safe_next(request, "/"))
    return render(
        request, "registration/login.html", context, status=400 if context["error"] else 200
    )


def login_sms(request: HttpRequest) -> HttpResponse:
    phone = request.POST.get("phone", "").strip()
    context = {"next": _safe_next(request, ""), "phone": phone, "sent": False, "error": ""}
    if request.method == "POST":
        try:
            if request.POST.get("step") == "verify":
                user = do_login_by_sms(phone, request.POST.get("code", ""))
                login(request, user, backend=BACKEND)
                return redirect(_safe_next(request, "/m/"))
            do_send_sms_code(phone)
            messages.success(request, "验证码已发送，请查收短信")
            context["sent"] = True
        except ValidationError as exc:
            context["error"] = " ".join(exc.messages)
        except LoginError as exc:
            context["error"], context["sent"] = exc.message, True
    return render(
        request, "registration/login_sms.html", context, status=400 if context["error"] else 200
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.success(request, "您已退出登录")
    return redirect("citizen_home")


@staff_required
def regions(request: HttpRequest, user: User) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    if q:
        found, trail = search_regions(q, within=user.scope_code, limit=50), []
    else:
        code = request.GET.get("code")
        code = access_region_code(user, code) if code else user.scope_code
        found = list(children_of(code))
        trail = ancestors_of(code, include_self=True) if code else []
    return render(request, "web/regions.html", {"regions": found, "q": q, "trail": trail})


@staff_required
def units(request: HttpRequest, user: User) -> HttpResponse:
    return render(request, "web/units.html", {"units": queries.units_with_counts(user)})


def healthz(request: HttpRequest) -> JsonResponse:
    checks = {"database": queries.database_ok(), "queue": queries.queue_ok()}
    body = {"ok": all(checks.values()), **{k: "ok" if v else "down" for k, v in checks.items()}}
    return JsonResponse(body, status=200 if body["ok"] else 503)


# ---------------------------------------------------------------- 我的通知 (in-app notices)

NOTICES_PER_PAGE = 50


@staff_required
def notices(request: HttpRequest, user: User) -> HttpResponse:
    """The user's notices, newest first; `?unread=1` shows only the unread ones."""
    unread_only = request.GET.get("unread") == "1"
    page = Paginator(notices_for(user, unread_only=unread_only), NOTICES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "rows": [notice_row(n) for n in page.object_list],
        "unread_only": unread_only,
        "unread": unread_notice_count(user),
    }
    return render(request, "web/notices.html", context)


@require_POST
@staff_required
def notices_read(request: HttpRequest, user: User, pk: int | None = None) -> HttpResponse:
    """Mark one notice (404 unless it is the user's own) or all unread notices read."""
    notice = access_notice(user, pk) if pk is not None else None
    do_read_notices(user, [notice.pk] if notice is not None else None)
    if notice is not None and request.headers.get("HX-Request"):
        notice.refresh_from_db()
        response = render(request, "web/_notice_row.html", {"row": notice_row(notice)})
        response["HX-Trigger"] = "notices-read"  # the unread counts redraw themselves
        return response
    return redirect("notices")


@staff_required
def notices_badge(request: HttpRequest, user: User) -> HttpResponse:
    """The topbar link's text with the unread count, loaded by htmx so pages pay no query;
    `?page=1` answers the notices page's own line instead."""
    count = unread_notice_count(user)
    if request.GET.get("page"):
        return HttpResponse(f"未读 {count} 条")
    if not count:
        return HttpResponse("通知")
    return HttpResponse(format_html('通知<span class="notice-count">{}</span>', count))


def notice_row(notice: Notice) -> dict[str, Any]:
    """A notice with the link to its case page (appeals have one; other procedures not yet)."""
    case = notice.case
    url = ""
    if case is not None and case.procedure == "appeals":
        url = reverse("appeals_case", kwargs={"number": case.number})
    return {"notice": notice, "case_url": url}
