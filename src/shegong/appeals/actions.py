"""Every state change of the 接诉即办 procedure (R22–R31), on the case engine.

Each `do_*` runs in one transaction, locks the case, checks the declared transition (409 when
the state does not allow it, 403 for the wrong role, 422 for missing fields) and records it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from shegong.accounts.models import OrgUnit, UnitKind, User
from shegong.appeals.models import (
    AppealStatus,
    AppealType,
    DispatchRule,
    DutyItem,
    DutyKind,
    Objection,
    Rating,
    TriageOutcome,
    UrgencyTier,
)
from shegong.appeals.procedure import APPEALS
from shegong.cases import actions as engine
from shegong.cases.models import Assignment, AssignmentRole, AssignmentState, Case, Clock
from shegong.cases.queries import (
    code_matches,
    dispatchers_for,
    lead_assignment,
    live_assignment,
    unit_staff,
)
from shegong.lib import regioncodes
from shegong.lib.refcache import TableCopy
from shegong.lib.workdays import Deadline
from shegong.workdays.queries import deadline

DEFAULT_URGENCY = "normal"


# R25: the tiers are edited in admin and read by every public intake; see lib/refcache.
TIERS = TableCopy(UrgencyTier, "code")


def tier_for(code: str | None) -> UrgencyTier:
    """R25: the tier of that code (the default tier for none), or a ValidationError."""
    code = code or DEFAULT_URGENCY
    tier = TIERS.get(code) or UrgencyTier.objects.filter(code=code).first()
    if tier is None:
        raise ValidationError({"urgency": "紧急程度无效"})
    return tier


def feedback_unit(tier: UrgencyTier) -> engine.DurationUnit:
    units: dict[str, engine.DurationUnit] = {
        "hours": "hours",
        "days": "days",
        "workdays": "workdays",
    }
    if tier.feedback_unit not in units:
        raise ValidationError({"urgency": "时限单位无效"})
    return units[tier.feedback_unit]


def do_submit_appeal(
    data: engine.IntakeData,
    *,
    actor: User | None,
    client_token: str | None = None,
    files: Sequence[UploadedFile[bytes]] = (),
) -> engine.IntakeResult:
    """R22: register an appeal (time, matter, contact, type) and start its dispatch clock (R25)."""
    if data.subtype not in AppealType.values:
        raise ValidationError({"type": "请选择诉求类型：咨询、求助、投诉、举报或建议"})
    tier = tier_for(data.urgency)
    data.urgency = tier.code

    def dispatch_clock(case: Case) -> None:  # in the intake's transaction, new cases only
        _start_dispatch_clock(case, start=case.received_at, tier=tier)

    return engine.do_intake(
        APPEALS, data, actor=actor, client_token=client_token, files=files, then=dispatch_clock
    )


# ---------------------------------------------------------------- triage and dispatch (centre)


# R23: the outcomes that hand the matter over to another channel of the department.
HANDOVERS: dict[str, str] = {
    TriageOutcome.PETITION: "信访渠道",
    TriageOutcome.SUGGESTION: "人民建议征集",
}


@transaction.atomic
def do_triage(case: Case, *, actor: User, outcome: str, note: str = "") -> Case:
    """R23: close the appeal without dispatch, telling the resident where the matter goes.

    `case.data["triage"]` keeps the outcome; a petition or a suggestion is also recorded as a
    hand-over (`case.data["handover"]`) for the channel that takes it on.
    """
    case = engine.lock_case(case)
    transition = engine.check_transition(case, "triage", actor, {"outcome": outcome})
    if outcome not in TriageOutcome.values:
        raise ValidationError({"outcome": "分流方式无效"})
    label = TriageOutcome(outcome).label
    case.data = {**case.data, "triage": outcome, **_handover(outcome, actor)}
    data = {"outcome": outcome, **({"handover": outcome} if outcome in HANDOVERS else {})}
    engine.cancel_clocks(case)
    engine.apply_transition(case, transition, actor=actor, note=note or str(label), data=data)
    text_submitters(case, f"您的诉求 {case.number}：{label}。{note}")
    return case


def _handover(outcome: str, actor: User) -> dict[str, Any]:
    if outcome not in HANDOVERS:
        return {}
    at = timezone.now().isoformat()
    return {"handover": {"to": outcome, "label": HANDOVERS[outcome], "by": actor.pk, "at": at}}


@transaction.atomic
def do_answer(case: Case, *, actor: User, reply: str) -> Case:
    """The centre answers a consultation at once; the follow-up is scheduled (R29)."""
    case = engine.lock_case(case)
    transition = engine.check_transition(case, "answer", actor, {"reply": reply})
    now = timezone.now()
    engine.stop_clocks(case, "dispatch", at=now)
    case.reply, case.replied_at = reply, now
    engine.apply_transition(case, transition, actor=actor, note=reply)
    _start_follow_up(case)
    text_submitters(case, f"您的诉求 {case.number} 已答复，请查看并评价。")
    return case


def region_keys(code: str) -> list[str]:
    """The codes a catalogue or duty-list row may name for a region or any region above it:
    each as its 12-digit code and as its short form (445202), as either may be typed in admin."""
    codes = regioncodes.lineage(code)
    return codes + [regioncodes.prefix(c) for c in codes]


def catalogue_unit(case: Case) -> OrgUnit:
    """R24: the unit of the most specific catalogue rule, or the district government."""
    if case.category_id is not None:
        rules = DispatchRule.objects.filter(
            category=case.category, region_code__in=region_keys(case.region_code)
        ).select_related("unit")
        best = max(rules, key=lambda r: regioncodes.level_of(r.region_code), default=None)
        if best is not None:
            return best.unit
    return district_government(case.region_code)


def district_government(region_code: str) -> OrgUnit:
    """R24: the 区(县)政府 of the county the region lies in."""
    county = regioncodes.normalize(region_code)[:6].ljust(12, "0")
    unit = OrgUnit.objects.filter(
        kind=UnitKind.DISTRICT_GOVERNMENT, region_code=county, is_active=True
    ).first()
    if unit is None:
        raise ValidationError({"unit": "没有找到该区(县)政府单位，请在派单目录或单位中配置"})
    return unit


def check_duty_list(case: Case, unit: OrgUnit, role: str) -> None:
    """R31: a village or community takes only items on its 职责清单, and leads only 主责 items;
    an 协助 item may reach it as a co-handler. The list of the most specific region counts."""
    if unit.kind != UnitKind.VILLAGE:
        return
    field = "unit" if role == AssignmentRole.LEAD else "co_units"
    item = duty_item(case, unit)
    if item is None:
        raise ValidationError(
            {field: f"该事项不在「{unit.name}」的职责清单内，不能派给村(社区)（R31）"}
        )
    if role == AssignmentRole.LEAD and item.kind != DutyKind.MAIN:
        raise ValidationError(
            {field: f"该事项是「{unit.name}」职责清单上的协助事项，只能协办，不能主办（R31）"}
        )


def duty_item(case: Case, unit: OrgUnit) -> DutyItem | None:
    """The duty-list entry for the case's category that applies to the village, if any."""
    if case.category_id is None:
        return None
    items = DutyItem.objects.filter(
        category_id=case.category_id, region_code__in=region_keys(unit.region_code)
    )
    return max(items, key=lambda i: regioncodes.level_of(i.region_code), default=None)


