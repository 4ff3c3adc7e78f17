"""How a case is shown: to staff (by role, with the submitter hidden where asked) and to the
public tracking page (no personal data). One place, used by the API and the pages."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from typing_extensions import TypedDict  # pydantic needs this one on Python < 3.12

from shegong.accounts.models import RoleCode, User
from shegong.cases.models import Action, Assignment, Case, Clock
from shegong.cases.procedure import get_procedure

# Roles that may see a submitter who asked to be hidden from the handling unit.
IDENTITY_ROLES = frozenset(
    {RoleCode.DISPATCHER, RoleCode.SUPERVISOR, RoleCode.ADMIN, RoleCode.PETITION_STAFF}
)
HIDDEN = "（诉求人要求对承办单位保密）"


class ClockOut(TypedDict):
    name: str
    label: str
    unit: str | None
    started_at: datetime
    due_at: datetime
    state: str
    state_label: str
    paused: bool
    extended_by: int
    provisional: bool


class ActionOut(TypedDict):
    at: datetime
    actor: str
    verb: str
    label: str
    from_status: str
    to_status: str
    note: str


class UnitOut(TypedDict):
    id: int
    name: str
    role: str
    role_label: str
    state: str
    state_label: str


class Submitter(TypedDict):
    name: str
    phone: str
    hidden: bool


def may_see_identity(actor: User, case: Case) -> bool:
    if not case.hide_identity or actor.is_superuser or case.submitter_id == actor.pk:
        return True
    return bool(actor.role_codes() & IDENTITY_ROLES)


def submitter_for(actor: User, case: Case) -> Submitter:
    """Name and masked phone, or nothing when the submitter asked to be hidden from this actor."""
    if not may_see_identity(actor, case):
        return Submitter(name=HIDDEN, phone="", hidden=True)
    return Submitter(name=case.submitter_name, phone=case.masked_phone, hidden=False)


def clock_out(clock: Clock, now: datetime | None = None) -> ClockOut:
    state = clock.state(now)
    return ClockOut(
        name=clock.name,
        label=clock.label,
        unit=clock.unit.name if clock.unit else None,
        started_at=clock.started_at,
        due_at=clock.due_at,
        state=state.value,
        state_label=str(state.label),
        paused=clock.paused_at is not None,
        extended_by=clock.extended_seconds,
        provisional=clock.provisional,
    )


def action_out(action: Action, *, public: bool = False) -> ActionOut:
    procedure = get_procedure(action.case.procedure)
    return ActionOut(
        at=action.at,
        actor=(action.unit.name if action.unit else "诉求人/中心")
        if public
        else action.actor_label,
        verb=action.verb,
        label=action.label,
        from_status=procedure.status_label(action.from_status) if action.from_status else "",
        to_status=procedure.status_label(action.to_status) if action.to_status else "",
        note=action.note,
    )


def assignment_out(assignment: Assignment) -> UnitOut:
    return UnitOut(
        id=assignment.unit_id,
        name=assignment.unit.name,
        role=assignment.role,
        role_label=assignment.get_role_display(),
        state=assignment.state,
        state_label=assignment.get_state_display(),
    )


def timeline(case: Case, *, public: bool = False) -> list[ActionOut]:
    actions = case.actions.select_related("unit", "case")
    if public:
        actions = actions.filter(public=True)
    return [action_out(a, public=public) for a in actions]


def clocks(case: Case) -> list[ClockOut]:
    now = timezone.now()
    return [clock_out(c, now) for c in case.clocks.select_related("unit")]


def units(case: Case) -> list[UnitOut]:
    return [assignment_out(a) for a in case.assignments.select_related("unit")]
