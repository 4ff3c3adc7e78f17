"""From the 信访部门 to the organ that must handle it, and that organ's answer (R3–R6, R8, R9, R14).

转送 and 交办 stop the 15-day R3 clock and start the receiving organ's two clocks: written notice
within 15 days, or a reasoned objection within 5 working days (R5). 交办 also carries the due
date of its 办结报告 (R6). R9 sends 涉法涉诉 matters to a 政法部门 and 检举控告 to 纪检监察; R15
never sends an accusation to the unit it accuses.
"""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from shegong.accounts.models import OrgUnit, UnitKind, User
from shegong.cases import actions as engine
from shegong.cases.models import Case, Clock, ClockState
from shegong.cases.queries import unit_staff
from shegong.lib.pdf import chinese_date
from shegong.lib.workdays import end_of_day
from shegong.petitions.actions.common import (
    check_no_interest,
    hand_to,
    last_day,
    locked,
    require_lead,
    text_issued,
)
from shegong.petitions.actions.registration import NOTICE_DAYS, ROUTE_DAYS
from shegong.petitions.documents import issue_document
from shegong.petitions.models import (
    Classification,
    DeclineReason,
    DocumentKind,
    Petition,
    PetitionDocument,
    PetitionStatus,
    Route,
)
from shegong.petitions.queries import is_above, is_same_matter

OBJECTION_WORKDAYS = 5  # R5
HANDLING_DAYS = 60  # R11


def required_kind(petition: Petition) -> UnitKind | None:
    """R9: the kind of organ a matter must go to, when the law names one."""
    if petition.classification == Classification.ACCUSATION:
        return UnitKind.DISCIPLINE
    if petition.law_related:
        return UnitKind.POLITICAL_LEGAL
    return None


def check_target(petition: Petition, unit: OrgUnit, office: OrgUnit) -> None:
    """R9 routing and R15 (an accusation never reaches the accused unit)."""
    if unit.pk == office.pk:
        raise ValidationError({"unit": "不能转送或交办给本单位"})
    if petition.is_accusation and petition.accused_unit_id == unit.pk:
        raise ValidationError({"unit": "检举控告不得转送或交办给被检举控告的单位（R15）"})
    kind = required_kind(petition)
    if kind is not None and unit.kind != kind:
        raise ValidationError({"unit": f"此类信访事项应当转送{UnitKind(kind).label}（R9）"})
    if kind is None and unit.kind in (UnitKind.DISCIPLINE, UnitKind.POLITICAL_LEGAL):
        raise ValidationError({"unit": "只有检举控告或涉法涉诉事项才转送纪检监察或政法部门（R9）"})


@transaction.atomic
def do_classify(
    case: Case,
    *,
    actor: User,
    classification: str,
    law_related: bool = False,
    accused_unit: OrgUnit | None = None,
    accused_name: str = "",
) -> Case:
    """核定类别: before routing, the office that holds the petition settles what it is (R9) and,
    for an accusation, whom it accuses (R15), whatever the petitioner ticked online. From then
    the accusation is hidden from the unit it names and can never be sent there."""
    case, petition = locked(case)
    transition = engine.check_transition(
        case, "classify", actor, {"classification": classification}
    )
    require_lead(case, actor)
    check_no_interest(case, petition, actor)
    if classification not in Classification.values:
        raise ValidationError({"classification": "请选择建议意见、检举控告或申诉求决（R9）"})
    accusation = classification == Classification.ACCUSATION
    petition.classification = classification
    petition.law_related = law_related
    petition.accused_unit = accused_unit if accusation else None
    petition.accused_name = accused_name.strip() if accusation else ""
    if not accusation:
        petition.accused_user = None
    petition.save(
        update_fields=[
            "classification",
            "law_related",
            "accused_unit",
            "accused_name",
            "accused_user",
        ]
    )
    case.subtype = classification
    case.save(update_fields=["subtype"])
    label = Classification(classification).label
    engine.apply_transition(
        case,
        transition,
        actor=actor,
        note=f"核定为{label}" + ("（涉法涉诉）" if law_related else ""),
        data={"classification": classification, "law_related": law_related},
    )
    return case


