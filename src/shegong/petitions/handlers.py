"""The 信访 verbs of `POST /api/v1/cases/{number}/actions/{verb}`: a schema and a call each."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from pydantic import BaseModel, Field

from shegong.accounts.models import OrgUnit, User
from shegong.cases.handlers import VerbHandler, register_handlers
from shegong.cases.models import Case
from shegong.petitions import actions


class NoteIn(BaseModel):
    note: str = ""


class RequiredNoteIn(BaseModel):
    note: str = Field(min_length=1)


class UnitIn(BaseModel):
    unit: int
    note: str = ""


class AssignIn(UnitIn):
    due_on: date


class ReasonIn(BaseModel):
    reason: str = Field(min_length=1)


class DeclineIn(BaseModel):
    reason: str
    related: str = ""  # the earlier case's number (R8, R14)
    note: str = ""


class ExtendIn(BaseModel):
    days: int
    reason: str = Field(min_length=1)
    approver: int


class MediateIn(BaseModel):
    kind: str
    agreement: str = Field(min_length=1)
    parties: list[str]


class OpinionIn(BaseModel):
    request: str = ""
    facts_and_reasons: str = ""
    opinion: str = ""
    legal_basis: str = ""
    outcome: str = ""
    adoption: str = ""
    completion_report: str = ""

    def to_opinion(self) -> actions.Opinion:
        return actions.Opinion(
            request=self.request,
            facts_and_reasons=self.facts_and_reasons,
            opinion=self.opinion,
            legal_basis=self.legal_basis,
            outcome=self.outcome,
            adoption=self.adoption,
        )


class RequestIn(BaseModel):
    unit: int
    received_on: date


class HearingIn(BaseModel):
    action: str
    note: str = ""


class ClassifyIn(BaseModel):
    classification: str
    law_related: bool = False
    accused_unit: int | None = None
    accused_name: str = ""


def _classify(case: Case, actor: User, data: ClassifyIn) -> Case:
    accused = unit_of(data.accused_unit, "accused_unit") if data.accused_unit else None
    return actions.do_classify(
        case,
        actor=actor,
        classification=data.classification,
        law_related=data.law_related,
        accused_unit=accused,
        accused_name=data.accused_name,
    )


class RecuseIn(BaseModel):
    user: int
    reason: str = Field(min_length=1)


def unit_of(unit_id: int, field: str = "unit") -> OrgUnit:
    unit = OrgUnit.objects.filter(pk=unit_id, is_active=True).first()
    if unit is None:
        raise ValidationError({field: "单位不存在"})
    return unit


def user_of(user_id: int, field: str) -> User:
    user = User.objects.filter(pk=user_id, is_active=True).select_related("unit").first()
    if user is None:
        raise ValidationError({field: "人员不存在"})
    return user


def case_of(number: str) -> Case | None:
    return (
        Case.objects.filter(number=number.strip().upper(), kind="petition").first()
        if number
        else None
    )


def _decline(case: Case, actor: User, data: DeclineIn) -> Case:
    related = case_of(data.related)
    return actions.do_decline(
        case, actor=actor, reason=data.reason, related=related, note=data.note
    )


def _conclude(case: Case, actor: User, data: OpinionIn) -> Case:
    return actions.do_conclude(
        case, actor=actor, opinion=data.to_opinion(), completion_report=data.completion_report
    )


def _extend(case: Case, actor: User, data: ExtendIn) -> Case:
    approver = user_of(data.approver, "approver")
    return actions.do_extend(
        case, actor=actor, days=data.days, reason=data.reason, approver=approver
    )


HANDLERS: dict[str, VerbHandler] = {
    "classify": VerbHandler(ClassifyIn, _classify),
    "forward": VerbHandler(
        UnitIn, lambda c, a, d: actions.do_forward(c, actor=a, unit=unit_of(d.unit), note=d.note)
    ),
    "assign": VerbHandler(
        AssignIn,
        lambda c, a, d: actions.do_assign(
            c, actor=a, unit=unit_of(d.unit), due_on=d.due_on, note=d.note
        ),
    ),
    "accept": VerbHandler(NoteIn, lambda c, a, d: actions.do_accept(c, actor=a, note=d.note)),
    "object": VerbHandler(ReasonIn, lambda c, a, d: actions.do_object(c, actor=a, reason=d.reason)),
    "decline": VerbHandler(DeclineIn, _decline),
    "extend": VerbHandler(ExtendIn, _extend),
    "mediate": VerbHandler(
        MediateIn,
        lambda c, a, d: actions.do_mediate(
            c, actor=a, kind=d.kind, agreement=d.agreement, parties=d.parties
        ),
    ),
    "conclude": VerbHandler(OpinionIn, _conclude),
    "request_review": VerbHandler(
        RequestIn,
        lambda c, a, d: actions.do_request_review(
            c, actor=a, unit=unit_of(d.unit), received_on=d.received_on
        ),
    ),
    "conclude_review": VerbHandler(
        OpinionIn, lambda c, a, d: actions.do_conclude_review(c, actor=a, opinion=d.to_opinion())
    ),
    "request_re_review": VerbHandler(
        RequestIn,
        lambda c, a, d: actions.do_request_re_review(
            c, actor=a, unit=unit_of(d.unit), received_on=d.received_on
        ),
    ),
    "hearing": VerbHandler(
        HearingIn, lambda c, a, d: actions.do_hearing(c, actor=a, action=d.action, note=d.note)
    ),
    "conclude_re_review": VerbHandler(
        OpinionIn,
        lambda c, a, d: actions.do_conclude_re_review(c, actor=a, opinion=d.to_opinion()),
    ),
    "recuse": VerbHandler(
        RecuseIn,
        lambda c, a, d: actions.do_recuse(
            c, actor=a, user=user_of(d.user, "user"), reason=d.reason
        ),
    ),
    "report_major": VerbHandler(
        RequiredNoteIn, lambda c, a, d: actions.do_report_major(c, actor=a, note=d.note)
    ),
    "supervise": VerbHandler(
        RequiredNoteIn, lambda c, a, d: actions.do_supervise(c, actor=a, note=d.note)
    ),
}

register_handlers("petitions", HANDLERS)
