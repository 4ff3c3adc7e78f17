"""The law's protections and oversight: recusal (R16), 重大紧急 reports (R17), 督办, and the
petitioner's own evaluation (R20). R15 lives in queries (who may see an accusation)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from shegong.accounts.models import OrgUnit, UnitKind, User
from shegong.cases import actions as engine
from shegong.cases.models import Case, Rating
from shegong.cases.queries import unit_staff
from shegong.lib import regioncodes
from shegong.petitions.actions.common import acting_unit, locked
from shegong.petitions.models import MajorReport, Recipient, Recusal

NATIONAL_OFFICE = "国家信访局"


@transaction.atomic
def do_recuse(case: Case, *, actor: User, user: User, reason: str) -> Case:
    """R16: record that `user` has a direct interest and may no longer handle the matter.

    A handler may recuse themself; a colleague of the same unit may record it for them.
    """
    case, _petition = locked(case)
    transition = engine.check_transition(case, "recuse", actor, {"user": user, "reason": reason})
    if user.pk != actor.pk and user.unit_id != actor.unit_id:
        raise ValidationError({"user": "只能记录本单位人员的回避"})
    Recusal.objects.get_or_create(
        case=case, user=user, defaults={"reason": reason.strip()[:300], "recorded_by": actor}
    )
    engine.apply_transition(
        case,
        transition,
        actor=actor,
        note=f"{user.display_name}回避：{reason}",
        data={"user": user.pk},
    )
    return case


def report_recipients(office: OrgUnit) -> dict[str, OrgUnit | None]:
    """R17: 本级党委政府 (the government or Party unit of the same region), 上一级信访部门 and
    国家信访局 (an org unit of that name when the platform has one, else recorded as to be sent
    through the national system)."""
    local = (
        OrgUnit.objects.filter(
            region_code=office.region_code,
            kind__in=[UnitKind.DISTRICT_GOVERNMENT, UnitKind.SOCIAL_WORK],
        )
        .order_by("kind")
        .first()
    )
    parent = regioncodes.parent_code(office.region_code)
    upper = OrgUnit.objects.filter(region_code=parent, kind=UnitKind.PETITION).first()
    national = OrgUnit.objects.filter(name=NATIONAL_OFFICE, kind=UnitKind.PETITION).first()
    return {Recipient.LOCAL: local, Recipient.UPPER: upper, Recipient.NATIONAL: national}


def report_major(case: Case, *, actor: User, note: str) -> list[MajorReport]:
    """R17: one report to each of the three addressees; their staff get an in-app notice."""
    office = acting_unit(actor)
    reports = []
    for recipient, unit in report_recipients(office).items():
        reports.append(
            MajorReport.objects.create(
                case=case, recipient=recipient, unit=unit, note=note, reported_by=actor
            )
        )
        if unit is not None:
            engine.notify(
                unit_staff(unit), case, f"重大紧急信访事项 {case.number}：{note}"[:300], sms=True
            )
    return reports


@transaction.atomic
def do_report_major(case: Case, *, actor: User, note: str) -> Case:
    """R17: mark the matter 重大、紧急 and report it to the three addressees (`report_major`)."""
    case, petition = locked(case)
    transition = engine.check_transition(case, "report_major", actor, {"note": note})
    reports = report_major(case, actor=actor, note=note)
    petition.major = True
    petition.save(update_fields=["major"])
    engine.apply_transition(
        case,
        transition,
        actor=actor,
        note=note,
        data={"recipients": [r.recipient for r in reports]},
    )
    return case


@transaction.atomic
def do_supervise(case: Case, *, actor: User, note: str) -> Case:
    """督办: the 信访部门 presses the handling organ; counted in the annual report (R19)."""
    case, petition = locked(case)
    transition = engine.check_transition(case, "supervise", actor, {"note": note})
    petition.supervised += 1
    petition.save(update_fields=["supervised"])
    engine.apply_transition(case, transition, actor=actor, note=note)
    if case.lead_unit is not None:
        engine.notify(unit_staff(case.lead_unit), case, f"信访事项 {case.number} 被督办：{note}")
    return case


@transaction.atomic
def do_evaluate(case: Case, *, rating: str, note: str = "") -> Case:
    """R20: the petitioner evaluates the answer online (after proving the tracking code)."""
    case, petition = locked(case)
    transition = engine.check_transition(case, "rate", None, {"rating": rating})
    if rating not in Rating.values:
        raise ValidationError({"rating": "请选择满意、基本满意或不满意"})
    case.rating = rating
    case.rated_at = timezone.now()
    engine.apply_transition(
        case,
        transition,
        actor=None,
        note=f"信访人评价：{Rating(rating).label}。{note}",
        data={"rating": rating, "stage": petition.stage},
    )
    return case