@transaction.atomic
def do_dispatch(
    case: Case,
    *,
    actor: User,
    unit: OrgUnit | None = None,
    co_units: Sequence[OrgUnit] = (),
    urgency: str | None = None,
    note: str = "",
) -> Case:
    """R24–R26, R31: send the appeal to one lead unit (catalogue or chosen) with a time limit.

    A township dispatch is copied to the district government; co-handlers report back by the
    same deadline. Stops the dispatch clock, starts the response and feedback clocks.
    """
    case = engine.lock_case(case)
    transition = engine.check_transition(case, "dispatch", actor)
    tier = tier_for(urgency or case.urgency)
    lead = unit or catalogue_unit(case)
    co_units = list(dict.fromkeys(co_units))  # a unit named twice holds one share
    _check_units(case, lead, co_units)
    now = timezone.now()
    due = _start_handling_clocks(case, tier, lead, now)
    _share_out(case, lead, co_units, actor=actor, due=due)
    case.lead_unit, case.urgency, case.dispatched_at = lead, tier.code, now
    case.responded_at = case.response_on_time = None
    names = "、".join(u.name for u in co_units)
    engine.apply_transition(
        case,
        transition,
        actor=actor,
        note=note or f"派至{lead.name}" + (f"，协办：{names}" if names else ""),
        data={"unit": lead.pk, "co_units": [u.pk for u in co_units], "urgency": tier.code},
    )
    engine.notify(unit_staff(lead), case, f"新工单 {case.number}：{case.title}（{tier.name}）")
    text_submitters(case, f"您的诉求 {case.number} 已转{lead.name}办理。")
    return case


