"""The staff workbench navigation, by role."""

from __future__ import annotations

from typing import Any, TypedDict


class NavItem(TypedDict):
    label: str
    url: str


def navigation_for(user: Any) -> list[NavItem]:
    return []
