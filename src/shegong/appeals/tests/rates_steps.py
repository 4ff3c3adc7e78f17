"""Steps for the three-rates tests: appeals moved through the real actions at chosen times.

Every step calls the real `do_*` action under time-machine, so `dispatched_at`,
`response_on_time`, the clocks and the rating are written exactly as in production. The tier is
"urgent" (R25 defaults: response within 2 hours, feedback within 24 hours) so that late and on
time are a matter of hours.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine

from shegong.accounts.models import OrgUnit, RoleCode, User
from shegong.appeals import actions
from shegong.cases.actions import IntakeData
from shegong.cases.models import Case
from shegong.conftest import VILLAGE, Cast, make_user
from shegong.regions.models import Region

SHANGHAI = ZoneInfo("Asia/Shanghai")
HOUR = timedelta(hours=1)


def at(text: str) -> datetime:
    """A wall-clock time in Asia/Shanghai: at("2026-10-31 23:30")."""
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def handler_of(cast: Cast, unit: OrgUnit) -> User:
    """The cast member who handles for `unit` (a district handler is made on demand)."""
    if unit == cast.department:
        return cast.handler
    if unit == cast.township_unit:
        return cast.township_cadre
    found = User.objects.filter(unit=unit).first()
    return found or make_user(f"handler{unit.pk}", unit, RoleCode.HANDLER)


def submit(cast: Cast, when: datetime, *, region_code: str = VILLAGE) -> Case:
    data = IntakeData(
        title="小区路灯不亮",
        content="小区3号楼前的路灯坏了一个月，晚上很黑。",
        region_code=region_code,
        channel="web",
        subtype="complaint",
        urgency="urgent",
        submitter=cast.resident,
    )
    with time_machine.travel(when, tick=False):
        return actions.do_submit_appeal(data, actor=cast.resident).case


def dispatch(cast: Cast, case: Case, when: datetime, unit: OrgUnit | None = None) -> Case:
    with time_machine.travel(when, tick=False):
        return actions.do_dispatch(case, actor=cast.dispatcher, unit=unit or cast.department)


def accept(cast: Cast, case: Case, when: datetime) -> Case:
    with time_machine.travel(when, tick=False):
        return actions.do_accept(case, actor=handler_of(cast, _lead(case)))


def reply(cast: Cast, case: Case, when: datetime) -> Case:
    with time_machine.travel(when, tick=False):
        return actions.do_reply(case, actor=handler_of(cast, _lead(case)), reply="已修好。")


def rate(cast: Cast, case: Case, when: datetime, rating: str, *, resolved: bool) -> Case:
    with time_machine.travel(when, tick=False):
        return actions.do_rate(case, actor=cast.resident, rating=rating, resolved=resolved)


def _lead(case: Case) -> OrgUnit:
    assert case.lead_unit is not None
    return case.lead_unit


def handled(
    cast: Cast,
    *,
    dispatched: datetime,
    unit: OrgUnit | None = None,
    region_code: str = VILLAGE,
    accepted_after: timedelta | None = HOUR,
    replied_after: timedelta | None = 5 * HOUR,
    rating: str = "",
    resolved: bool = True,
) -> Case:
    """An urgent appeal submitted half an hour before `dispatched`, then accepted, replied and
    rated by the resident as far as the arguments say (None stops the story there)."""
    case = submit(cast, dispatched - HOUR / 2, region_code=region_code)
    case = dispatch(cast, case, dispatched, unit)
    if accepted_after is None:
        return case
    case = accept(cast, case, dispatched + accepted_after)
    if replied_after is None:
        return case
    case = reply(cast, case, dispatched + replied_after)
    if rating:
        case = rate(cast, case, dispatched + replied_after + HOUR, rating, resolved=resolved)
    return case


def regions(*rows: tuple[str, str]) -> None:
    """Region names for the tree above the cast (the full tree is not loaded in tests)."""
    for code, name in [
        ("440000000000", "广东省"),
        ("445200000000", "揭阳市"),
        ("445202000000", "榕城区"),
        ("445203000000", "揭东区"),
        *rows,
    ]:
        Region.from_code(code, name).save()