def _start_handling_clocks(case: Case, tier: UrgencyTier, lead: OrgUnit, now: datetime) -> Deadline:
    """R25: the lead unit's response and feedback limits start; the dispatch limit stops."""
    feedback = engine.start_clock(
        case,
        "feedback",
        "办理反馈时限",
        start=now,
        amount=tier.feedback_amount,
        unit=feedback_unit(tier),
        org_unit=lead,
    )
    engine.start_clock(
        case,
        "response",
        "签收响应时限",
        start=now,
        amount=tier.response_hours,
        unit="hours",
        org_unit=lead,
    )
    engine.stop_clocks(case, "dispatch", at=now)
    return Deadline(feedback.due_at, feedback.due_at.date(), feedback.provisional)


def _share_out(
    case: Case, lead: OrgUnit, co_units: Sequence[OrgUnit], *, actor: User, due: Deadline
) -> None:
    """R24, R26: the lead share, the district's copy of a township dispatch, co-handlers."""
    _assign(case, lead, AssignmentRole.LEAD, actor=actor, due=due)
    if lead.kind == UnitKind.TOWNSHIP:
        _assign(case, district_government(case.region_code), AssignmentRole.COPY, actor=actor)
    for co in co_units:
        _assign(case, co, AssignmentRole.CO, actor=actor, due=due)


def _check_units(case: Case, lead: OrgUnit, co_units: Sequence[OrgUnit]) -> None:
    if lead in co_units:
        raise ValidationError({"co_units": "主办单位不能同时作为协办单位"})
    check_duty_list(case, lead, AssignmentRole.LEAD)
    for co in co_units:
        check_duty_list(case, co, AssignmentRole.CO)


def _assign(
    case: Case, unit: OrgUnit, role: str, *, actor: User | None, due: Deadline | None = None
) -> Assignment:
    """One unit's share of a case; co-handlers and summoned units get a report clock (R26)."""
    assignment = Assignment.objects.create(
        case=case,
        unit=unit,
        role=role,
        region_code=case.region_code,
        assigned_by=actor,
        due_at=due.due if due else None,
    )
    if role in (AssignmentRole.CO, AssignmentRole.WHISTLE) and due is not None:
        label = "协办反馈时限" if role == AssignmentRole.CO else "报到时限"
        Clock.objects.create(
            case=case,
            name=f"{role}_report",
            label=label,
            unit=unit,
            region_code=case.region_code,
            started_at=timezone.now(),
            due_at=due.due,
            provisional=due.provisional,
        )
    return assignment


# ---------------------------------------------------------------- the handling unit


def _lead_of_actor(case: Case, actor: User) -> Assignment:
    """The live lead assignment held by the actor's unit (R26); 403 for anyone else."""
    assignment = live_assignment(case, actor.unit, AssignmentRole.LEAD)
    if assignment is None and not actor.is_superuser:
        raise PermissionDenied("只有主办单位可以办理该工单")
    return assignment or _must(lead_assignment(case))


def _must(assignment: Assignment | None) -> Assignment:
    if assignment is None:
        raise ValidationError("该工单没有主办单位")
    return assignment


