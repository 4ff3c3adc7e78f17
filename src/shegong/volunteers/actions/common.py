"""Shared pieces of the volunteer actions: the refusal type, permission checks, notices."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from shegong.accounts.models import User
from shegong.lib import regioncodes
from shegong.lib.sms import send_sms
from shegong.volunteers.models import (
    Organisation,
    Volunteer,
)
from shegong.volunteers.queries import manages


class VolunteerError(Exception):
    """A refused action: `code` is a stable machine code, `message` is shown as it is."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def require_manager(actor: User | None, organisation: Organisation) -> None:
    """None is the system itself (management commands); everyone else must run the org."""
    if actor is not None and not manages(actor, organisation):
        raise PermissionDenied("您不是该组织的管理人员")


def require_self(actor: User, volunteer: Volunteer) -> None:
    if actor.pk != volunteer.user_id:
        raise PermissionDenied("只能为本人办理")


def valid_region(code: str, field_name: str = "region_code") -> str:
    try:
        return regioncodes.normalize(code)
    except regioncodes.InvalidRegionCodeError as exc:
        raise ValidationError({field_name: "请选择有效的所在区域（统计用区划代码）"}) from exc


def local_date(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def text_on_commit(users: Sequence[User], message: str) -> None:
    """Text each user who has a phone, once the transaction has committed."""
    phones = [str(u.phone) for u in users if u.phone]

    def send_all() -> None:
        for phone in phones:
            send_sms(phone, message)

    if phones:
        transaction.on_commit(send_all)
