"""API authentication: a personal token (`Authorization: Bearer sg_…`) or the browser session."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import APIKeyHeader, HttpBearer, django_auth

from shegong.accounts.models import User
from shegong.accounts.queries import user_by_api_key


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = user_by_api_key(token)
        if user is not None:
            request.user = user
        return user


class HeaderToken(APIKeyHeader):
    param_name = "X-Api-Key"

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = user_by_api_key(key) if key else None
        if user is not None:
            request.user = user
        return user


AUTH = [BearerToken(), HeaderToken(), django_auth]


def current_user(request: HttpRequest) -> User:
    """The authenticated user of an API request (auth has already run)."""
    user = request.user
    assert isinstance(user, User)
    return user
