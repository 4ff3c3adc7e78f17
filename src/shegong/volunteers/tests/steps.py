"""Shared steps of the volunteer tests: people, an organisation, an activity with a shift.

The cast (src/shegong/conftest.py) lives in 榕城区; `manager` runs the 进东社区 volunteer station
as a named manager (a resident, not staff), `village_cadre` supervises it by region scope, and
`outsider` works for 揭东区. Activities happen on Saturday 11 May 2030, safely in the future.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.test import Client

from shegong.accounts.actions import do_create_user
from shegong.accounts.models import RoleCode, User
from shegong.conftest import VILLAGE, Cast, make_user
from shegong.lib.idcard import check_char
from shegong.volunteers.actions import (
    ActivityData,
    Registration,
    do_add_shift,
    do_check_in,
    do_check_out,
    do_confirm_record,
    do_create_activity,
    do_create_organisation,
    do_publish_activity,
    do_record_insurance,
    do_register_volunteer,
    do_sign_up,
)
from shegong.volunteers.models import (
    Activity,
    Organisation,
    OrganisationKind,
    ServiceCategory,
    ServiceRecord,
    Shift,
    Skill,
    Volunteer,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
START = datetime(2030, 5, 11, 9, 0, tzinfo=SHANGHAI)  # a Saturday morning
END = START + timedelta(hours=3)
# Valid: the GB 11643 standard's own example, and one computed here (check digit 6).
VALID_ID = "11010519491231002X"
VALID_ID_2 = "445202199003071236"


def id_number(n: int) -> str:
    """The n-th valid resident ID number of 榕城区 (born 1 Jan 1960 + n // 900)."""
    year, sequence = 1960 + n // 900, 100 + n % 900
    first17 = f"445202{year}0101{sequence:03d}"
    return first17 + check_char(first17)


def phone(n: int) -> str:
    return f"139{n:08d}"


def resident(n: int, name: str = "") -> User:
    """A resident who logged in by SMS once: a verified phone and no roles but 群众."""
    return do_create_user(
        actor=None,
        username=f"r{n}",
        name=name,
        unit=None,
        roles=[RoleCode.RESIDENT],
        phone=phone(n),
    )


def volunteer(n: int, *, name: str = "", skills: list[str] | None = None) -> Volunteer:
    """A self-registered volunteer living in 进东社区."""
    user = resident(n)
    data = Registration(
        name=name or f"志愿者{n}",
        id_number=id_number(n),
        region_code=VILLAGE,
        consent=True,
        skills=list(Skill.objects.filter(name__in=skills or [])),
        availability=0b001000,
    )
    return do_register_volunteer(user, data, actor=user)


def manager_user() -> User:
    return make_user("manager", None, RoleCode.RESIDENT, name="何队长")


def organisation(manager: User | None = None, name: str = "进东社区志愿服务站") -> Organisation:
    return do_create_organisation(
        actor=None,
        name=name,
        kind=OrganisationKind.COMMUNITY_STATION,
        region_code=VILLAGE,
        managers=[manager] if manager else [],
        leader_name="何队长",
        contact_phone="0663-8888888",
    )


@dataclass
class Scene:
    """An organisation run by `manager`, with a published activity and its first shift."""

    organisation: Organisation
    manager: User
    activity: Activity
    shift: Shift


def activity(
    org: Organisation,
    by: User,
    *,
    title: str = "进东社区敬老院陪伴",
    risky: bool = False,
    start: datetime = START,
    hours: int = 3,
    lat: float | None = 23.54,
    lng: float | None = 116.37,
) -> Activity:
    data = ActivityData(
        title=title,
        category=ServiceCategory.objects.get(code="elderly_disabled"),
        region_code=VILLAGE,
        starts_at=start,
        ends_at=start + timedelta(hours=hours),
        address="进东路 3 号",
        latitude=lat,
        longitude=lng,
        risky=risky,
    )
    return do_create_activity(org, data, actor=by)


def shift(
    found: Activity,
    by: User,
    *,
    capacity: int = 2,
    start: datetime | None = None,
    hours: int = 3,
    skills: list[str] | None = None,
    name: str = "陪伴岗",
) -> Shift:
    begin = start or found.starts_at
    return do_add_shift(
        found,
        actor=by,
        name=name,
        starts_at=begin,
        ends_at=begin + timedelta(hours=hours),
        capacity=capacity,
        skills=list(Skill.objects.filter(name__in=skills or [])),
    )


def scene(cast: Cast, *, capacity: int = 2, risky: bool = False, insured: bool = False) -> Scene:
    manager = manager_user()
    org = organisation(manager)
    found = activity(org, manager, risky=risky)
    first = shift(found, manager, capacity=capacity)
    do_publish_activity(found, actor=manager)
    if insured:
        insure(found, manager)
    found.refresh_from_db()
    return Scene(org, manager, found, first)


def insure(found: Activity, by: User, *, count: int = 50, days: int = 1) -> None:
    day = START.date()
    do_record_insurance(
        found.organisation,
        actor=by,
        activity=found,
        insurer="中国人寿揭阳分公司",
        policy_number="PJY2030-0511",
        covers_from=day,
        covers_until=day + timedelta(days=days - 1),
        insured_count=count,
    )


def served(
    found: Shift, person: Volunteer, by: User, *, minutes: int = 120, confirm: bool = True
) -> ServiceRecord:
    """The volunteer signs up, checks in at the start and out `minutes` later; the organiser
    confirms the record unless told not to."""
    do_sign_up(found, person, actor=person.user)
    service = do_check_in(found, person, actor=person.user, at=found.starts_at)
    out = found.starts_at + timedelta(minutes=minutes)
    service = do_check_out(service, actor=person.user, at=out)
    return do_confirm_record(service, actor=by) if confirm else service


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def xlsx(sheets: dict[str, Sequence[Sequence[Any]]]) -> io.BytesIO:
    """An in-memory workbook with these sheets (first row: the headers)."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "volunteers.xlsx"
    return buffer
