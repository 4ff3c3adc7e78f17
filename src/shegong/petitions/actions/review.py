"""复查 (R12) and 复核 (R13) by the next-higher level, and the end of the road (R14).

A request is valid only within 30 days of the day the petitioner received the written answer
(R21 counting). It goes to an organ one level above the one that answered, whose region
contains it; that organ answers in writing within 30 days. During a 复核 hearing the clock is
paused (R13). After 复核 the matter is closed for good: the same facts and reasons are 不再受理.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from shegong.accounts.models import OrgUnit, User
from shegong.cases import actions as engine
from shegong.cases.models import Case
from shegong.cases.queries import unit_staff
from shegong.lib import regioncodes
from shegong.petitions.actions.common import (
    check_no_interest,
    hand_to,
    locked,
    not_in_future,
    require_lead,
    start_of,
)
from shegong.petitions.actions.handling import Opinion, check_opinion, finish_stage
from shegong.petitions.models import DocumentKind, Petition, Stage
from shegong.workdays.queries import deadline

REQUEST_WINDOW_DAYS = 30  # R12, R13
ANSWER_DAYS = 30  # R12, R13
STAGES = {
    "request_review": (Stage.REVIEW, "review", "复查时限"),
    "request_re_review": (Stage.RE_REVIEW, "re_review", "复核时限"),
}


def request_window_end(answered_on: date) -> date:
    """The last day a 复查/复核 request may be received (R12/R13 with R21)."""
    return deadline(start_of(answered_on), REQUEST_WINDOW_DAYS, "days").last_day


def is_next_level_up(unit: OrgUnit, previous: OrgUnit) -> bool:
    """R12, R13: the reviewing organ sits one level above the one that answered, over its
    region (also what the request forms offer, petitions.forms.review_units)."""
    above = regioncodes.level_of(previous.region_code) - 1
    return regioncodes.level_of(unit.region_code) == above and regioncodes.contains(
        unit.region_code, previous.region_code
    )


def check_higher_level(unit: OrgUnit, previous: OrgUnit) -> None:
    """R12, R13: a request registered at any other organ is refused."""
    if not is_next_level_up(unit, previous):
        raise ValidationError({"unit": "复查、复核应当由原办理机关的上一级机关办理"})


@transaction.atomic
def do_request_review(
    case: Case, *, actor: User, unit: OrgUnit, received_on: date, verb: str = "request_review"
) -> Case:
    """R12 (and R13 through `do_request_re_review`): register the request at the higher level.

    `received_on` is the day the request reached that level (it may have come by post).
    """
    case, petition = locked(case)
    transition = engine.check_transition(
        case, verb, actor, {"unit": unit, "received_on": received_on}
    )
    check_request(petition, actor, unit, received_on)
    stage, clock_name, clock_label = STAGES[verb]
    previous = petition.handling_unit
    hand_to(case, unit, actor=actor, note=transition.label)
    engine.start_clock(
        case,
        clock_name,
        clock_label,
        start=start_of(received_on),
        amount=ANSWER_DAYS,
        unit="days",
        org_unit=unit,
    )
    petition.stage, petition.handling_unit = stage, unit
    petition.save(update_fields=["stage", "handling_unit"])
    engine.apply_transition(
        case,
        transition,
        actor=actor,
        note=f"{unit.name}收到{transition.label}",
        data={
            "unit": unit.pk,
            "unit_name": unit.name,
            "received_on": received_on.isoformat(),
            "previous_unit": previous.pk if previous else None,
        },
    )
    engine.notify(unit_staff(unit), case, f"信访事项 {case.number}：{transition.label}待办理")
    return case


def check_request(petition: Petition, actor: User, unit: OrgUnit, received_on: date) -> None:
    """R12, R13: after a written answer, within 30 days of it, at the next-higher level; and
    registered by staff of that level or above."""
    not_in_future(received_on, "received_on")
    if petition.reply_received_on is None or petition.handling_unit is None:
        raise engine.CaseConflictError("尚未出具书面答复，不能请求复查或复核")
    if received_on > request_window_end(petition.reply_received_on):
        raise ValidationError(
            {"received_on": "已超过收到书面答复之日起 30 日的请求期限（R12、R13）"}
        )
    check_higher_level(unit, petition.handling_unit)
    if (
        not actor.is_superuser
        and actor.unit is not None
        and not regioncodes.contains(actor.unit.region_code, unit.region_code)
    ):
        raise ValidationError({"unit": "只能登记本级或下级机关收到的请求"})


@transaction.atomic
def do_request_re_review(case: Case, *, actor: User, unit: OrgUnit, received_on: date) -> Case:
    """R13: the same, one level higher again, after the 复查意见书."""
    return do_request_review(
        case, actor=actor, unit=unit, received_on=received_on, verb="request_re_review"
    )


@transaction.atomic
def do_conclude_review(case: Case, *, actor: User, opinion: Opinion) -> Case:
    """R12: the 复查意见书, in writing, ends the review."""
    return _conclude(case, actor, opinion, "conclude_review", DocumentKind.REVIEW, "review")


@transaction.atomic
def do_conclude_re_review(case: Case, *, actor: User, opinion: Opinion) -> Case:
    """R13/R14: the 复核意见书 closes the matter for good."""
    return _conclude(
        case, actor, opinion, "conclude_re_review", DocumentKind.RE_REVIEW, "re_review"
    )


def _conclude(
    case: Case, actor: User, opinion: Opinion, verb: str, kind: DocumentKind, clock: str
) -> Case:
    case, petition = locked(case)
    transition = engine.check_transition(case, verb, actor, {"opinion": opinion.opinion})
    unit = require_lead(case, actor)
    check_no_interest(case, petition, actor)
    check_opinion(petition, opinion, completion_report=None)
    petition.outcome = opinion.outcome or petition.outcome
    finish_stage(
        case,
        petition,
        kind,
        actor=actor,
        unit=unit,
        opinion=opinion,
        clocks=(clock,),
        transition=transition,
    )
    return case


@transaction.atomic
def do_hearing(case: Case, *, actor: User, action: str, note: str = "") -> Case:
    """R13: a hearing pauses the 复核 clock; its time is not counted."""
    case, petition = locked(case)
    transition = engine.check_transition(case, "hearing", actor, {"action": action})
    require_lead(case, actor)
    check_no_interest(case, petition, actor)
    clocks = engine.running_clocks(case, "re_review")
    now = timezone.now()
    if action == "start" and all(c.paused_at is None for c in clocks):
        for clock in clocks:
            engine.pause_clock(clock, at=now)
    elif action == "end" and any(c.paused_at is not None for c in clocks):
        for clock in clocks:
            engine.resume_clock(clock, at=now)
    else:
        raise engine.CaseConflictError("听证尚未开始" if action == "end" else "听证已在进行中")
    label = "听证开始，复核期限暂停" if action == "start" else "听证结束，复核期限继续计算"
    engine.apply_transition(
        case, transition, actor=actor, note=note or label, data={"action": action}
    )
    return case
