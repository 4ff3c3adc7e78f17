"""What both sets of volunteer pages share: who is asking, and how a refusal is shown."""

from __future__ import annotations

from collections.abc import Callable
from functools import update_wrapper
from typing import Concatenate, ParamSpec
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from shegong.accounts.models import User
from shegong.volunteers.actions import VolunteerError

P = ParamSpec("P")
UserView = Callable[Concatenate[HttpRequest, User, P], HttpResponse]
Refusal = (VolunteerError, PermissionDenied, ValidationError)


def current_user(request: HttpRequest) -> User | None:
    user = request.user
    return user if isinstance(user, User) and user.is_authenticated and user.is_active else None


def login_redirect(request: HttpRequest, name: str = "login_sms") -> HttpResponse:
    """To the login page, coming back here afterwards."""
    return redirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")


def login_required_as(name: str) -> Callable[[UserView[P]], Callable[..., HttpResponse]]:
    """Log in first (residents by SMS, organisers by `name`); the view gets the user."""

    def decorate(view: UserView[P]) -> Callable[..., HttpResponse]:
        def wrapper(request: HttpRequest, /, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
            user = current_user(request)
            if user is None:
                return login_redirect(request, name)
            return view(request, user, *args, **kwargs)

        update_wrapper(wrapper, view)
        return wrapper

    return decorate


resident_required = login_required_as("login_sms")
organiser_required = login_required_as("login")


def refusal_text(error: Exception) -> str:
    """The Chinese text of a refused action."""
    if isinstance(error, VolunteerError):
        return error.message
    if isinstance(error, ValidationError):
        return "；".join(error.messages)
    return str(error) or "没有权限执行此操作"


def as_validation(error: Exception) -> ValidationError:
    """A refusal as a ValidationError, to show on a form."""
    return error if isinstance(error, ValidationError) else ValidationError(refusal_text(error))
