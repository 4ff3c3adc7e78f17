"""API endpoints about the current user."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from shegong.accounts.models import RoleCode, User
from shegong.api.auth import AUTH, current_user

router = Router(tags=["账号"])


class UnitOut(Schema):
    id: int
    name: str
    kind: str
    kind_label: str
    region_code: str


class RoleOut(Schema):
    code: str
    label: str


class MeOut(Schema):
    id: int
    username: str
    name: str
    phone: str
    unit: UnitOut | None
    roles: list[RoleOut]
    scope_code: str | None


def _me(user: User) -> MeOut:
    unit = user.unit
    return MeOut(
        id=user.pk,
        username=user.username,
        name=user.display_name,
        phone=user.masked_phone if user.phone else "",
        unit=UnitOut(
            id=unit.pk,
            name=unit.name,
            kind=unit.kind,
            kind_label=unit.get_kind_display(),
            region_code=unit.region_code,
        )
        if unit
        else None,
        roles=[RoleOut(code=c, label=str(RoleCode(c).label)) for c in sorted(user.role_codes())],
        scope_code=user.scope_code if user.is_staff_member or user.is_superuser else None,
    )


@router.get("/me", response=MeOut, auth=AUTH, summary="当前用户")
def me(request: HttpRequest) -> MeOut:
    return _me(current_user(request))