@transaction.atomic
def do_forward(case: Case, *, actor: User, unit: OrgUnit, note: str = "") -> Case:
    """R3: 转送 to the organ with the power to handle it; R5 clocks start for that organ."""
    return _route(case, actor=actor, unit=unit, verb="forward", note=note, due_on=None)


@transaction.atomic
def do_assign(case: Case, *, actor: User, unit: OrgUnit, due_on: date, note: str = "") -> Case:
    """R6: 交办 with a due date; the organ must send back a 办结报告 by then."""
    if due_on <= timezone.localdate():
        raise ValidationError({"due_on": "交办期限应晚于今天"})
    return _route(case, actor=actor, unit=unit, verb="assign", note=note, due_on=due_on)


def _route(
    case: Case, *, actor: User, unit: OrgUnit, verb: str, note: str, due_on: date | None
) -> Case:
    case, petition = locked(case)
    transition = engine.check_transition(case, verb, actor, {"unit": unit, "due_on": due_on})
    office = require_lead(case, actor)
    check_no_interest(case, petition, actor)
    check_target(petition, unit, office)
    now = timezone.now()
    engine.stop_clocks(case, "route", at=now)  # R3
    hand_to(case, unit, actor=actor, note=note)
    _start_receiving_clocks(case, unit, now)
    if due_on is not None:
        _start_due_clock(case, unit, now, due_on)
    petition.route = Route.ASSIGNED if due_on else Route.FORWARDED
    petition.handling_unit = unit
    petition.save(update_fields=["route", "handling_unit"])
    case.data = {**case.data, "routed_by": office.pk}
    kind = DocumentKind.ASSIGN if due_on else DocumentKind.FORWARD
    document = issue_document(
        case,
        kind,
        actor=actor,
        unit=office,
        context={"to_unit": unit, "note": note, "due_on": chinese_date(due_on) if due_on else ""},
    )
    data = {"unit": unit.pk, "unit_name": unit.name, "document": document.number}
    if due_on:
        data["due_on"] = due_on.isoformat()
    engine.apply_transition(
        case, transition, actor=actor, note=note or f"{transition.label}至{unit.name}", data=data
    )
    engine.notify(unit_staff(unit), case, f"信访事项 {case.number} 已{transition.label}至本单位")
    return case


def _start_receiving_clocks(case: Case, unit: OrgUnit, now: datetime) -> None:
    """R5: the receiving organ's written notice (15 days) or reasoned objection (5 working days)."""
    engine.start_clock(
        case, "notice", "书面告知时限", start=now, amount=NOTICE_DAYS, unit="days", org_unit=unit
    )
    engine.start_clock(
        case,
        "objection",
        "异议时限",
        start=now,
        amount=OBJECTION_WORKDAYS,
        unit="workdays",
        org_unit=unit,
    )


def _start_due_clock(case: Case, unit: OrgUnit, now: datetime, due_on: date) -> None:
    """R6: the 交办 due date, to the end of that day."""
    Clock.objects.create(
        case=case,
        name="assignment",
        label="交办期限",
        unit=unit,
        region_code=case.region_code,
        started_at=now,
        due_at=end_of_day(due_on),
    )


@transaction.atomic
def do_accept(case: Case, *, actor: User, note: str = "") -> Case:
    """R4/R5: the organ accepts the matter and tells the petitioner in writing (受理告知书).

    Stops the notice and objection clocks and starts the 60-day handling clock from the day of
    受理 (R11).
    """
    case, petition = locked(case)
    transition = engine.check_transition(case, "accept", actor)
    unit = require_lead(case, actor)
    check_no_interest(case, petition, actor)
    now = timezone.now()
    for name in ("route", "notice", "objection"):
        engine.stop_clocks(case, name, at=now)
    handling = engine.start_clock(
        case, "handling", "办理时限", start=now, amount=HANDLING_DAYS, unit="days", org_unit=unit
    )
    petition.accepted_on = timezone.localdate()
    petition.handling_unit = unit
    petition.save(update_fields=["accepted_on", "handling_unit"])
    document = _notify_petitioner(case, petition, handling, actor, unit, note)
    engine.apply_transition(
        case,
        transition,
        actor=actor,
        note=note or f"{unit.name}已受理",
        data={"document": document.number if document else ""},
    )
    return case