@transaction.atomic
def do_accept(case: Case, *, actor: User, note: str = "") -> Case:
    """签收: the lead unit responds; on time if before the response clock's due time (R30)."""
    case = engine.lock_case(case)
    transition = engine.check_transition(case, "accept", actor)
    _lead_of_actor(case, actor)
    now = timezone.now()
    stopped = engine.stop_clocks(case, "response", at=now)
    case.responded_at = now
    case.response_on_time = all(c.stopped_at and c.stopped_at <= c.due_at for c in stopped)
    engine.apply_transition(case, transition, actor=actor, note=note or "承办单位已签收")
    return case


@transaction.atomic
def do_object(case: Case, *, actor: User, reason: str) -> Objection:
    """R27: ask the dispatcher to take the order back; the case waits for the review."""
    case = engine.lock_case(case)
    transition = engine.check_transition(case, "object", actor, {"reason": reason})
    assignment = _lead_of_actor(case, actor)
    objection = Objection.objects.create(
        case=case,
        assignment=assignment,
        region_code=case.region_code,
        reason=reason,
        from_status=case.status,
        filed_by=actor,
    )
    assignment.state = AssignmentState.OBJECTED
    assignment.save(update_fields=["state"])
    engine.apply_transition(case, transition, actor=actor, note=reason, public=False)
    engine.notify(dispatchers_for(case), case, f"{actor.unit}对工单 {case.number} 申请退单")
    return objection


@transaction.atomic
def do_review_objection(
    case: Case, *, actor: User, upheld: bool, note: str = "", new_unit: OrgUnit | None = None
) -> Case:
    """R27: the dispatcher decides. Upheld: every unit is released, their clocks stop, and the
    order waits for dispatch again with a new dispatch limit (or goes straight to `new_unit`).
    Refused: the unit keeps handling it in the state it objected from."""
    case = engine.lock_case(case)
    transition = engine.check_transition(case, "review_objection", actor)
    objection = _decide_objection(case, actor=actor, upheld=upheld, note=note)
    assignment = objection.assignment
    if upheld:
        _release_units(case)
        target: str = AppealStatus.RECEIVED
    else:
        assignment.state = AssignmentState.ACTIVE
        assignment.save(update_fields=["state"])
        target = objection.from_status
    verdict = "退单成立" if upheld else "退单不成立，请继续办理"
    engine.apply_transition(
        case,
        transition,
        actor=actor,
        note=f"{verdict}。{note}",
        target=target,
        public=False,
        data={"upheld": upheld},
    )
    engine.notify(unit_staff(assignment.unit), case, f"工单 {case.number}：{verdict}")
    if not upheld:
        return case
    if new_unit is not None:
        return do_dispatch(case, actor=actor, unit=new_unit, note=note)
    _start_dispatch_clock(case, start=timezone.now())
    return case


def _decide_objection(case: Case, *, actor: User, upheld: bool, note: str) -> Objection:
    objection = Objection.objects.filter(case=case, decided_at__isnull=True).latest("filed_at")
    objection.decided_by, objection.decided_at = actor, timezone.now()
    objection.upheld, objection.decision_note = upheld, note
    objection.save()
    return objection


# Shares of a case that still owe work: what a withdrawal or a merge releases.
OWING = [AssignmentState.ACTIVE, AssignmentState.OBJECTED]
SHARE_CLOCKS = ["response", "feedback", "co_report", "whistle_report"]


def _release_units(case: Case) -> None:
    """Withdraw every unit still holding the case and stop the clocks that ran for them."""
    Assignment.objects.filter(case=case, state__in=OWING).update(state=AssignmentState.WITHDRAWN)
    engine.cancel_clocks(case, SHARE_CLOCKS)
    case.lead_unit = None


def _start_dispatch_clock(case: Case, *, start: datetime, tier: UrgencyTier | None = None) -> None:
    """R25: the centre's limit for dispatching, from intake or from the order's return."""
    tier = tier or tier_for(case.urgency)
    engine.start_clock(
        case, "dispatch", "派单时限", start=start, amount=tier.dispatch_hours, unit="hours"
    )


