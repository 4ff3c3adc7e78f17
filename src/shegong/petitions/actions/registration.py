"""Registering a petition from any channel (R1, R2, R7, R9) and starting its first clocks.

A 信访部门 that registers a petition has 15 days to forward or assign it (R3); any other organ
that receives one directly has 15 days to give written notice (R4), unless the petitioner's
name or address is unclear.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from shegong.accounts.models import OrgUnit, UnitKind, User
from shegong.cases import actions as engine
from shegong.cases.models import Case, Category, Channel
from shegong.cases.queries import unit_staff
from shegong.lib import idcard
from shegong.lib.crypto import lookup_hash
from shegong.petitions.actions.common import acting_unit, hand_to
from shegong.petitions.actions.protections import report_major
from shegong.petitions.models import (
    MAX_REPRESENTATIVES,
    Classification,
    Petition,
    Route,
)
from shegong.petitions.procedure import PETITIONS
from shegong.petitions.queries import receiving_office

# R1: the five channels of 条例 第17条.
PETITION_CHANNELS = (Channel.NETWORK, Channel.LETTER, Channel.HOTLINE, Channel.FAX, Channel.VISIT)
ORAL_CHANNELS = (Channel.HOTLINE, Channel.VISIT)
ROUTE_DAYS = 15  # R3 (and again after an R5 objection sends the matter back)
NOTICE_DAYS = 15  # R4, R5


@dataclass
class PetitionData:
    """What staff enter when a petition arrives (R2: name, address, request, facts, reasons)."""

    name: str
    address: str
    request: str
    facts: str
    reasons: str
    channel: str
    classification: str
    received_at: datetime
    region_code: str = ""
    title: str = ""
    phone: str = ""
    id_number: str = ""
    law_related: bool = False
    oral: bool = False
    oral_record: str = ""
    representatives: list[str] = field(default_factory=list)
    headcount: int = 1
    respondent_unit: OrgUnit | None = None
    accused_unit: OrgUnit | None = None
    accused_user: User | None = None
    accused_name: str = ""
    contact_unclear: bool = False
    major: bool = False
    category: Category | None = None  # 事项分类: the domains of the R19 annual report


def check_petition(data: PetitionData) -> None:
    """R1, R2, R7, R9: every error at once, in Chinese; nothing is written when one is found."""
    errors = _content_errors(data) | _channel_errors(data) | _group_errors(data)
    if data.classification not in Classification.values:
        errors["classification"] = "请选择信访事项类别：建议意见、检举控告或申诉求决"
    if data.received_at > timezone.now():
        errors["received_at"] = "收到日期不能晚于今天"
    if data.id_number and not idcard.is_valid(data.id_number):
        errors["id_number"] = "身份证号码校验不通过"
    if data.category is not None and not data.category.is_active:
        errors["category"] = f"事项分类“{data.category.name}”已停用，请另选"
    if errors:
        raise ValidationError(errors)


def _content_errors(data: PetitionData) -> dict[str, str]:
    """R2: 姓名(名称), 住址, 请求, 事实, 理由; an unclear name or address is allowed but flagged."""
    required = {"request": "信访请求", "facts": "事实", "reasons": "理由"}
    if not data.contact_unclear:
        required = {"name": "姓名(名称)", "address": "住址", **required}
    return {
        name: f"请填写{label}"
        for name, label in required.items()
        if not str(getattr(data, name)).strip()
    }


def _channel_errors(data: PetitionData) -> dict[str, str]:
    """R1: one of the five channels; R2: an oral petition (by phone or visit) keeps its record."""
    if data.channel not in PETITION_CHANNELS:
        return {"channel": "信访渠道应为信息网络、书信、电话、传真或走访（R1）"}
    if data.oral and data.channel not in ORAL_CHANNELS:
        return {"oral": "只有电话或走访可以口头提出信访事项"}
    if data.oral and not data.oral_record.strip():
        return {"oral_record": "口头信访应当如实记录信访人的原话（R2）"}
    return {}


def _group_errors(data: PetitionData) -> dict[str, str]:
    """R7: a group visit names at most five representatives."""
    names = [n.strip() for n in data.representatives if n.strip()]
    if len(names) > MAX_REPRESENTATIVES:
        return {"representatives": f"多人走访应当推选代表，代表人数不超过 {MAX_REPRESENTATIVES} 人"}
    if data.headcount < 1:
        return {"headcount": "来访人数至少为 1"}
    return {}


def petitioner_key(name: str, id_number: str, phone: str) -> str:
    """A keyed hash that finds the same petitioner again (R8, R14): ID number, else name+phone."""
    if id_number.strip():
        return lookup_hash(f"id:{id_number}")
    return lookup_hash(f"np:{name.strip()}|{phone.strip()}")


@transaction.atomic
def do_register_petition(
    data: PetitionData, *, actor: User, client_token: str | None = None
) -> engine.IntakeResult:
    """R1: register a petition on receipt; a retry with the same client token returns it again.

    The registering unit holds the case. A 信访部门 gets the R3 clock (forward or assign within
    15 days of receipt); any other organ the R4 clock (written notice within 15 days), which is
    not started when the petitioner's name or address is unclear.
    """
    unit = acting_unit(actor)
    check_petition(data)
    return _register(data, unit, actor=actor, client_token=client_token)


@transaction.atomic
def do_submit_online_petition(
    data: PetitionData, *, client_token: str | None = None
) -> engine.IntakeResult:
    """R1 信息网络: a petitioner files online; received now, by the 信访部门 of the place.

    What only staff may set (the channel, the receipt time, 重大紧急, the units concerned, an
    unclear name or address) is fixed here, whatever was sent. The office holds the case with
    its R3 clock, and its staff are told at once.
    """
    data = replace(
        data,
        channel=Channel.NETWORK,
        received_at=timezone.now(),
        title="",
        law_related=False,
        oral=False,
        oral_record="",
        representatives=[],
        headcount=1,
        contact_unclear=False,
        major=False,
        respondent_unit=None,
        accused_unit=None,
        accused_user=None,
    )
    check_petition(data)
    office = receiving_office(data.region_code)  # R1, R3
    result = _register(data, office, actor=None, client_token=client_token)
    if result.created:
        engine.notify(unit_staff(office), result.case, _arrival_notice(result.case, data))
    return result


def _arrival_notice(case: Case, data: PetitionData) -> str:
    """What the office's staff are told; an accusation's content stays on its page (R15)."""
    if data.classification == Classification.ACCUSATION:
        return f"收到网上检举控告事项 {case.number}，请登录查看并核定被检举控告对象"
    return f"收到网上信访事项 {case.number}：{case.title}，请于 {ROUTE_DAYS} 日内转送或交办"


def _register(
    data: PetitionData, unit: OrgUnit, *, actor: User | None, client_token: str | None
) -> engine.IntakeResult:
    result = engine.do_intake(
        PETITIONS, _intake(data, unit), actor=actor, client_token=client_token
    )
    if not result.created:
        return result
    case = result.case
    Petition.objects.create(**_petition_fields(data), case=case, registered_by_unit=unit)
    hand_to(case, unit, actor=actor, note="登记")
    case.save(update_fields=["lead_unit"])
    _start_first_clock(case, unit, data)
    if data.major and actor is not None:
        report_major(case, actor=actor, note="登记时认定为重大、紧急信访事项")
    return result


def _intake(data: PetitionData, unit: OrgUnit) -> engine.IntakeData:
    content = (
        f"请求：{data.request.strip()}\n事实：{data.facts.strip()}\n理由：{data.reasons.strip()}"
    )
    return engine.IntakeData(
        title=(data.title or data.request).strip()[:200],
        content=content,
        region_code=data.region_code or unit.region_code,
        channel=data.channel,
        subtype=data.classification,
        category=data.category,
        submitter_name=data.name,
        submitter_phone=data.phone,
        received_at=data.received_at,
        data={"oral": data.oral},
    )


def _petition_fields(data: PetitionData) -> dict[str, object]:
    return {
        "classification": data.classification,
        "law_related": data.law_related,
        "address": data.address.strip(),
        "id_number": data.id_number.strip().upper(),
        "petitioner_key": petitioner_key(data.name, data.id_number, data.phone),
        "request": data.request.strip(),
        "facts": data.facts.strip(),
        "reasons": data.reasons.strip(),
        "oral": data.oral,
        "oral_record": data.oral_record.strip(),
        "representatives": [n.strip() for n in data.representatives if n.strip()],
        "headcount": data.headcount,
        "respondent_unit": data.respondent_unit,
        "accused_unit": data.accused_unit,
        "accused_user": data.accused_user,
        "accused_name": data.accused_name.strip(),
        "contact_unclear": data.contact_unclear,
        "major": data.major,
        "route": Route.DIRECT,
    }


def _start_first_clock(case: Case, unit: OrgUnit, data: PetitionData) -> None:
    if unit.kind == UnitKind.PETITION:
        engine.start_clock(
            case,
            "route",
            "转送交办时限",
            start=case.received_at,
            amount=ROUTE_DAYS,
            unit="days",
            org_unit=unit,
        )  # R3
    elif not data.contact_unclear:
        engine.start_clock(
            case,
            "notice",
            "书面告知时限",
            start=case.received_at,
            amount=NOTICE_DAYS,
            unit="days",
            org_unit=unit,
        )  # R4
