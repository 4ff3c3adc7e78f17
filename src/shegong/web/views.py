"""Shell pages: home, staff workbench, citizen home, logins, region browser, health check.

Views stay thin: parse the request, call one query or action, render.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, logout
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
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
from shegong.regions.queries import ancestors_of, children_of, search_regions
from shegong.web import queries
from shegong.web.decorators import staff_required

BACKEND = "django.contrib.auth.backends.ModelBackend"

CITIZEN_TILES = [
    {"label": "我要反映", "hint": "诉求、建议、求助", "url": "/m/"},
    {"label": "进度查询", "hint": "凭编号和查询码", "url": "/m/"},
    {"label": "志愿服务", "hint": "报名、签到、时长", "url": "/m/"},
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
        found, trail = list(children_of(code)), ancestors_of(code, include_self=True) if code else []
    return render(request, "web/regions.html", {"regions": found, "q": q, "trail": trail})


@staff_required
def units(request: HttpRequest, user: User) -> HttpResponse:
    return render(request, "web/units.html", {"units": queries.units_with_counts(user)})


def healthz(request: HttpRequest) -> JsonResponse:
    checks = {"database": queries.database_ok(), "queue": queries.queue_ok()}
    body = {"ok": all(checks.values()), **{k: "ok" if v else "down" for k, v in checks.items()}}
    return JsonResponse(body, status=200 if body["ok"] else 503)
