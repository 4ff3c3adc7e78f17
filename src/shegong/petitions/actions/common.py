"""What every petition action shares: locking, the petition row, the acting unit, R16 checks."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from shegong.accounts.models import OrgUnit, User
from shegong.cases import actions as engine
from shegong.cases.models import Assignment, AssignmentRole, AssignmentState, Case
from shegong.cases.queries import lead_assignment
from shegong.lib.crypto import lookup_hash
from shegong.petitions.models import DocumentKind, Petition, Recusal


def locked(case: Case) -> tuple[Case, Petition]:
    """The case under its row lock and its petition row (cases.actions.lock_case)."""
    case = engine.lock_case(case)
    return case, Petition.objects.select_related("handling_unit").get(case=case)


def acting_unit(actor: User) -> OrgUnit:
    if actor.unit is None:
        raise PermissionDenied("您不属于任何单位，不能办理信访事项")
    return actor.unit


def require_lead(case: Case, actor: User) -> OrgUnit:
    """Only the unit holding the case may act on it (an admin may act for it)."""
    lead = lead_assignment(case)
    if actor.is_superuser or actor.has_role("admin"):
        if lead is None:
            raise PermissionDenied("该信访事项当前没有办理单位")
        return lead.unit
    unit = acting_unit(actor)
    if lead is None or lead.unit_id != unit.pk:
        raise PermissionDenied("该信访事项不在本单位办理")
    return unit


def check_no_interest(case: Case, petition: Petition, actor: User) -> None:
    """R16: a handler with a direct interest in the matter must not handle it.

    Direct interest here: the handler recused (or was recused) on this case, is the person the
    accusation names, or is the petitioner (same phone number).
    """
    if Recusal.objects.filter(case=case, user=actor).exists():
        raise PermissionDenied("您已回避本信访事项，不能继续办理（R16）")
    if petition.accused_user_id is not None and petition.accused_user_id == actor.pk:
        raise PermissionDenied("您与本信访事项有直接利害关系，应当回避（R16）")
    if case.phone_hash and actor.phone and lookup_hash(actor.phone) == case.phone_hash:
        raise PermissionDenied("不能办理本人提出的信访事项，应当回避（R16）")


def hand_to(case: Case, unit: OrgUnit, *, actor: User | None, note: str = "") -> Assignment:
    """The lead share moves to `unit`: the old lead's share is done, the new one active."""
    Assignment.objects.filter(
        case=case,
        role=AssignmentRole.LEAD,
        state__in=[AssignmentState.ACTIVE, AssignmentState.OBJECTED],
    ).update(state=AssignmentState.DONE)
    case.lead_unit = unit
    return Assignment.objects.create(
        case=case,
        unit=unit,
        role=AssignmentRole.LEAD,
        region_code=unit.region_code,
        assigned_by=actor,
        note=note,
    )


def text_issued(case: Case, kind: DocumentKind) -> None:
    """An SMS telling the petitioner that a written answer is online (R20: read it there)."""
    engine.text_submitter(case, f"您的信访事项 {case.number}：{kind.label}已出具，可在网上查阅。")


def start_of(day: date) -> datetime:
    """Midnight at the start of a Shanghai date: a date entered by staff as a trigger time."""
    return timezone.make_aware(datetime.combine(day, time.min))


def last_day(due_at: datetime) -> date:
    """The last counted day of a period that ends at `due_at`, i.e. at 24:00 of that day (R21)."""
    return timezone.localtime(due_at - timedelta(microseconds=1)).date()


def not_in_future(day: date, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: "日期不能晚于今天"})
