"""Template context shared by every page: the site name and the navigation for the user."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from shegong.web.navigation import navigation_for


def shell(request: HttpRequest) -> dict[str, Any]:
    return {"site_name": settings.SITE_NAME, "nav": navigation_for(request.user)}
