"""The API fields of each 接诉即办 action, and how each calls its `do_*` action."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from pydantic import BaseModel, Field

from shegong.accounts.models import OrgUnit, User
from shegong.appeals import actions
from shegong.cases.handlers import VerbHandler, register_handlers
from shegong.cases.models import Case
from shegong.cases.queries import access_case
from shegong.lib import regioncodes


class NoteIn(BaseModel):
    note: str = Field("", max_length=2000)


class RequiredNoteIn(BaseModel):
    note: str = Field(min_length=1, max_length=2000)


class TriageIn(BaseModel):
    outcome: str
    note: str = Field("", max_length=2000)


class ReplyIn(BaseModel):
    reply: str = Field(min_length=1, max_length=5000)


class DispatchIn(BaseModel):
    unit_id: int | None = None
    co_unit_ids: list[int] = []
    urgency: str | None = None
    note: str = Field("", max_length=2000)


class ObjectIn(BaseModel):
    reason: str = Field(min_length=1, max_length=2000)


class ReviewIn(BaseModel):
    upheld: bool
    note: str = Field("", max_length=2000)
    new_unit_id: int | None = None


class ExtendIn(BaseModel):
    reason: str = Field(min_length=1, max_length=2000)
    explanation: str = Field(min_length=1, max_length=2000)
    days: int = Field(0, ge=0, le=60)
    hours: int = Field(0, ge=0, le=720)


class WhistleIn(BaseModel):
    unit_ids: list[int] = Field(min_length=1)
    note: str = Field("", max_length=2000)


class RatingIn(BaseModel):
    rating: str
    resolved: bool | None = None
    note: str = Field("", max_length=2000)


class MergeIn(BaseModel):
    into: str = Field(min_length=1, max_length=20)
    note: str = Field("", max_length=2000)


def dispatchable_units(case: Case) -> QuerySet[OrgUnit]:
    """Units whose area covers the case (a city department, the county …) or lies inside the
    case's county (a township, a village)."""
    county = case.region_code[:6]
    ancestors = regioncodes.lineage(case.region_code)
    low, high = regioncodes.subtree_range(county.ljust(12, "0"))
    return OrgUnit.objects.filter(is_active=True).filter(
        Q(region_code__in=ancestors) | Q(region_code__gte=low, region_code__lte=high)
    )


def dispatchable_unit(case: Case, unit_id: int) -> OrgUnit:
    """One of `dispatchable_units`, or a field error."""
    unit = dispatchable_units(case).filter(pk=unit_id).first()
    if unit is None:
        raise ValidationError({"unit_id": "该单位不存在或不能承办本区域的工单"})
    return unit


def _dispatch(case: Case, actor: User, data: DispatchIn) -> Case:
    unit = dispatchable_unit(case, data.unit_id) if data.unit_id else None
    co_units = [dispatchable_unit(case, pk) for pk in data.co_unit_ids]
    return actions.do_dispatch(
        case, actor=actor, unit=unit, co_units=co_units, urgency=data.urgency, note=data.note
    )


def _review(case: Case, actor: User, data: ReviewIn) -> Case:
    new_unit = dispatchable_unit(case, data.new_unit_id) if data.new_unit_id else None
    return actions.do_review_objection(
        case, actor=actor, upheld=data.upheld, note=data.note, new_unit=new_unit
    )


def _whistle(case: Case, actor: User, data: WhistleIn) -> Case:
    units = [dispatchable_unit(case, pk) for pk in data.unit_ids]
    return actions.do_whistle(case, actor=actor, units=units, note=data.note)


def _merge(case: Case, actor: User, data: MergeIn) -> Case:
    return actions.do_merge(case, actor=actor, into=access_case(actor, data.into), note=data.note)


def _object(case: Case, actor: User, data: ObjectIn) -> Any:
    return actions.do_object(case, actor=actor, reason=data.reason)


HANDLERS: dict[str, VerbHandler] = {
    "triage": VerbHandler(
        TriageIn, lambda c, a, d: actions.do_triage(c, actor=a, outcome=d.outcome, note=d.note)
    ),
    "answer": VerbHandler(ReplyIn, lambda c, a, d: actions.do_answer(c, actor=a, reply=d.reply)),
    "dispatch": VerbHandler(DispatchIn, _dispatch),
    "accept": VerbHandler(NoteIn, lambda c, a, d: actions.do_accept(c, actor=a, note=d.note)),
    "object": VerbHandler(ObjectIn, _object),
    "review_objection": VerbHandler(ReviewIn, _review),
    "extend": VerbHandler(
        ExtendIn,
        lambda c, a, d: actions.do_extend(
            c, actor=a, reason=d.reason, explanation=d.explanation, days=d.days, hours=d.hours
        ),
    ),
    "whistle": VerbHandler(WhistleIn, _whistle),
    "report_in": VerbHandler(
        RequiredNoteIn, lambda c, a, d: actions.do_report_in(c, actor=a, note=d.note)
    ),
    "reply": VerbHandler(ReplyIn, lambda c, a, d: actions.do_reply(c, actor=a, reply=d.reply)),
    "follow_up": VerbHandler(
        RatingIn,
        lambda c, a, d: actions.do_follow_up(
            c, actor=a, rating=d.rating, resolved=d.resolved, note=d.note
        ),
    ),
    "rate": VerbHandler(
        RatingIn,
        lambda c, a, d: actions.do_rate(
            c, actor=a, rating=d.rating, resolved=d.resolved, note=d.note
        ),
    ),
    "merge": VerbHandler(MergeIn, _merge),
    "supervise": VerbHandler(
        RequiredNoteIn, lambda c, a, d: actions.do_supervise(c, actor=a, note=d.note)
    ),
}

register_handlers("appeals", HANDLERS)
