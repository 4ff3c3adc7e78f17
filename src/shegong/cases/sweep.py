"""The deadline sweep: announce clocks entering "due soon" and "overdue" (issue 3, item 6): the
limits a procedure sets (for appeals R25, extended under R28) and the follow-up it owes (R29).

`do_sweep_clocks(now)` is the whole of the background job; the huey task in `cases.tasks` only
calls it every minute. Each run reads at most `BATCH` running clocks, earliest due first, through
the partial index `clock_running_due`; what is left waits for the next minute.

For each clock whose derived state (`Clock.state`) has moved on to due soon or overdue since the
last announcement, the sweep claims the new state with a conditional update of `Clock.notified`
(so each state is announced once, even if two sweeps overlapped), then tells:

- the staff of the clock's unit, or the dispatchers of the case's region when the clock belongs
  to the centre (the dispatch and follow-up limits): an in-app notice, and an SMS when overdue;
- the supervisors (督办) whose region contains the case: an in-app notice.

A procedure may add its own consequence of an overdue clock with `on_overdue` (the appeals
procedure schedules the follow-up when its feedback limit expires, R29). Clocks of closed cases
are marked without telling anyone; paused clocks wait, as time does not run while paused.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from shegong.accounts.models import OrgUnit, RoleCode, User
from shegong.accounts.queries import covering, staff_with_role
from shegong.cases import actions as engine
from shegong.cases.models import Clock, ClockState
from shegong.cases.queries import unit_staff

BATCH = 1000
# Clock.due_soon_window is at most one day, so nothing due later can be "due soon" yet.
HORIZON = timedelta(days=1)
ANNOUNCED = (ClockState.DUE_SOON, ClockState.OVERDUE)
CASE_TEXT_FIELDS = ("content", "submitter_name", "submitter_phone", "tokens", "reply", "data")

OverdueHook = Callable[[Clock, datetime], bool]
_OVERDUE_HOOKS: dict[tuple[str, str], OverdueHook] = {}


@dataclass
class SweepReport:
    """What one run did; `full` means the batch was full and more may be waiting."""

    examined: int = 0
    due_soon: int = 0
    overdue: int = 0
    notices: int = 0
    follow_ups: int = 0
    full: bool = False


def on_overdue(procedure: str, clock_name: str) -> Callable[[OverdueHook], OverdueHook]:
    """Register what a procedure does when one of its clocks is first found overdue. The hook
    runs inside the announcing transaction and returns whether it scheduled a follow-up."""

    def register(hook: OverdueHook) -> OverdueHook:
        _OVERDUE_HOOKS[(procedure, clock_name)] = hook
        return hook

    return register


def pending_clocks(now: datetime, limit: int = BATCH) -> list[Clock]:
    """Running, unpaused clocks that may have a state to announce, earliest due first."""
    waiting = Q(notified="", due_at__lte=now + HORIZON) | Q(
        notified=ClockState.DUE_SOON, due_at__lt=now
    )
    clocks = (
        Clock.objects.filter(stopped_at__isnull=True, cancelled=False, paused_at__isnull=True)
        .filter(waiting)
        .select_related("case", "unit")
        .defer(*(f"case__{name}" for name in CASE_TEXT_FIELDS))
        .order_by("due_at", "id")
    )
    return list(clocks[:limit])


@dataclass
class Recipients:
    """Who hears of a clock; the staff lists are read once per run."""

    dispatchers: list[User]
    supervisors: list[User]
    by_unit: dict[int, list[User]] = field(default_factory=dict)

    @classmethod
    def load(cls) -> Recipients:
        return cls(
            dispatchers=staff_with_role(RoleCode.DISPATCHER),
            supervisors=staff_with_role(RoleCode.SUPERVISOR),
        )

    def responsible(self, clock: Clock) -> list[User]:
        """The clock's unit, or the centre (dispatchers of the region) for the centre's clocks."""
        if clock.unit is None:
            return covering(self.dispatchers, clock.region_code)
        return self._staff(clock.unit)

    def supervising(self, clock: Clock) -> list[User]:
        return covering(self.supervisors, clock.region_code)

    def _staff(self, unit: OrgUnit) -> list[User]:
        if unit.pk not in self.by_unit:
            self.by_unit[unit.pk] = list(unit_staff(unit))
        return self.by_unit[unit.pk]


def _due_text(clock: Clock) -> str:
    return timezone.localtime(clock.due_at).strftime("%m月%d日 %H:%M")


def announcement(clock: Clock, state: ClockState) -> str:
    case = clock.case
    if state == ClockState.OVERDUE:
        return (
            f"{clock.label}已超期：工单 {case.number}「{case.title}」应于 {_due_text(clock)} 前完成"
        )
    return (
        f"{clock.label}即将到期：工单 {case.number}「{case.title}」请于 {_due_text(clock)} 前完成"
    )


def _claim(clock: Clock, state: ClockState) -> bool:
    """Move `notified` on, unless another sweep got there first."""
    claimed = Clock.objects.filter(pk=clock.pk, notified=clock.notified).update(notified=state)
    clock.notified = state
    return claimed == 1


def announce(clock: Clock, now: datetime, recipients: Recipients, report: SweepReport) -> None:
    """Announce one clock's new state once (issue 3, item 6; R25 limits, R29 follow-up)."""
    state = clock.state(now)
    if state not in ANNOUNCED or state == clock.notified:
        return
    with transaction.atomic():
        if not _claim(clock, state) or clock.case.closed_at is not None:
            return
        overdue = state == ClockState.OVERDUE
        text = announcement(clock, state)
        report.notices += engine.notify(
            recipients.responsible(clock), clock.case, text, sms=overdue
        )
        report.notices += engine.notify(recipients.supervising(clock), clock.case, text)
        report.overdue += overdue
        report.due_soon += not overdue
        hook = _OVERDUE_HOOKS.get((clock.case.procedure, clock.name))
        if overdue and hook is not None:
            report.follow_ups += hook(clock, now)


def do_sweep_clocks(now: datetime | None = None, *, limit: int = BATCH) -> SweepReport:
    """One run of the sweep over at most `limit` clocks; idempotent (see the module docstring)."""
    now = now or timezone.now()
    clocks = pending_clocks(now, limit)
    report = SweepReport(examined=len(clocks), full=len(clocks) == limit)
    recipients = Recipients.load()
    for clock in clocks:
        announce(clock, now, recipients, report)
    return report