@transaction.atomic
def do_extend(
    case: Case, *, actor: User, reason: str, explanation: str, hours: int = 0, days: int = 0
) -> Case:
    """R28: extend the feedback limit, explaining to the resident and telling the centre."""
    case = engine.lock_case(case)
    transition = engine.check_transition(
        case, "extend", actor, {"reason": reason, "explanation": explanation}
    )
    _lead_of_actor(case, actor)
    by = timedelta(hours=hours, days=days)
    if by <= timedelta(0):
        raise ValidationError({"days": "请填写延长的天数或小时数"})
    clocks = engine.running_clocks(case, "feedback")
    if not clocks:
        raise engine.CaseConflictError("该工单没有正在计时的办理时限")
    if clocks[0].extensions >= settings.APPEAL_MAX_EXTENSIONS:
        raise engine.CaseConflictError(f"延期次数已达上限（{settings.APPEAL_MAX_EXTENSIONS} 次）")
    clock = engine.extend_clock(clocks[0], by=by)
    engine.apply_transition(
        case,
        transition,
        actor=actor,
        note=explanation,
        data={
            "reason": reason,
            "hours": int(by.total_seconds() // 3600),
            "due_at": clock.due_at.isoformat(),
        },
    )
    text_submitters(case, f"您的诉求 {case.number} 办理期限延长：{explanation}")
    engine.notify(dispatchers_for(case), case, f"工单 {case.number} 已延期：{reason}")
    return case


@transaction.atomic
def do_whistle(case: Case, *, actor: User, units: Sequence[OrgUnit], note: str = "") -> Case:
    """吹哨: a township leading a case summons departments, each of which must report in (R26).

    A summoned village must hold the item on its duty list (R31); the township never summons
    itself. Each summoned unit gets a report-in clock of the tier's response time.
    """
    case = engine.lock_case(case)
    transition = engine.check_transition(case, "whistle", actor, {"units": list(units)})
    lead = _lead_of_actor(case, actor)
    if lead.unit.kind != UnitKind.TOWNSHIP:
        raise PermissionDenied("只有主办的街道(乡镇)可以吹哨")
    units = list(dict.fromkeys(units))
    if lead.unit in units:
        raise ValidationError({"unit_ids": "主办单位不能召集自己"})
    for unit in units:
        check_duty_list(case, unit, AssignmentRole.CO)
    tier = tier_for(case.urgency)
    due = deadline(timezone.now(), tier.response_hours, "hours")
    for unit in units:
        if live_assignment(case, unit, AssignmentRole.WHISTLE, AssignmentRole.CO) is None:
            _assign(case, unit, AssignmentRole.WHISTLE, actor=actor, due=due)
            engine.notify(
                unit_staff(unit), case, f"{lead.unit.name}吹哨：工单 {case.number} 请报到"
            )
    names = "、".join(u.name for u in units)
    engine.apply_transition(
        case,
        transition,
        actor=actor,
        note=note or f"吹哨召集：{names}",
        data={"units": [u.pk for u in units]},
    )
    return case


@transaction.atomic
def do_report_in(case: Case, *, actor: User, note: str) -> Case:
    """报到 after a whistle, or a co-handler's report back to the lead unit (R26)."""
    case = engine.lock_case(case)
    transition = engine.check_transition(case, "report_in", actor, {"note": note})
    assignment = live_assignment(case, actor.unit, AssignmentRole.WHISTLE, AssignmentRole.CO)
    if assignment is None or assignment.state != AssignmentState.ACTIVE:
        raise PermissionDenied("您的单位不是该工单的协办或被召集单位，或已经反馈")
    now = timezone.now()
    assignment.state, assignment.reported_at = AssignmentState.REPORTED, now
    assignment.save(update_fields=["state", "reported_at"])
    engine.stop_clocks(case, f"{assignment.role}_report", at=now, org_unit=assignment.unit)
    engine.apply_transition(
        case, transition, actor=actor, note=note, public=False, data={"role": assignment.role}
    )
    if case.lead_unit is not None:
        engine.notify(unit_staff(case.lead_unit), case, f"{assignment.unit.name}已反馈：{note}")
    return case


@transaction.atomic
def do_reply(case: Case, *, actor: User, reply: str) -> Case:
    """The lead unit's answer; stops the feedback clock and schedules the follow-up (R29)."""
    case = engine.lock_case(case)
    transition = engine.check_transition(case, "reply", actor, {"reply": reply})
    _lead_of_actor(case, actor)
    now = timezone.now()
    engine.stop_clocks(case, "feedback", at=now)
    case.reply, case.replied_at = reply, now
    engine.apply_transition(case, transition, actor=actor, note=reply)
    _start_follow_up(case)
    text_submitters(case, f"您的诉求 {case.number} 已答复，请查看并评价。")
    return case


def _start_follow_up(case: Case) -> None:
    """R29: a follow-up clock, once per round of handling."""
    if not engine.running_clocks(case, "follow_up"):
        engine.start_clock(
            case,
            "follow_up",
            "回访时限",
            start=timezone.now(),
            amount=settings.APPEAL_FOLLOW_UP_HOURS,
            unit="hours",
        )


# ---------------------------------------------------------------- follow-up and rating


def _rating_fields(rating: str, resolved: bool | None) -> None:
    if rating not in Rating.values:
        raise ValidationError({"rating": "请选择满意、基本满意或不满意"})
    if resolved is None:
        raise ValidationError({"resolved": "请选择是否解决"})


@transaction.atomic
def do_follow_up(
    case: Case, *, actor: User, rating: str, resolved: bool | None, note: str = ""
) -> Case:
    """R29: the centre follows up after the reply, or once the time limit has expired."""
    case = engine.lock_case(case)
    transition = engine.check_transition(
        case, "follow_up", actor, {"rating": rating, "resolved": resolved}
    )
    _rating_fields(rating, resolved)
    if case.status == AppealStatus.PROCESSING and not _feedback_expired(case):
        raise engine.CaseConflictError("办理时限未到且尚未答复，暂不能回访")
    return _conclude(case, transition, actor=actor, rating=rating, resolved=resolved, note=note)


@transaction.atomic
def do_rate(case: Case, *, actor: User, rating: str, resolved: bool | None, note: str = "") -> Case:
    """The resident rates the reply: 满意/基本满意/不满意 and 已解决/未解决."""
    case = engine.lock_case(case)
    transition = engine.check_transition(case, "rate", actor, {"rating": rating})
    _rating_fields(rating, resolved)
    return _conclude(case, transition, actor=actor, rating=rating, resolved=resolved, note=note)


def _feedback_expired(case: Case) -> bool:
    return any(c.due_at < timezone.now() for c in engine.running_clocks(case, "feedback"))


def _conclude(
    case: Case,
    transition: Any,
    *,
    actor: User | None,
    rating: str,
    resolved: bool | None,
    note: str,
    proof: str = "",
) -> Case:
    """Resolved: the case closes. Unresolved: it reopens with the lead unit and a new limit.

    `proof` names how an anonymous rater proved the case is theirs; it lands in the Action's
    data and the audit row, so an actor-less rating is never mistaken for the system's."""
    now = timezone.now()
    by = {"proof": proof} if proof else {}
    engine.stop_clocks(case, "follow_up", at=now)
    case.rating, case.resolved, case.rated_at = rating, resolved, now
    label = f"{Rating(rating).label}，{'已解决' if resolved else '未解决'}"
    if resolved:
        # A late unit's limit ends overdue; the shares nobody reported on simply stop.
        engine.stop_clocks(case, "feedback", at=now)
        engine.cancel_clocks(case)
        engine.apply_transition(
            case,
            transition,
            actor=actor,
            note=f"{label}。{note}",
            target=AppealStatus.CLOSED,
            data={"rating": rating, "resolved": True, **by},
        )
        text_submitters(case, f"您的诉求 {case.number} 已办结（{label}），感谢您的支持。")
        return case
    case.reopen_count += 1
    engine.stop_clocks(case, "feedback", at=now)
    target = _reopen(case, start=now)
    engine.apply_transition(
        case,
        transition,
        actor=actor,
        note=f"{label}，退回重办。{note}",
        target=target,
        data={"rating": rating, "resolved": False, **by},
    )
    return case


def _reopen(case: Case, *, start: datetime) -> str:
    """R29: an unresolved order goes back to its lead unit with a new feedback limit; one the
    centre answered itself has no unit and waits for dispatch, with a new dispatch limit."""
    if case.lead_unit is None:
        _start_dispatch_clock(case, start=start)
        return AppealStatus.RECEIVED
    tier = tier_for(case.urgency)
    engine.start_clock(
        case,
        "feedback",
        "重办反馈时限",
        start=start,
        amount=tier.feedback_amount,
        unit=feedback_unit(tier),
        org_unit=case.lead_unit,
    )
    engine.notify(unit_staff(case.lead_unit), case, f"工单 {case.number} 未解决，已退回重办")
    return AppealStatus.PROCESSING


# ---------------------------------------------------------------- merge and supervision


@transaction.atomic
def do_merge(case: Case, *, actor: User, into: Case, note: str = "") -> Case:
    """Merge a duplicate into another open appeal; its submitter, and the submitters of cases
    merged into it before, follow the surviving case and hear of its progress by SMS."""
    if into.pk == case.pk or into.procedure != case.procedure or not into.is_open:
        raise ValidationError({"into": "只能并入另一件正在办理的诉求"})
    case = engine.lock_case(case)
    transition = engine.check_transition(case, "merge", actor, {"into": into.pk})
    if into.merged_into_id is not None:
        into = Case.objects.get(pk=into.merged_into_id)
    case.merged_into = into
    engine.cancel_clocks(case)
    Assignment.objects.filter(case=case, state=AssignmentState.ACTIVE).update(
        state=AssignmentState.WITHDRAWN
    )
    engine.apply_transition(
        case,
        transition,
        actor=actor,
        note=note or f"与 {into.number} 合并办理",
        data={"into": into.number},
    )
    text_submitters(case, f"您的诉求 {case.number} 已与 {into.number} 合并办理，进展将同步告知。")
    # Cases merged into this one follow it into the surviving case.
    Case.objects.filter(merged_into=case).update(merged_into=into)
    return case


@transaction.atomic
def do_supervise(case: Case, *, actor: User, note: str) -> Case:
    """督办: the supervisor presses the lead unit; not shown to the resident."""
    case = engine.lock_case(case)
    transition = engine.check_transition(case, "supervise", actor, {"note": note})
    engine.apply_transition(case, transition, actor=actor, note=note)
    if case.lead_unit is not None:
        engine.notify(
            unit_staff(case.lead_unit), case, f"督办：工单 {case.number}：{note}", sms=True
        )
    return case


def text_submitters(case: Case, text: str) -> None:
    """Tell the submitter and every submitter whose case was merged into this one (issue 3,
    item 4: every submitter of a merged case is kept informed), once per phone number."""
    phones: set[str] = set()
    for each in [case, *Case.objects.filter(merged_into=case)]:
        if each.submitter_phone and each.submitter_phone not in phones:
            phones.add(each.submitter_phone)
            engine.text_submitter(each, text)


# ---------------------------------------------------------------- rating without an account


@transaction.atomic
def do_rate_with_code(
    case: Case, *, code: str, rating: str, resolved: bool | None, note: str = ""
) -> Case:
    """R29: a resident who is not logged in rates the reply, proving the case is theirs with its
    number and tracking code (the same proof that opens the tracking page).

    The declared `rate` transition admits the SUBMITTER pseudo-role only for a logged-in
    submitter; this is the one other way in. A wrong code is refused (403, never a hint which
    part was wrong); the state must still allow rating (409). The conclusion is the same as
    `do_rate`, recorded without an actor and with `proof: tracking_code` in the Action's data and
    the audit row.
    """
    if not code_matches(case, code):
        raise PermissionDenied("编号或查询码不正确")
    case = engine.lock_case(case)
    transition = engine.check_transition(case, "rate", None, {"rating": rating})
    _rating_fields(rating, resolved)
    return _conclude(
        case,
        transition,
        actor=None,
        rating=rating,
        resolved=resolved,
        note=note,
        proof="tracking_code",
    )