def _notify_petitioner(
    case: Case, petition: Petition, handling: Clock, actor: User, unit: OrgUnit, note: str
) -> PetitionDocument | None:
    """R4: the 受理告知书, naming the last day of the R11 clock, except when the petitioner's
    name or address is unclear."""
    if petition.contact_unclear:
        return None
    context = {"note": note, "due_on": chinese_date(last_day(handling.due_at))}
    kind = DocumentKind.ACCEPTANCE
    document = issue_document(case, kind, actor=actor, unit=unit, context=context)
    text_issued(case, kind)
    return document


@transaction.atomic
def do_object(case: Case, *, actor: User, reason: str) -> Case:
    """R5: a reasoned objection within 5 working days sends the matter back to the 信访部门."""
    case, petition = locked(case)
    transition = engine.check_transition(case, "object", actor, {"reason": reason})
    unit = require_lead(case, actor)
    clock = next(iter(engine.running_clocks(case, "objection", unit)), None)
    if clock is None or clock.state() == ClockState.OVERDUE:
        raise engine.CaseConflictError("已超过 5 个工作日的异议期限，不能再提出异议（R5）")
    office = OrgUnit.objects.get(pk=case.data["routed_by"])
    now = timezone.now()
    for name in ("notice", "objection", "assignment"):
        engine.stop_clocks(case, name, at=now)
    hand_to(case, office, actor=actor, note=reason)
    engine.start_clock(
        case, "route", "转送交办时限", start=now, amount=ROUTE_DAYS, unit="days", org_unit=office
    )
    petition.handling_unit = None
    petition.route = Route.DIRECT
    petition.save(update_fields=["handling_unit", "route"])
    engine.apply_transition(
        case, transition, actor=actor, note=reason, data={"back_to": office.pk}, public=False
    )
    engine.notify(unit_staff(office), case, f"{unit.name}对信访事项 {case.number} 提出异议")
    return case


@transaction.atomic
def do_decline(
    case: Case, *, actor: User, reason: str, related: Case | None = None, note: str = ""
) -> Case:
    """不予受理 with a written notice. R8: the same matter in progress below, re-filed upward;
    R14: the same matter after 复核 is 不再受理. Both name the earlier case, which must match."""
    case, petition = locked(case)
    transition = engine.check_transition(case, "decline", actor, {"reason": reason})
    unit = require_lead(case, actor)
    check_decline(petition, reason, related, unit)
    engine.cancel_clocks(case)
    petition.decline_reason = reason
    petition.related = related
    petition.save(update_fields=["decline_reason", "related"])
    label = DeclineReason(reason).label
    document = None
    if not petition.contact_unclear:
        document = issue_document(
            case,
            DocumentKind.REFUSAL,
            actor=actor,
            unit=unit,
            context={"reason": label, "note": note, "related": related},
        )
    engine.apply_transition(
        case,
        transition,
        actor=actor,
        note=f"{label}。{note}".strip("。") + "。",
        data={
            "reason": reason,
            "related": related.number if related else "",
            "document": document.number if document else "",
        },
    )
    return case


def check_decline(petition: Petition, reason: str, related: Case | None, unit: OrgUnit) -> None:
    """R8: the earlier petition of the same matter is still in progress at a lower level; R14:
    it was closed after 复核. The other reasons need no earlier petition."""
    if reason not in DeclineReason.values:
        raise ValidationError({"reason": "不予受理理由无效"})
    if reason not in (DeclineReason.IN_PROGRESS, DeclineReason.AFTER_RE_REVIEW):
        return
    if related is None or not is_same_matter(petition, related):
        raise ValidationError({"related": "请指明同一信访人就同一事项提出的原信访事项"})
    if reason == DeclineReason.IN_PROGRESS and related.closed_at is not None:
        raise ValidationError({"related": "原信访事项已办结，不属于正在办理（R8）"})
    if reason == DeclineReason.IN_PROGRESS and not is_above(unit, related):
        raise ValidationError(
            {"related": "原信访事项不在下级机关办理，本机关不是向上级再次提出的受理机关（R8）"}
        )
    if reason == DeclineReason.AFTER_RE_REVIEW and related.status != PetitionStatus.CLOSED:
        raise ValidationError({"related": "原信访事项尚未复核终结（R14）"})
