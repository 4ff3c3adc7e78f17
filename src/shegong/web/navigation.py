"""The staff workbench navigation, by role: each entry names the roles that see it."""

from __future__ import annotations

from typing import Any, TypedDict

from django.urls import reverse

from shegong.accounts.models import STAFF_ROLES, RoleCode


class NavItem(TypedDict):
    label: str
    url: str


# Roles with a box in the shared inbox (appeals.views.inbox.TABS).
_INBOX_ROLES = frozenset(
    {
        RoleCode.DISPATCHER,
        RoleCode.PETITION_STAFF,
        RoleCode.HANDLER,
        RoleCode.SOCIAL_WORK_STAFF,
        RoleCode.VILLAGE_CADRE,
        RoleCode.SUPERVISOR,
        RoleCode.LEADER,
        RoleCode.ADMIN,
    }
)

# (label, url name or path, roles that see it; empty = every staff member)
_ENTRIES: list[tuple[str, str, frozenset[str]]] = [
    ("工作台", "workbench", frozenset()),
    ("我的通知", "notices", frozenset()),
    ("行政区划", "regions", frozenset()),
    ("单位与人员", "units", frozenset(STAFF_ROLES - {RoleCode.GRID_WORKER})),
    ("工单箱", "inbox", _INBOX_ROLES),
    ("热线登记", "appeals_hotline", frozenset({RoleCode.DISPATCHER, RoleCode.ADMIN})),
    ("三率排名", "appeals_ranking", frozenset()),
    (
        "信访登记",
        "petitions_register",
        frozenset({RoleCode.PETITION_STAFF, RoleCode.ADMIN}),
    ),
    (
        "志愿服务",
        "volunteers_manage",
        frozenset({RoleCode.ADMIN, RoleCode.SOCIAL_WORK_STAFF, RoleCode.VILLAGE_CADRE}),
    ),
    ("积分超市", "points_home", frozenset({RoleCode.ADMIN, RoleCode.VILLAGE_CADRE})),
    ("管理后台", "admin:index", frozenset({RoleCode.ADMIN})),
    ("接口文档", "api:openapi-view", frozenset({RoleCode.ADMIN, RoleCode.SOCIAL_WORK_STAFF})),
]


def navigation_for(user: Any) -> list[NavItem]:
    if not getattr(user, "is_authenticated", False) or not user.is_staff_member:
        return []
    codes = user.role_codes()
    return [
        NavItem(label=label, url=reverse(name))
        for label, name, roles in _ENTRIES
        if not roles or user.is_superuser or codes & roles
    ]
