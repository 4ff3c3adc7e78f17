"""Handling an accepted petition: extension (R11), mediation (R18), the 处理意见书 (R10, R6)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from shegong.accounts.models import OrgUnit, RoleCode, User
from shegong.cases import actions as engine
from shegong.cases.models import Case, Clock
from shegong.cases.procedure import Transition
from shegong.lib.pdf import chinese_date
from shegong.petitions.actions.common import (
    check_no_interest,
    last_day,
    locked,
    require_lead,
    start_of,
    text_issued,
)
from shegong.petitions.documents import issue_document
from shegong.petitions.models import (
    Adoption,
    Classification,
    DocumentKind,
    Outcome,
    Petition,
    Route,
)
from shegong.workdays.queries import deadline

MAX_EXTENSION_DAYS = 30  # R11
AGREEMENT_KINDS = {"mediation": "调解协议书", "settlement": "和解协议书"}


@dataclass
class Opinion:
    """R10: what a 处理意见书 (and a 复查/复核意见书) states."""

    request: str
    facts_and_reasons: str
    opinion: str
    legal_basis: str = ""
    outcome: str = ""
    adoption: str = ""


@transaction.atomic
def do_extend(case: Case, *, actor: User, days: int, reason: str, approver: User) -> Case:
    """R11: one extension of at most 30 days, approved by a 负责人 of the handling organ and
    explained to the petitioner in a 延期告知书."""
    case, petition = locked(case)
    transition = engine.check_transition(
        case, "extend", actor, {"days": days, "reason": reason, "approver": approver}
    )
    unit = require_lead(case, actor)
    check_no_interest(case, petition, actor)
    clock = _handling_clock(case)
    check_extension(clock.extensions, days, approver, unit)
    # R21 on the extra days: they count on from the current last day, which is not counted again.
    due = deadline(start_of(last_day(clock.due_at)), days, "days")
    engine.extend_clock(clock, by=due.due - clock.due_at)
    document = issue_document(
        case,
        DocumentKind.EXTENSION,
        actor=actor,
        unit=unit,
        context={
            "reason": reason,
            "days": days,
            "approver": approver.display_name,
            "due_on": chinese_date(due.last_day),
        },
    )
    engine.apply_transition(
        case,
        transition,
        actor=actor,
        note=f"延期 {days} 日：{reason}",
        data={
            "days": days,
            "approver": approver.pk,
            "approver_name": approver.display_name,
            "due_at": clock.due_at.isoformat(),
            "document": document.number,
        },
    )
    engine.text_submitter(case, f"您的信访事项 {case.number} 延期办理 {days} 日，理由：{reason}")
    return case


def check_extension(done: int, days: int, approver: User, unit: OrgUnit) -> None:
    """R11: one extension only, of 1 to 30 days, approved by a 负责人 of the handling organ."""
    if done >= 1:
        raise engine.CaseConflictError("办理期限只能延长一次（R11）")
    if not 1 <= days <= MAX_EXTENSION_DAYS:
        raise ValidationError({"days": f"延长期限为 1 至 {MAX_EXTENSION_DAYS} 日（R11）"})
    if not (approver.has_role(RoleCode.LEADER) and approver.unit_id == unit.pk):
        raise PermissionDenied("延期须经本机关负责人批准（R11）")


def _handling_clock(case: Case) -> Clock:
    """The running R11 clock (60 days from 受理) that an extension moves."""
    clocks = engine.running_clocks(case, "handling")
    if not clocks:
        raise engine.CaseConflictError("该信访事项没有正在计算的办理期限")
    return clocks[0]


@transaction.atomic
def do_mediate(case: Case, *, actor: User, kind: str, agreement: str, parties: list[str]) -> Case:
    """R18: a mediation or settlement reached in handling is stored as its 协议书."""
    case, petition = locked(case)
    transition = engine.check_transition(case, "mediate", actor, {"agreement": agreement})
    unit = require_lead(case, actor)
    check_no_interest(case, petition, actor)
    if kind not in AGREEMENT_KINDS:
        raise ValidationError({"kind": "请选择调解或和解"})
    if len([p for p in parties if p.strip()]) < 2:
        raise ValidationError({"parties": "协议应当写明双方当事人"})
    document = issue_document(
        case,
        DocumentKind.AGREEMENT,
        actor=actor,
        unit=unit,
        context={"title": AGREEMENT_KINDS[kind], "agreement": agreement, "parties": parties},
    )
    engine.apply_transition(
        case,
        transition,
        actor=actor,
        note=f"达成{AGREEMENT_KINDS[kind]}",
        data={"kind": kind, "document": document.number},
    )
    return case


def check_opinion(petition: Petition, opinion: Opinion, completion_report: str | None) -> None:
    """R10: a 申诉求决 opinion states request, facts and reasons, opinion, legal basis and one of
    支持/解释说明/不予支持; R6: an assigned (交办) matter needs its 办结报告."""
    errors: dict[str, str] = {}
    if not opinion.opinion.strip():
        errors["opinion"] = "请填写处理意见"
    if petition.classification == Classification.GRIEVANCE:
        errors |= _grievance_errors(opinion)
    if petition.classification == Classification.SUGGESTION and opinion.adoption not in (
        Adoption.values
    ):
        errors["adoption"] = "请选择采纳、部分采纳或未采纳"
    needs_report = completion_report is not None and petition.route == Route.ASSIGNED
    if needs_report and not (completion_report or "").strip():
        errors["completion_report"] = "交办事项办结时应当报送办结报告（R6）"
    if errors:
        raise ValidationError(errors)


def _grievance_errors(opinion: Opinion) -> dict[str, str]:
    errors = {}
    for name, label in (
        ("request", "投诉请求"),
        ("facts_and_reasons", "事实和理由"),
        ("legal_basis", "法律法规依据"),
    ):
        if not str(getattr(opinion, name)).strip():
            errors[name] = f"处理意见书应当载明{label}（R10）"
    if opinion.outcome not in Outcome.values:
        errors["outcome"] = "请选择支持、解释说明或不予支持（R10）"
    return errors


@transaction.atomic
def do_conclude(case: Case, *, actor: User, opinion: Opinion, completion_report: str = "") -> Case:
    """R10: the 信访处理意见书 ends first handling; the petitioner may ask for 复查 (R12)."""
    case, petition = locked(case)
    transition = engine.check_transition(case, "conclude", actor, {"opinion": opinion.opinion})
    unit = require_lead(case, actor)
    check_no_interest(case, petition, actor)
    check_opinion(petition, opinion, completion_report)
    petition.outcome = opinion.outcome
    petition.adoption = opinion.adoption
    petition.completion_report = completion_report.strip()
    finish_stage(
        case,
        petition,
        DocumentKind.OPINION,
        actor=actor,
        unit=unit,
        opinion=opinion,
        clocks=("handling", "assignment"),
        transition=transition,
    )
    return case


def finish_stage(
    case: Case,
    petition: Petition,
    kind: DocumentKind,
    *,
    actor: User,
    unit: OrgUnit,
    opinion: Opinion,
    clocks: tuple[str, ...],
    transition: Transition,
) -> None:
    """Stop the stage's clocks, issue its written answer and move the case; the window for the
    next request (R12, R13) counts from the day the answer is delivered online."""
    now = timezone.now()
    for name in clocks:
        engine.stop_clocks(case, name, at=now)
    document = issue_document(
        case, kind, actor=actor, unit=unit, context={"opinion": opinion, "petition": petition}
    )
    petition.reply_received_on = timezone.localdate()
    petition.save()
    case.reply, case.replied_at = opinion.opinion, now
    engine.apply_transition(
        case,
        transition,
        actor=actor,
        note=opinion.opinion,
        data={"document": document.number, "outcome": opinion.outcome},
    )
    text_issued(case, kind)
