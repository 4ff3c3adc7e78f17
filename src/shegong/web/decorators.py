"""View decorators for the staff shell, and how a view tells an htmx request."""

from __future__ import annotations

from collections.abc import Callable
from functools import update_wrapper
from typing import Concatenate, ParamSpec, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase

from shegong.accounts.models import User

P = ParamSpec("P")
R = TypeVar("R", bound=HttpResponseBase)  # HttpResponse, or a streamed FileResponse
StaffView = Callable[Concatenate[HttpRequest, User, P], R]


def staff_required(
    view: StaffView[P, R],
) -> Callable[Concatenate[HttpRequest, P], R | HttpResponse]:
    """Log in first; then only staff members (or superusers) get the page, others a 404."""

    def wrapper(request: HttpRequest, /, *args: P.args, **kwargs: P.kwargs) -> R | HttpResponse:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        assert isinstance(user, User)
        if not (user.is_staff_member or user.is_superuser):
            raise Http404("页面不存在")
        return view(request, user, *args, **kwargs)

    update_wrapper(wrapper, view)
    return wrapper


def is_htmx(request: HttpRequest) -> bool:
    """Whether htmx sent the request (it then wants a fragment, not the whole page)."""
    return request.headers.get("HX-Request") == "true"
